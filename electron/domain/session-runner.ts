import type { Db } from '../../db/open';
import { recordAudit, type AuditEntry } from '../core/audit';
import type { Clock } from '../core/clock';
import { StationError } from '../core/errors';
import { FullDiskGuard } from './full-disk-guard';
import { openNewSession, reopenInterruptedSession } from './session-opening';
import type { SessionHooks } from './session-events';
import { SessionListeners } from '../core/session-listeners';
import {
  completeSession,
  findAnswer,
  findSession,
  finaliseAnswer,
  countRetake,
  loadInterviewQuestions,
  markAnswerStarted,
  saveDraftAnswer,
  saveProgress,
  type SessionQuestion,
} from './session-store';
import { type SessionPhase } from '../../shared/enums';
import {
  describeLive,
  phaseElapsed,
  phaseLimit,
  phaseRemaining,
  type LiveSession,
} from './live-session';
import {
  checkDraft,
  completedView,
  firstPhase,
  isRecorded,
  supportedTypes,
  type SessionView,
} from './session-view';

// The phase timer fires this long after the deadline the candidate sees, so a draft the page
// flushes as its countdown reaches zero still lands.
export const DEADLINE_GRACE_MS = 500;
/** Who resumed a session, for its audit row: the candidate (by their code) or staff. */
export type ResumedBy = Pick<AuditEntry, 'actorKind' | 'actorId'>;
const CANDIDATE: ResumedBy = { actorKind: 'candidate' };
const HEARTBEAT_MS = 1000;
/** A deadline whose writes found the disk full is tried again this often until they land. */
const FULL_DISK_RETRY_MS = 1000;

/**
 * Runs interview sessions: main, not the page, owns every deadline. State is written to
 * SQLite on every transition and once a second, so a killed station resumes where it was.
 */
/** A session running now, as the monitor and the disk watch see it. */
export interface RunningSession {
  sessionId: number;
  /** Wall-clock time 0 of the session clock. */
  startedAt: number;
  phase: SessionPhase;
  position: number;
  total: number;
  since: number;
}

export class SessionRunner {
  private readonly live = new Map<number, LiveSession>();
  private readonly listeners = new SessionListeners<SessionView>();
  private readonly heartbeat: ReturnType<typeof setInterval>;
  private readonly supported: ReadonlySet<SessionQuestion['type']>;
  private readonly full: FullDiskGuard;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly onComplete: (interviewId: number) => void = () => {},
    private readonly hooks: SessionHooks | null = null,
    log: (line: string) => void = () => {},
  ) {
    this.supported = supportedTypes(hooks?.recordsAnswers ?? false);
    this.full = new FullDiskGuard(clock, log);
    // On a full disk the next beat tries again (the last progress that landed is what a
    // restart resumes from).
    this.heartbeat = setInterval(
      () => this.full.attempt('progress', () => this.persistAll()),
      HEARTBEAT_MS,
    );
    this.heartbeat.unref?.();
  }

  /** Starts the session for a checked-in, consenting candidate. */
  start(interviewId: number): number {
    return this.full.refuse(() => this.startSession(interviewId));
  }

  private startSession(interviewId: number): number {
    const now = this.clock.now();
    const live = openNewSession(this.db, interviewId, now, this.live.size > 0);
    this.live.set(live.sessionId, live);
    this.hooks?.started(live.sessionId, now);
    this.enterPhase(live, 0, firstPhase(live.questions[0], this.supported));
    return live.sessionId;
  }

  /** Resumes an interrupted session at the same question with the time that was left. */
  resume(sessionId: number, by: ResumedBy = CANDIDATE): { sessionId: number; interviewId: number } {
    return this.full.refuse(() => this.resumeSession(sessionId, by));
  }

  private resumeSession(
    sessionId: number,
    by: ResumedBy,
  ): { sessionId: number; interviewId: number } {
    const live = reopenInterruptedSession(this.db, sessionId, by, this.clock.now(), {
      isLive: this.live.has(sessionId),
      anyLive: this.live.size > 0,
    });
    this.live.set(sessionId, live);
    this.hooks?.started(sessionId, live.startedAt);
    this.hooks?.phase(sessionId, live.phase);
    // A recording cut off by the crash cannot be finished; a new take starts with the time left.
    if (live.phase === 'answering') this.startTake(live);
    this.armTimer(live);
    this.publish(live);
    return { sessionId, interviewId: live.interviewId };
  }

  /**
   * Hands a running session to a new page (the kiosk page was reloaded and lost its token).
   * Nothing restarts: the clock kept running in main all along.
   */
  reattach(
    sessionId: number,
    by: ResumedBy = CANDIDATE,
  ): { sessionId: number; interviewId: number } {
    const live = this.live.get(sessionId);
    if (!live) throw new StationError('CONFLICT', 'This interview is not running.');
    recordAudit(this.db, this.clock.now(), {
      ...by,
      action: 'session_reattach',
      subjectType: 'session',
      subjectId: sessionId,
      details: { position: live.position },
    });
    return { sessionId, interviewId: live.interviewId };
  }

  /** Sessions running now, for the start screen to offer back after a page reload. */
  running(): RunningSession[] {
    return [...this.live.values()].map((live) => ({
      sessionId: live.sessionId,
      startedAt: live.startedAt,
      phase: live.phase,
      position: live.position,
      total: live.questions.length,
      since: live.phaseResumedAt,
    }));
  }

  view(sessionId: number): SessionView {
    const live = this.live.get(sessionId);
    if (live) return this.describe(live);
    const session = findSession(this.db, sessionId);
    if (session?.status === 'completed') {
      const total = loadInterviewQuestions(this.db, session.interviewId).length;
      return completedView(sessionId, total);
    }
    throw new StationError(
      'CONFLICT',
      'This interview is not running. Ask the coordinator for help.',
    );
  }

  /** Ends the reading time early: the candidate is ready to answer. */
  beginAnswering(sessionId: number, position: number): SessionView {
    const live = this.requireCurrent(sessionId, position);
    if (live.phase === 'reading') {
      this.full.refuse(() => this.enterPhase(live, position, 'answering'));
    }
    return this.describe(live);
  }

  /** Autosaves what the candidate has typed or chosen so far. */
  saveDraft(sessionId: number, position: number, draft: { text?: string; choice?: number }): void {
    const live = this.requireCurrent(sessionId, position);
    if (live.phase !== 'answering') {
      throw new StationError('CONFLICT', 'Answering has not started for this question yet.');
    }
    checkDraft(live.questions[position], draft);
    const answer = findAnswer(this.db, sessionId, position);
    if (!answer) throw new StationError('NOT_FOUND', 'This answer could not be found.');
    // Refused, not swallowed: the page keeps the draft and says it is not saved yet.
    this.full.refuse(() => saveDraftAnswer(this.db, answer.id, draft, this.clock.now()));
  }

  /**
   * Throws away the audio or video answer being recorded and starts it again with the full
   * answer time, as often as the questionnaire allows.
   */
  retake(sessionId: number, position: number): SessionView {
    const live = this.requireCurrent(sessionId, position);
    const take = live.take;
    if (live.phase !== 'answering' || !take) {
      throw new StationError('CONFLICT', 'There is no recording to do again right now.');
    }
    if (take.attempt > live.retakesAllowed) {
      throw new StationError('CONFLICT', 'This answer cannot be recorded again.');
    }
    const now = this.clock.now();
    this.full.refuse(() => countRetake(this.db, take.answerId, now - live.startedAt, now));
    this.hooks?.takeEnded?.(sessionId, take, now - live.startedAt, false);
    live.take = null;
    live.elapsedBefore = 0;
    live.phaseResumedAt = now;
    this.startTake(live);
    this.persist(live);
    this.armTimer(live);
    this.publish(live);
    return this.describe(live);
  }

  /** The candidate is done with this question; the next one comes. */
  submit(sessionId: number, position: number): SessionView {
    const live = this.requireCurrent(sessionId, position);
    const question = live.questions[position];
    const supported = question ? this.supported.has(question.type) : false;
    if (supported && live.phase !== 'answering') {
      throw new StationError('CONFLICT', 'Answering has not started for this question yet.');
    }
    this.full.refuse(() => this.finish(live, supported ? 'submitted' : 'unsupported'));
    return this.view(sessionId);
  }

  /**
   * Ends a running session now, because the candidate withdrew consent: the answer under way
   * is left as it stands (its recording kept only if `keepTake`), the session is completed,
   * and capture hears `ended` at once. Returns the session-clock time it ended at.
   */
  endNow(sessionId: number, keepTake: boolean): number {
    const live = this.live.get(sessionId);
    if (!live) {
      throw new StationError(
        'CONFLICT',
        'This interview is not running. Ask the coordinator for help.',
      );
    }
    if (live.timer) clearTimeout(live.timer);
    live.timer = null;
    const now = this.clock.now();
    const endMs = now - live.startedAt;
    if (live.take) this.hooks?.takeEnded?.(live.sessionId, live.take, endMs, keepTake);
    live.take = null;
    const session = findSession(this.db, sessionId);
    if (session) completeSession(this.db, session, now, endMs);
    this.live.delete(sessionId);
    this.hooks?.ended(sessionId);
    this.listeners.emit(sessionId, completedView(sessionId, live.questions.length));
    this.onComplete(live.interviewId);
    return endMs;
  }

  subscribe(sessionId: number, listener: (view: SessionView) => void): () => void {
    return this.listeners.subscribe(sessionId, listener);
  }

  /** Listeners on a session (subscriptions must leave none behind). */
  listenerCount(sessionId: number): number {
    return this.listeners.count(sessionId);
  }

  isLive(sessionId: number): boolean {
    return this.live.has(sessionId);
  }

  /** Stops timers and writes the latest progress; sessions stay resumable. */
  close(): void {
    clearInterval(this.heartbeat);
    // On a full disk the last beat that landed is what a restart resumes from.
    this.full.attempt('the progress at close', () => this.persistAll());
    for (const live of this.live.values()) {
      if (live.timer) clearTimeout(live.timer);
      this.hooks?.ended(live.sessionId);
    }
    this.live.clear();
    this.listeners.clear();
  }

  private requireCurrent(sessionId: number, position: number): LiveSession {
    const live = this.live.get(sessionId);
    if (!live) {
      throw new StationError(
        'CONFLICT',
        'This interview is not running. Ask the coordinator for help.',
      );
    }
    if (live.position !== position) {
      throw new StationError(
        'CONFLICT',
        'Time for that question is over; the next one has started.',
        {
          position: live.position,
        },
      );
    }
    return live;
  }

  private enterPhase(live: LiveSession, position: number, phase: SessionPhase): void {
    const now = this.clock.now();
    live.position = position;
    live.phase = phase;
    live.elapsedBefore = 0;
    live.phaseResumedAt = now;
    if (phase === 'answering') {
      const answer = findAnswer(this.db, live.sessionId, position);
      if (answer && answer.startedMs === null) {
        markAnswerStarted(this.db, answer.id, now - live.startedAt, now);
      }
      this.startTake(live);
    }
    this.persist(live);
    this.hooks?.phase(live.sessionId, phase);
    this.armTimer(live);
    this.publish(live);
  }

  private armTimer(live: LiveSession): void {
    if (live.timer) clearTimeout(live.timer);
    const remaining = phaseRemaining(live, this.clock.now());
    // Only answers get the grace: reading time has no draft to flush.
    const grace = live.phase === 'answering' ? DEADLINE_GRACE_MS : 0;
    live.timer = setTimeout(() => this.onDeadlineSafely(live), remaining + grace);
    live.timer.unref?.();
  }

  /**
   * A deadline runs in a timer, where a throw would end the station. When its writes find the
   * disk full, nothing moved on yet (the answer is finalised first), so it is tried again
   * until space returns; if part of it did move on, the new phase gets its own timer.
   */
  private onDeadlineSafely(live: LiveSession): void {
    const { position, phase } = live;
    const what = `the deadline of question ${position + 1}`;
    if (this.full.attempt(what, () => this.onDeadline(live.sessionId))) return;
    if (!this.live.has(live.sessionId)) return;
    if (live.position !== position || live.phase !== phase) {
      this.armTimer(live);
      return;
    }
    live.timer = setTimeout(() => this.onDeadlineSafely(live), FULL_DISK_RETRY_MS);
    live.timer.unref?.();
  }

  private onDeadline(sessionId: number): void {
    const live = this.live.get(sessionId);
    if (!live) return;
    live.timer = null;
    const question = live.questions[live.position];
    if (live.phase === 'reading') {
      this.enterPhase(live, live.position, 'answering');
      return;
    }
    const supported = question ? this.supported.has(question.type) : false;
    this.finish(live, supported ? 'timed_out' : 'unsupported');
  }

  private finish(live: LiveSession, status: 'submitted' | 'timed_out' | 'unsupported'): void {
    if (live.timer) clearTimeout(live.timer);
    live.timer = null;
    const now = this.clock.now();
    if (live.take) {
      this.hooks?.takeEnded?.(live.sessionId, live.take, now - live.startedAt, true);
      live.take = null;
    }
    const question = live.questions[live.position];
    const answer = findAnswer(this.db, live.sessionId, live.position);
    if (question && answer) {
      finaliseAnswer(this.db, answer, question, {
        status,
        endedMs: now - live.startedAt,
        now,
      });
    }
    const next = live.position + 1;
    if (next < live.questions.length) {
      this.enterPhase(live, next, firstPhase(live.questions[next], this.supported));
      return;
    }
    const session = findSession(this.db, live.sessionId);
    if (session) completeSession(this.db, session, now, now - live.startedAt);
    recordAudit(this.db, now, {
      actorKind: 'candidate',
      action: 'session_complete',
      subjectType: 'session',
      subjectId: live.sessionId,
    });
    this.live.delete(live.sessionId);
    this.hooks?.ended(live.sessionId);
    this.listeners.emit(live.sessionId, completedView(live.sessionId, live.questions.length));
    this.onComplete(live.interviewId);
  }

  private persist(live: LiveSession): void {
    const now = this.clock.now();
    saveProgress(this.db, live.sessionId, {
      position: live.position,
      phase: live.phase,
      phaseElapsedMs: Math.min(phaseElapsed(live, now), phaseLimit(live)),
      now,
      clockMs: now - live.startedAt,
    });
  }

  private persistAll(): void {
    for (const live of this.live.values()) this.persist(live);
  }

  private describe(live: LiveSession): SessionView {
    return describeLive(this.db, live, this.supported, this.clock.now());
  }

  /** Starts recording the current question's answer, if it is an audio or video one. */
  private startTake(live: LiveSession): void {
    const question = live.questions[live.position];
    if (!isRecorded(question) || !this.supported.has(question.type)) return;
    const answer = findAnswer(this.db, live.sessionId, live.position);
    if (!answer) return;
    live.take = {
      answerId: answer.id,
      kind: question.type,
      attempt: answer.attempts + 1,
      startMs: this.clock.now() - live.startedAt,
    };
    this.hooks?.takeStarted?.(live.sessionId, live.take);
  }

  private publish(live: LiveSession): void {
    if (this.listeners.has(live.sessionId))
      this.listeners.emit(live.sessionId, this.describe(live));
  }
}
