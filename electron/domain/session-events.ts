import type { SessionPhase } from '../../shared/enums';

/** One recorded attempt at an audio or video answer, on the session clock. */
export interface AnswerTake {
  answerId: number;
  kind: 'audio' | 'video';
  /** 1 for the first take, 2 after one retake… */
  attempt: number;
  startMs: number;
}

/** What the session runner tells of a session's life; the runner itself knows no devices. */
export interface SessionHooks {
  /** Whether audio and video answers can be recorded (a camera and microphone are set up). */
  readonly recordsAnswers?: boolean;
  /** The session (re)started running; `startedAt` is time 0 of its clock. */
  started(sessionId: number, startedAt: number): void;
  phase(sessionId: number, phase: SessionPhase): void;
  /** An audio or video answer started recording. */
  takeStarted?(sessionId: number, take: AnswerTake): void;
  /** It ended at `endMs`: `keep` false when the candidate chose to record it again. */
  takeEnded?(sessionId: number, take: AnswerTake, endMs: number, keep: boolean): void;
  ended(sessionId: number): void;
}

/** A listener of sessions' lives: it implements only the moments it cares about. */
export type SessionListener = Partial<Omit<SessionHooks, 'recordsAnswers'>>;

/**
 * The session runner's one outlet: every listener hears every moment of every session, in
 * the order they are listed (the composition root lists them, in electron/station/).
 */
export class SessionEvents implements SessionHooks {
  constructor(
    /** Whether the station records audio and video answers (it has capture). */
    readonly recordsAnswers: boolean,
    private readonly listeners: readonly SessionListener[],
  ) {}

  started(sessionId: number, startedAt: number): void {
    for (const listener of this.listeners) listener.started?.(sessionId, startedAt);
  }

  phase(sessionId: number, phase: SessionPhase): void {
    for (const listener of this.listeners) listener.phase?.(sessionId, phase);
  }

  takeStarted(sessionId: number, take: AnswerTake): void {
    for (const listener of this.listeners) listener.takeStarted?.(sessionId, take);
  }

  takeEnded(sessionId: number, take: AnswerTake, endMs: number, keep: boolean): void {
    for (const listener of this.listeners) listener.takeEnded?.(sessionId, take, endMs, keep);
  }

  ended(sessionId: number): void {
    for (const listener of this.listeners) listener.ended?.(sessionId);
  }
}
