/**
 * Opening a session, new or interrupted: the checks that say whether it may run, the rows
 * and audit entries that record it, and the live state the session runner then drives.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { interviews } from '../../db/schema';
import { recordAudit, type AuditEntry } from '../core/audit';
import { StationError } from '../core/errors';
import { latestNoticeConsent, noticeAgreed } from './consent';
import { newLiveSession, type LiveSession } from './live-session';
import {
  findSession,
  insertSession,
  loadInterviewQuestions,
  loadRetakesAllowed,
  reopenSession,
} from './session-store';

const ANOTHER_RUNNING = 'Another interview is running on this station.';

/** A new session for a checked-in, consenting candidate, at its first question's reading. */
export function openNewSession(
  db: Db,
  interviewId: number,
  now: number,
  anotherRunning: boolean,
): LiveSession {
  const interview = db.select().from(interviews).where(eq(interviews.id, interviewId)).get();
  if (!interview || interview.status !== 'checked_in') {
    throw new StationError('CONFLICT', 'This interview cannot be started. Please check in again.');
  }
  if (!noticeAgreed(latestNoticeConsent(db, interviewId))) {
    throw new StationError('PRECONDITION_FAILED', 'Please read the notice and give consent first.');
  }
  if (anotherRunning) throw new StationError('CONFLICT', ANOTHER_RUNNING);
  const questions = loadInterviewQuestions(db, interviewId);
  if (questions.length === 0) {
    throw new StationError('PRECONDITION_FAILED', 'This interview has no questions yet.');
  }
  const sessionId = insertSession(db, interviewId, questions, now);
  recordAudit(db, now, {
    actorKind: 'candidate',
    action: 'session_start',
    subjectType: 'session',
    subjectId: sessionId,
  });
  return newLiveSession({
    sessionId,
    interviewId,
    startedAt: now,
    questions,
    position: 0,
    phase: 'reading',
    phaseResumedAt: now,
    retakesAllowed: loadRetakesAllowed(db, interviewId),
  });
}

/** An interrupted session again, at the same question with the time that was left. */
export function reopenInterruptedSession(
  db: Db,
  sessionId: number,
  by: Pick<AuditEntry, 'actorKind' | 'actorId'>,
  now: number,
  runner: { isLive: boolean; anyLive: boolean },
): LiveSession {
  const session = findSession(db, sessionId);
  if (!session) throw new StationError('NOT_FOUND', 'There is no such interview to resume.');
  if (session.status === 'completed') {
    throw new StationError('CONFLICT', 'This interview is already finished and cannot be resumed.');
  }
  if (session.status !== 'interrupted' || runner.isLive) {
    throw new StationError('CONFLICT', 'This interview is already running.');
  }
  if (runner.anyLive) throw new StationError('CONFLICT', ANOTHER_RUNNING);
  reopenSession(db, session, now);
  recordAudit(db, now, {
    ...by,
    action: 'session_resume',
    subjectType: 'session',
    subjectId: sessionId,
    details: { position: session.currentPosition, phaseElapsedMs: session.phaseElapsedMs },
  });
  return newLiveSession({
    sessionId,
    interviewId: session.interviewId,
    startedAt: session.startedAt,
    questions: loadInterviewQuestions(db, session.interviewId),
    position: session.currentPosition,
    phase: session.phase,
    elapsedBefore: session.phaseElapsedMs,
    phaseResumedAt: now,
    retakesAllowed: loadRetakesAllowed(db, session.interviewId),
  });
}
