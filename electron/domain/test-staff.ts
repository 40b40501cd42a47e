import type { Db } from '../../db/open';
import { jobs, staffJobs, users } from '../../db/schema';
import { hashSecret } from '../core/secrets';
import type { StaffRole } from './staff-auth';

export const TEST_STAFF_PASSWORD = 'correct horse battery staple';

/**
 * Adds a staff account for tests; returns its id. A recruiter is assigned to `jobIds`, or to
 * every job existing now (as a station's one-time grant does), so tests written before
 * per-job access still see their interviews.
 */
export async function createTestStaff(
  db: Db,
  opts: { username?: string; role?: StaffRole; password?: string; jobIds?: number[] } = {},
): Promise<number> {
  const role = opts.role ?? 'recruiter';
  const row = db
    .insert(users)
    .values({
      username: opts.username ?? role,
      displayName: role === 'admin' ? 'Test Admin' : 'Test Recruiter',
      role,
      passwordHash: await hashSecret(opts.password ?? TEST_STAFF_PASSWORD),
      mustChangePassword: false,
    })
    .returning({ id: users.id })
    .get();
  if (role === 'recruiter') {
    const jobIds =
      opts.jobIds ??
      db
        .select({ id: jobs.id })
        .from(jobs)
        .all()
        .map((j) => j.id);
    for (const jobId of jobIds) db.insert(staffJobs).values({ userId: row.id, jobId }).run();
  }
  return row.id;
}
