/**
 * Screening a candidate's résumé for a job and what staff make of the suggestion. The score is
 * a suggestion only: accepting it, or setting another status, is a staff decision, audited,
 * and moves the application status of the candidate's interviews for that job.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { candidates, interviews, jobs } from '../../db/schema';
import { screenings } from '../../db/screening-schema';
import type { ApplicationStatus } from '../../shared/enums';
import type { ResumeFit, ScreeningResult } from '../../shared/job-requirements';
import type { Clock } from '../core/clock';
import { StationError } from '../core/errors';
import { auditChange, found, type ManageContext, type StaffActor } from '../manage/context';
import { noFitFeedback, type FitFeedback } from './fit-feedback';
import { summariseFit } from './fit-summaries';
import { screenResume } from './screen-resume';

/** The résumé text held for a candidate (the résumé store, wired at startup); null: none. */
export type ResumeTextSource = (db: Db, candidateId: number) => string | null;
export const noResumeTexts: ResumeTextSource = () => null;

export interface ScreeningView {
  id: number;
  candidateId: number;
  jobId: number;
  jobTitle: string;
  score: number;
  result: ScreeningResult;
  suggestedStatus: ApplicationStatus;
  acceptedStatus: ApplicationStatus | null;
  decidedAt: number | null;
  /** Gemini's summary of fit, when staff asked for one. */
  fit: ResumeFit | null;
  fitAt: number | null;
  createdAt: number;
}

/** Screens `text` against the job's requirements and keeps the result (not the text). */
export function screenCandidate(
  ctx: ManageContext,
  candidateId: number,
  jobId: number,
  text: string,
): ScreeningView {
  const { db, now } = ctx;
  found(
    db.select({ id: candidates.id }).from(candidates).where(eq(candidates.id, candidateId)).get(),
    'candidate',
  );
  const job = found(db.select().from(jobs).where(eq(jobs.id, jobId)).get(), 'job');
  if (!job.requirements || job.requirements.requirements.length === 0) {
    throw new StationError(
      'PRECONDITION_FAILED',
      `“${job.title}” has no requirements to screen against. Add them in Jobs first.`,
    );
  }
  const result = screenResume(text, job.requirements, { asOf: new Date(now) });
  const row = db
    .insert(screenings)
    .values({
      candidateId,
      jobId,
      score: result.score,
      result,
      suggestedStatus: result.suggestedStatus,
      createdAt: now,
    })
    .returning()
    .get();
  // The audit line says what was suggested, never what the résumé said.
  auditChange(
    ctx,
    'resume_screened',
    { type: 'candidate', id: candidateId },
    {
      jobId,
      screeningId: row.id,
      score: result.score,
      suggestedStatus: result.suggestedStatus,
    },
  );
  return { ...row, jobTitle: job.title };
}

/** The job a screening is for, so the router can check the caller may see it. */
export function screeningJob(db: Db, screeningId: number): { jobId: number; candidateId: number } {
  return found(
    db
      .select({ jobId: screenings.jobId, candidateId: screenings.candidateId })
      .from(screenings)
      .where(eq(screenings.id, screeningId))
      .get(),
    'screening',
  );
}

/**
 * Staff accept the suggested status (screening_accepted) or set another (screening_changed);
 * the candidate's interviews for the job take it as their application status.
 */
export function decideScreening(
  ctx: ManageContext,
  screeningId: number,
  status: ApplicationStatus,
): void {
  const { db, now } = ctx;
  const row = found(
    db.select().from(screenings).where(eq(screenings.id, screeningId)).get(),
    'screening',
  );
  db.transaction((tx) => {
    tx.update(screenings)
      .set({ acceptedStatus: status, decidedBy: ctx.actor.actorId, decidedAt: now })
      .where(eq(screenings.id, screeningId))
      .run();
    tx.update(interviews)
      .set({ applicationStatus: status })
      .where(and(eq(interviews.candidateId, row.candidateId), eq(interviews.jobId, row.jobId)))
      .run();
  });
  auditChange(
    ctx,
    status === row.suggestedStatus ? 'screening_accepted' : 'screening_changed',
    { type: 'candidate', id: row.candidateId },
    {
      screeningId,
      jobId: row.jobId,
      score: row.score,
      suggestedStatus: row.suggestedStatus,
      status,
      ...(row.acceptedStatus ? { previousStatus: row.acceptedStatus } : {}),
    },
  );
}

/** Each job's latest screening of a candidate, newest first. */
export function candidateScreenings(db: Db, candidateId: number): ScreeningView[] {
  const rows = db
    .select({ screening: screenings, jobTitle: jobs.title })
    .from(screenings)
    .innerJoin(jobs, eq(jobs.id, screenings.jobId))
    .where(eq(screenings.candidateId, candidateId))
    .orderBy(desc(screenings.createdAt), desc(screenings.id))
    .all();
  const seen = new Set<number>();
  const latest: ScreeningView[] = [];
  for (const { screening, jobTitle } of rows) {
    if (seen.has(screening.jobId)) continue;
    seen.add(screening.jobId);
    latest.push({ ...screening, jobTitle });
  }
  return latest;
}

/** The procedures' work, each with the database, the clock and the résumé text source. */
export class ScreeningService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly textOf: ResumeTextSource = noResumeTexts,
    private readonly fitFeedback: FitFeedback = noFitFeedback,
  ) {}

  /** Whether staff may ask Gemini for a summary of fit (a key is configured). */
  fitAvailable(): boolean {
    return this.fitFeedback.available();
  }

  /** Asks Gemini for a summary of fit; resolves with the reason when it could not give one. */
  async summariseFit(actor: StaffActor, screeningId: number): Promise<{ reason?: string }> {
    const { candidateId } = screeningJob(this.db, screeningId);
    return summariseFit(
      this.ctx(actor),
      this.fitFeedback,
      screeningId,
      this.textOf(this.db, candidateId),
    );
  }

  private ctx(actor: StaffActor): ManageContext {
    return { db: this.db, now: this.clock.now(), actor };
  }

  /** Screens the résumé text held for the candidate. */
  screen(actor: StaffActor, candidateId: number, jobId: number): ScreeningView {
    const text = this.textOf(this.db, candidateId);
    if (text === null || text.trim().length === 0) {
      throw new StationError(
        'PRECONDITION_FAILED',
        'This candidate has no résumé text to screen. Upload a résumé first.',
      );
    }
    return screenCandidate(this.ctx(actor), candidateId, jobId, text);
  }

  decide(actor: StaffActor, screeningId: number, status: ApplicationStatus): void {
    decideScreening(this.ctx(actor), screeningId, status);
  }

  jobOf(screeningId: number) {
    return screeningJob(this.db, screeningId);
  }

  forCandidate(candidateId: number): ScreeningView[] {
    return candidateScreenings(this.db, candidateId);
  }
}
