import type { Db } from '../../db/open';
import { users } from '../../db/schema';
import { hashSecret } from '../core/secrets';
import type { StaffRole } from './staff-auth';

export const TEST_STAFF_PASSWORD = 'correct horse battery staple';

/** Adds a staff account for tests; returns its id. */
export async function createTestStaff(
  db: Db,
  opts: { username?: string; role?: StaffRole; password?: string } = {},
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
  return row.id;
}
