/**
 * The optional `jobs` section of a question-bank file: each job's title, department, domain,
 * description and screening requirements, so a station's roles travel with its questions.
 * Export writes the jobs the exporting staff member may see; import adds the jobs whose title
 * the station does not have yet, checked with the same schema as the Jobs form.
 */
import { z } from 'zod';
import { jobs } from '../../db/schema';
import type { JobScope } from '../domain/job-access';
import type { ManageContext } from './context';
import { insertJob, listJobs } from './jobs';
import { jobFields, type JobFields } from './schemas';

export const MAX_IMPORT_JOBS = 200;

export const jobsSection = z
  .array(z.unknown(), { error: 'The file\'s "jobs" must be a list.' })
  .max(MAX_IMPORT_JOBS, `Import at most ${MAX_IMPORT_JOBS} jobs at a time.`)
  .optional();

export function exportedJobs(ctx: Pick<ManageContext, 'db'>, scope: JobScope): JobFields[] {
  return listJobs(ctx, scope).map((job) => ({
    title: job.title,
    department: job.department,
    description: job.description,
    domain: job.domain,
    // Left out rather than null when there are none, as files before requirements were.
    ...(job.requirements ? { requirements: job.requirements } : {}),
  }));
}

export interface JobProblem {
  field: string;
  message: string;
}

/** Checks every job of the file; the jobs to add, or what is wrong with which ("jobs.2.title"). */
export function checkJobs(
  ctx: Pick<ManageContext, 'db'>,
  raw: unknown[],
): { accepted: JobFields[]; problems: JobProblem[] } {
  const titleOf = (title: string) => title.replace(/\s+/g, ' ').trim().toLowerCase();
  const onStation = new Set(
    ctx.db
      .select({ title: jobs.title })
      .from(jobs)
      .all()
      .map((j) => titleOf(j.title)),
  );
  const seen = new Set<string>();
  const accepted: JobFields[] = [];
  const problems: JobProblem[] = [];
  raw.forEach((item, index) => {
    const at = `jobs.${index + 1}`;
    const parsed = jobFields.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({ field: [at, ...issue.path].join('.'), message: issue.message });
      }
      return;
    }
    const title = titleOf(parsed.data.title);
    if (seen.has(title)) {
      problems.push({
        field: `${at}.title`,
        message: 'Same job title as an earlier job of this file.',
      });
    } else if (onStation.has(title)) {
      problems.push({
        field: `${at}.title`,
        message: 'A job with this title is already on the station.',
      });
    } else accepted.push(parsed.data);
    seen.add(title);
  });
  return { accepted, problems };
}

/** Adds the checked jobs inside the import's transaction. */
export function insertJobs(
  tx: Parameters<Parameters<ManageContext['db']['transaction']>[0]>[0],
  actor: ManageContext['actor'],
  accepted: JobFields[],
): number[] {
  return accepted.map((fields) => insertJob(tx, actor, fields).id);
}
