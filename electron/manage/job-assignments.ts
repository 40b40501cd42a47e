import { eq, inArray } from 'drizzle-orm';
import { jobs, staffJobs, users } from '../../db/schema';
import { StationError } from '../core/errors';
import { auditChange, found, type ManageContext } from './context';

/** Every account's assigned job ids, by account id. */
export function assignedJobs(ctx: Pick<ManageContext, 'db'>): Map<number, number[]> {
  const byUser = new Map<number, number[]>();
  const rows = ctx.db.select().from(staffJobs).orderBy(staffJobs.jobId).all();
  for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row.jobId]);
  return byUser;
}

/**
 * Sets the jobs a recruiter hires for: from now on they see, review, export and are told about
 * only those jobs' interviews. Admins see every job, so they have no assignments to set.
 * Audited with the jobs added and removed.
 */
export function setStaffJobs(ctx: ManageContext, userId: number, jobIds: number[]): void {
  const user = found(ctx.db.select().from(users).where(eq(users.id, userId)).get(), 'account');
  if (user.role !== 'recruiter') {
    throw new StationError('BAD_REQUEST', 'Admins see every job; only recruiters are assigned.');
  }
  const wanted = [...new Set(jobIds)];
  const existing = ctx.db
    .select({ id: jobs.id })
    .from(jobs)
    .where(inArray(jobs.id, wanted))
    .all()
    .map((j) => j.id);
  if (existing.length !== wanted.length) {
    throw new StationError('NOT_FOUND', 'One of those jobs no longer exists. Refresh the list.');
  }
  const before = new Set(assignedJobs(ctx).get(userId) ?? []);
  const added = wanted.filter((id) => !before.has(id));
  const removed = [...before].filter((id) => !wanted.includes(id));
  if (added.length === 0 && removed.length === 0) return;
  ctx.db.transaction((tx) => {
    tx.delete(staffJobs).where(eq(staffJobs.userId, userId)).run();
    if (wanted.length > 0) {
      tx.insert(staffJobs)
        .values(wanted.map((jobId) => ({ userId, jobId })))
        .run();
    }
  });
  auditChange(ctx, 'staff_jobs_changed', { type: 'user', id: userId }, { added, removed });
}
