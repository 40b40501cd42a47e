import { and, eq, gt } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { answers, auditLog, evaluations, interviews, scores, sessions } from '../../db/schema';
import { type APPLICATION_STATUSES } from '../../shared/enums';
import { recordAudit } from '../core/audit';
import { outboxHooks } from '../core/outbox-hooks';
import { StationError } from '../core/errors';
import type { StaffUser } from '../domain/staff-auth';
import type { SuggestionResponse } from '../../shared/answer-suggestion';
import { findSuggestion } from './answer-suggestions';

export type Decision = (typeof APPLICATION_STATUSES)[number];

const actorOf = (staff: StaffUser) => ({ actorKind: staff.role, actorId: staff.id });

/**
 * A recruiter's score (0–100) and notes for one answer. Scores are never overwritten: each
 * save is a new row, and the newest per recruiter is the one that counts, so the history of
 * who scored what stays readable.
 */
export function scoreAnswer(
  db: Db,
  now: number,
  staff: StaffUser,
  input: { answerId: number; score: number; notes: string; suggestionId?: number },
): { scoreId: number } {
  const found = db
    .select({ sessionId: answers.sessionId, status: sessions.status })
    .from(answers)
    .innerJoin(sessions, eq(sessions.id, answers.sessionId))
    .where(eq(answers.id, input.answerId))
    .get();
  if (!found) throw new StationError('NOT_FOUND', 'There is no such answer.');
  if (found.status === 'active') {
    throw new StationError(
      'PRECONDITION_FAILED',
      'This interview is still running. Score it once the candidate has finished.',
    );
  }
  const suggestion =
    input.suggestionId === undefined
      ? null
      : openSuggestion(db, input.answerId, input.suggestionId);
  return db.transaction((tx) => {
    if (suggestion) {
      const response = suggestion.score === input.score ? 'accepted' : 'changed';
      respond(db, now, staff, suggestion, response, { score: input.score });
    }
    const row = tx
      .insert(scores)
      .values({
        answerId: input.answerId,
        scorerKind: 'recruiter',
        scorerUserId: staff.id,
        score: input.score,
        rationale: input.notes.trim() || null,
        createdAt: now,
      })
      .returning({ id: scores.id })
      .get();
    outboxHooks(db)?.scoreAdded(row.id);
    // Same connection, so inside the transaction: the audit line and the change go together.
    recordAudit(db, now, {
      ...actorOf(staff),
      action: 'answer_scored',
      subjectType: 'answer',
      subjectId: input.answerId,
      details: { sessionId: found.sessionId, score: input.score },
    });
    return { scoreId: row.id };
  });
}

/** A recruiter set a scorer's suggestion aside: audited, and shown as ignored. */
export function ignoreSuggestion(
  db: Db,
  now: number,
  staff: StaffUser,
  input: { answerId: number; scoreId: number },
): void {
  const suggestion = openSuggestion(db, input.answerId, input.scoreId);
  db.transaction(() => respond(db, now, staff, suggestion, 'ignored', {}));
}

/** The suggestion a response names, still open; a clear error otherwise. */
function openSuggestion(db: Db, answerId: number, scoreId: number) {
  const suggestion = findSuggestion(db, answerId, scoreId);
  if (suggestion) return suggestion;
  const any = db.select().from(scores).where(eq(scores.id, scoreId)).get();
  if (any && any.answerId === answerId && any.response) {
    throw new StationError(
      'CONFLICT',
      'Someone has already responded to this suggestion. Reload the interview to see it.',
    );
  }
  throw new StationError('NOT_FOUND', 'There is no such suggestion for this answer.');
}

function respond(
  db: Db,
  now: number,
  staff: StaffUser,
  suggestion: typeof scores.$inferSelect,
  response: SuggestionResponse,
  details: { score?: number },
): void {
  db.update(scores)
    .set({ response, respondedBy: staff.id, respondedAt: now })
    .where(eq(scores.id, suggestion.id))
    .run();
  recordAudit(db, now, {
    ...actorOf(staff),
    action: `suggestion_${response}`,
    subjectType: 'answer',
    subjectId: suggestion.answerId,
    details: {
      suggestionId: suggestion.id,
      suggested: suggestion.score,
      scorer: suggestion.scorerKind,
      model: suggestion.model,
      ...details,
    },
  });
}

/** Records a decision on an interview and moves its application status to match. */
export function decide(
  db: Db,
  now: number,
  staff: StaffUser,
  input: { interviewId: number; decision: Decision; overallScore: number | null; notes: string },
): { evaluationId: number } {
  const interview = db
    .select({ id: interviews.id, applicationStatus: interviews.applicationStatus })
    .from(interviews)
    .where(eq(interviews.id, input.interviewId))
    .get();
  if (!interview) throw new StationError('NOT_FOUND', 'There is no such interview.');
  // A decision is on what the candidate did; an interview not taken or not finished has
  // nothing to decide on yet. An interrupted session can be decided, as it can be scored:
  // the candidate may never come back to it.
  const session = db
    .select({ status: sessions.status })
    .from(sessions)
    .where(eq(sessions.interviewId, input.interviewId))
    .get();
  if (!session) {
    throw new StationError(
      'PRECONDITION_FAILED',
      'This interview has not been taken yet. Decide once the candidate has taken it.',
    );
  }
  if (session.status === 'active') {
    throw new StationError(
      'PRECONDITION_FAILED',
      'This interview is still running. Decide once the candidate has finished.',
    );
  }
  return db.transaction((tx) => {
    const row = tx
      .insert(evaluations)
      .values({
        interviewId: input.interviewId,
        reviewerId: staff.id,
        decision: input.decision,
        overallScore: input.overallScore,
        notes: input.notes.trim() || null,
        createdAt: now,
      })
      .returning({ id: evaluations.id })
      .get();
    tx.update(interviews)
      .set({ applicationStatus: input.decision })
      .where(eq(interviews.id, input.interviewId))
      .run();
    outboxHooks(db)?.decisionSaved(row.id);
    recordAudit(db, now, {
      ...actorOf(staff),
      action: 'interview_decided',
      subjectType: 'interview',
      subjectId: input.interviewId,
      details: {
        decision: input.decision,
        previousStatus: interview.applicationStatus,
        overallScore: input.overallScore,
      },
    });
    return { evaluationId: row.id };
  });
}

/**
 * A reading of the same interview by the same person within this window is one view: the
 * screen refetches after every score, and each refetch is not a new look at the candidate.
 */
export const VIEW_WINDOW_MS = 10 * 60 * 1000;

/** Writes "this person opened this interview" to the audit log, once per sitting. */
export function recordView(db: Db, now: number, staff: StaffUser, interviewId: number): boolean {
  const recent = db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      and(
        gt(auditLog.at, now - VIEW_WINDOW_MS),
        eq(auditLog.action, 'session_viewed'),
        eq(auditLog.actorId, staff.id),
        eq(auditLog.subjectId, interviewId),
      ),
    )
    .get();
  if (recent) return false;
  recordAudit(db, now, {
    ...actorOf(staff),
    action: 'session_viewed',
    subjectType: 'interview',
    subjectId: interviewId,
  });
  return true;
}
