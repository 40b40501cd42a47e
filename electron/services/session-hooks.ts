import type { SessionPhase } from './session-store';

/** What capture needs to know of a session's life; the runner itself knows no devices. */
export interface SessionHooks {
  /** The session (re)started running; `startedAt` is time 0 of its clock. */
  started(sessionId: number, startedAt: number): void;
  phase(sessionId: number, phase: SessionPhase): void;
  ended(sessionId: number): void;
}
