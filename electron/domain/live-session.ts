/**
 * A running session as the runner holds it in memory, and the arithmetic of its phase clock:
 * how long the current phase has run, its limit and what is left, and the view the
 * candidate's page gets. The runner owns the transitions; this file owns no state.
 */
import type { Db } from '../../db/open';
import type { AnswerTake } from './session-events';
import { findAnswer, type SessionQuestion } from './session-store';
import { type SessionPhase } from '../../shared/enums';
import { shownQuestion, type SessionView } from './session-view';

export interface LiveSession {
  sessionId: number;
  interviewId: number;
  startedAt: number;
  questions: SessionQuestion[];
  position: number;
  phase: SessionPhase;
  /** Time spent in the phase before `phaseResumedAt` (non-zero after a resume). */
  elapsedBefore: number;
  phaseResumedAt: number;
  timer: ReturnType<typeof setTimeout> | null;
  /** How many times each audio or video answer may be recorded again. */
  retakesAllowed: number;
  /** The audio or video answer being recorded now. */
  take: AnswerTake | null;
}

/** A session just (re)started: no timer armed and no take yet. */
export function newLiveSession(
  fields: Omit<LiveSession, 'timer' | 'take' | 'elapsedBefore'> & { elapsedBefore?: number },
): LiveSession {
  return { elapsedBefore: 0, ...fields, timer: null, take: null };
}

export function phaseLimit(live: LiveSession): number {
  const question = live.questions[live.position];
  if (!question) return 0;
  return live.phase === 'reading' ? question.readingMs : question.answerMs;
}

export function phaseElapsed(live: LiveSession, now: number): number {
  return live.elapsedBefore + (now - live.phaseResumedAt);
}

export function phaseRemaining(live: LiveSession, now: number): number {
  return Math.max(0, phaseLimit(live) - phaseElapsed(live, now));
}

/** What the candidate's page is shown of a running session. */
export function describeLive(
  db: Db,
  live: LiveSession,
  supported: ReadonlySet<SessionQuestion['type']>,
  now: number,
): SessionView {
  const question = live.questions[live.position];
  const answer = findAnswer(db, live.sessionId, live.position);
  return {
    sessionId: live.sessionId,
    status: 'active',
    position: live.position,
    total: live.questions.length,
    phase: live.phase,
    phaseLimitMs: phaseLimit(live),
    remainingMs: phaseRemaining(live, now),
    question: question ? shownQuestion(question, supported) : null,
    draft: { text: answer?.text ?? null, choice: answer?.choice ?? null },
    take: live.take
      ? {
          attempt: live.take.attempt,
          retakesLeft: Math.max(0, live.retakesAllowed + 1 - live.take.attempt),
        }
      : null,
  };
}
