/**
 * Asking Gemini for a summary of fit for one screening, and keeping it with the screening. Not
 * asked for a candidate who said no to AI scoring at any interview, or who asked for erasure:
 * their résumé does not go to an AI service either. Audited without any of the text: who
 * asked, for which screening, the model, and how many contact details were taken out.
 */
import { and, eq, isNotNull, or } from 'drizzle-orm';
import { candidates, consents, interviews, jobs } from '../../db/schema';
import { screenings } from '../../db/screening-schema';
import { StationError } from '../core/errors';
import { auditChange, found, type ManageContext } from '../manage/context';
import type { FitFeedback } from './fit-feedback';

/** Why the candidate's résumé may not go to an AI service; null when it may. */
export function aiRefusal(ctx: Pick<ManageContext, 'db'>, candidateId: number): string | null {
  const refused = ctx.db
    .select({ id: interviews.id })
    .from(interviews)
    .leftJoin(consents, eq(consents.interviewId, interviews.id))
    .where(
      and(
        eq(interviews.candidateId, candidateId),
        or(isNotNull(interviews.erasureRequestedAt), eq(consents.aiScoring, false)),
      ),
    )
    .get();
  return refused
    ? 'The candidate said no to AI scoring or asked for erasure, so their résumé is not sent to Gemini'
    : null;
}

/**
 * Sends the screening's résumé (cleaned) and job to Gemini and keeps the summary. A failure
 * is returned as the reason, in plain words; the offline screening stands either way.
 */
export async function summariseFit(
  ctx: ManageContext,
  feedback: FitFeedback,
  screeningId: number,
  resumeText: string | null,
): Promise<{ reason?: string }> {
  const { db } = ctx;
  const screening = found(
    db.select().from(screenings).where(eq(screenings.id, screeningId)).get(),
    'screening',
  );
  const job = found(db.select().from(jobs).where(eq(jobs.id, screening.jobId)).get(), 'job');
  const candidate = found(
    db.select().from(candidates).where(eq(candidates.id, screening.candidateId)).get(),
    'candidate',
  );
  if (!feedback.available()) {
    throw new StationError(
      'PRECONDITION_FAILED',
      'No Gemini key is configured: an admin can set one in Settings. The offline screening stands alone.',
    );
  }
  const refusal = aiRefusal(ctx, candidate.id);
  if (refusal) throw new StationError('PRECONDITION_FAILED', `${refusal}.`);
  if (!resumeText || resumeText.trim().length === 0 || !job.requirements) {
    throw new StationError(
      'PRECONDITION_FAILED',
      'This candidate has no résumé text to summarise. Upload a résumé first.',
    );
  }
  const outcome = await feedback.summarise(
    { title: job.title, description: job.description, requirements: job.requirements },
    resumeText,
    { fullName: candidate.fullName, email: candidate.email },
  );
  if (!outcome.ok) return { reason: `${outcome.reason}; the offline screening stands` };
  const now = ctx.now;
  db.update(screenings)
    .set({ fit: outcome.fit, fitAt: now })
    .where(eq(screenings.id, screeningId))
    .run();
  auditChange(
    ctx,
    'resume_fit_summarised',
    { type: 'candidate', id: candidate.id },
    {
      screeningId,
      jobId: job.id,
      provider: outcome.fit.provider,
      model: outcome.fit.model,
      removed: outcome.fit.removed,
    },
  );
  return {};
}
