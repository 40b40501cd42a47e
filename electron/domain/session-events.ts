import type { SessionPhase } from '../../shared/enums';

/** One recorded attempt at an audio or video answer, on the session clock. */
export interface AnswerTake {
  answerId: number;
  kind: 'audio' | 'video';
  /** 1 for the first take, 2 after one retake… */
  attempt: number;
  startMs: number;
}

/** What capture needs to know of a session's life; the runner itself knows no devices. */
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
