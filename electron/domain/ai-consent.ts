/**
 * Whether an interview's answers may go to an AI scorer, asked right before each call (the
 * Gemini scorer's consentCheck): the interview allows AI scoring, the candidate said yes to it
 * on the notice they last agreed to, and has not withdrawn or asked for erasure since.
 */
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { consents, interviews } from '../../db/schema';

export function aiScoringConsented(db: Db, interviewId: number): boolean {
  const interview = db
    .select({ aiScoring: interviews.aiScoring, erasure: interviews.erasureRequestedAt })
    .from(interviews)
    .where(eq(interviews.id, interviewId))
    .get();
  if (!interview || !interview.aiScoring || interview.erasure !== null) return false;
  const last = db
    .select({ kind: consents.kind, aiScoring: consents.aiScoring, agreed: consents.agreed })
    .from(consents)
    .where(eq(consents.interviewId, interviewId))
    .orderBy(desc(consents.decidedAt), desc(consents.id))
    .all()
    .find((row) => row.kind !== 'biometric');
  // Only an explicit yes counts: not asked (null) is no consent.
  return last?.kind === 'notice' && last.agreed !== false && last.aiScoring === true;
}
