import { asc, count, eq, sql } from 'drizzle-orm';
import { interviews, jobs, questionnaires, staffJobs, users } from '../../db/schema';
import { ALL_JOBS, jobCondition, type JobScope } from '../domain/job-access';
import { StationError } from '../core/errors';
import { auditChange, found, plural, type ManageContext } from './context';
import type { ScreeningRequirements } from '../../shared/job-requirements';
import type { JobFields } from './schemas';

export interface JobListItem {
  id: number;
  title: string;
  department: string | null;
  description: string;
  domain: JobFields['domain'];
  requirements: ScreeningRequirements | null;
  interviewCount: number;
  questionnaireCount: number;
}

/** The jobs in scope, with how many interviews and questionnaires use each. */
export function listJobs(
  ctx: Pick<ManageContext, 'db'>,
  scope: JobScope = ALL_JOBS,
): JobListItem[] {
  const { db } = ctx;
  const interviewCounts = new Map(
    db
      .select({ jobId: interviews.jobId, n: count() })
      .from(interviews)
      .groupBy(interviews.jobId)
      .all()
      .map((r) => [r.jobId, r.n]),
  );
  const questionnaireCounts = new Map(
    db
      .select({ jobId: questionnaires.jobId, n: count() })
      .from(questionnaires)
      .groupBy(questionnaires.jobId)
      .all()
      .map((r) => [r.jobId, r.n]),
  );
  return db
    .select()
    .from(jobs)
    .where(jobCondition(scope, jobs.id))
    .orderBy(asc(jobs.title), asc(jobs.id))
    .all()
    .map((job) => ({
      id: job.id,
      title: job.title,
      department: job.department,
      description: job.description,
      domain: job.domain,
      requirements: job.requirements,
      interviewCount: interviewCounts.get(job.id) ?? 0,
      questionnaireCount: questionnaireCounts.get(job.id) ?? 0,
    }));
}

type Tx = Parameters<Parameters<ManageContext['db']['transaction']>[0]>[0];

/** Inserts a job; a recruiter who adds one is assigned to it, so it stays in their lists. */
export function insertJob(
  tx: Tx,
  actor: ManageContext['actor'],
  fields: JobFields,
): { id: number } {
  const job = tx
    .insert(jobs)
    .values({ ...fields, department: fields.department || null })
    .returning({ id: jobs.id })
    .get();
  if (actor.actorKind === 'recruiter') {
    // INSERT … SELECT: only for an account that is there (a test's actor may be made up).
    tx.run(
      sql`INSERT INTO ${staffJobs} (user_id, job_id) SELECT ${users.id}, ${job.id} FROM ${users} WHERE ${users.id} = ${actor.actorId}`,
    );
  }
  return job;
}

/** Creates a job (see insertJob), audited. */
export function createJob(ctx: ManageContext, fields: JobFields): { id: number } {
  const row = ctx.db.transaction((tx) => insertJob(tx, ctx.actor, fields));
  auditChange(ctx, 'job_created', { type: 'job', id: row.id }, { title: fields.title });
  return row;
}

export function updateJob(ctx: ManageContext, jobId: number, fields: JobFields): void {
  found(ctx.db.select({ id: jobs.id }).from(jobs).where(eq(jobs.id, jobId)).get(), 'job');
  ctx.db
    .update(jobs)
    .set({ ...fields, department: fields.department || null })
    .where(eq(jobs.id, jobId))
    .run();
  auditChange(ctx, 'job_updated', { type: 'job', id: jobId }, { title: fields.title });
}

/**
 * Deletes a job nobody has been interviewed for. Questionnaires written for it stay and
 * simply lose the link. A job with interviews stays, because their records name it.
 */
export function deleteJob(ctx: ManageContext, jobId: number): void {
  const job = found(ctx.db.select().from(jobs).where(eq(jobs.id, jobId)).get(), 'job');
  const used =
    ctx.db.select({ n: count() }).from(interviews).where(eq(interviews.jobId, jobId)).get()?.n ?? 0;
  if (used > 0) {
    throw new StationError(
      'CONFLICT',
      `“${job.title}” has ${plural(used, 'interview')}, so it stays for their records.`,
    );
  }
  ctx.db.transaction((tx) => {
    tx.update(questionnaires).set({ jobId: null }).where(eq(questionnaires.jobId, jobId)).run();
    tx.delete(jobs).where(eq(jobs.id, jobId)).run();
  });
  auditChange(ctx, 'job_deleted', { type: 'job', id: jobId }, { title: job.title });
}
