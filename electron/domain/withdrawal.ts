import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { consents, interviews, sessions } from '../../db/schema';
import { recordAudit } from '../core/audit';
import { biometricReleased, latestNoticeConsent } from './consent';

/** What the candidate chose when withdrawing consent during the interview. */
export interface WithdrawalChoice {
  /** Keep the answers given so far for the application; false: delete everything. */
  keepAnswers: boolean;
}

export interface Withdrawal {
  /** Session-clock time (ms) of the withdrawal: where the reviewer's replay shows it. */
  atMs: number;
  at: number;
  keepAnswers: boolean;
  /** Set when the candidate asked for the interview to be deleted. */
  erasureRequestedAt: number | null;
}

/**
 * Records a withdrawal as a consent row of its own, and, when the candidate asked for it,
 * the erasure request the erase machinery honours (interviews.erasure_requested_at). Audited,
 * with no personal data in the details.
 */
export function recordWithdrawal(
  db: Db,
  interviewId: number,
  choice: WithdrawalChoice,
  atMs: number,
  now: number,
): Withdrawal {
  const notice = latestNoticeConsent(db, interviewId);
  db.transaction((tx) => {
    tx.insert(consents)
      .values({
        interviewId,
        kind: 'withdrawal',
        noticeVersion: notice?.noticeVersion ?? 'unknown',
        recording: false,
        signals: false,
        agreed: false,
        keepAnswers: choice.keepAnswers,
        atMs,
        decidedAt: now,
      })
      .run();
    if (!choice.keepAnswers) {
      tx.update(interviews)
        .set({ erasureRequestedAt: now })
        .where(eq(interviews.id, interviewId))
        .run();
    }
  });
  recordAudit(db, now, {
    actorKind: 'candidate',
    action: 'consent_withdrawn',
    subjectType: 'interview',
    subjectId: interviewId,
    details: { atMs, keepAnswers: choice.keepAnswers },
  });
  if (!choice.keepAnswers) {
    recordAudit(db, now, {
      actorKind: 'candidate',
      action: 'erasure_requested',
      subjectType: 'interview',
      subjectId: interviewId,
      details: { reason: 'consent_withdrawn' },
    });
  }
  return {
    atMs,
    at: now,
    keepAnswers: choice.keepAnswers,
    erasureRequestedAt: choice.keepAnswers ? null : now,
  };
}

/** The interview's withdrawal, if the candidate withdrew consent. */
export function findWithdrawal(db: Db, interviewId: number): Withdrawal | null {
  const row = db
    .select({ atMs: consents.atMs, at: consents.decidedAt, keepAnswers: consents.keepAnswers })
    .from(consents)
    .where(and(eq(consents.interviewId, interviewId), eq(consents.kind, 'withdrawal')))
    .orderBy(desc(consents.id))
    .get();
  if (!row) return null;
  const interview = db
    .select({ erasureRequestedAt: interviews.erasureRequestedAt })
    .from(interviews)
    .where(eq(interviews.id, interviewId))
    .get();
  return {
    atMs: row.atMs ?? 0,
    at: row.at,
    keepAnswers: row.keepAnswers ?? true,
    erasureRequestedAt: interview?.erasureRequestedAt ?? null,
  };
}

function interviewOfSession(db: Db, sessionId: number) {
  return db
    .select({ id: interviews.id, erasureRequestedAt: interviews.erasureRequestedAt })
    .from(sessions)
    .innerJoin(interviews, eq(interviews.id, sessions.interviewId))
    .where(eq(sessions.id, sessionId))
    .get();
}

/** Whether the candidate of this session asked for the interview to be deleted. */
export function erasureRequestedForSession(db: Db, sessionId: number): boolean {
  return (interviewOfSession(db, sessionId)?.erasureRequestedAt ?? null) !== null;
}

/** Whether the candidate of this session signed the biometric release. */
export function biometricReleasedForSession(db: Db, sessionId: number): boolean {
  const interview = interviewOfSession(db, sessionId);
  return interview ? biometricReleased(db, interview.id) : false;
}
