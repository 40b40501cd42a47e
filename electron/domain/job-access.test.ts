import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { auditLog, jobs, staffJobs } from '../../db/schema';
import { createTestDb } from '../../db/test-db';
import { grantExistingJobs, JobAccess } from './job-access';
import { createTestStaff } from './test-staff';

describe('the one-time grant of existing jobs', () => {
  let db: Db;
  beforeEach(() => {
    db = createTestDb();
  });
  afterEach(() => db.$client.close());

  const addJob = (title: string) =>
    db.insert(jobs).values({ title }).returning({ id: jobs.id }).get().id;

  it('assigns every recruiter to every job there is, once, so nobody loses their work', async () => {
    const [first, second] = [addJob('Analyst'), addJob('Builder')];
    const alice = await createTestStaff(db, { username: 'alice', jobIds: [] });
    const bob = await createTestStaff(db, { username: 'bob', jobIds: [] });
    const admin = await createTestStaff(db, { username: 'admin', role: 'admin' });
    expect(grantExistingJobs(db, 1000)).toBe(4);
    const access = new JobAccess(db);
    expect(access.scope({ id: alice, role: 'recruiter' })).toEqual({
      all: false,
      jobIds: [first, second],
    });
    expect(access.scope({ id: bob, role: 'recruiter' })).toEqual({
      all: false,
      jobIds: [first, second],
    });
    // Admins see every job without assignments.
    expect(access.scope({ id: admin, role: 'admin' })).toEqual({ all: true });
    expect(
      db
        .select()
        .from(auditLog)
        .all()
        .map((a) => a.action),
    ).toEqual(['staff_jobs_granted']);

    // Never again: a job made later, or an assignment an admin removed, stays as it is.
    db.delete(staffJobs).run();
    addJob('Later');
    expect(grantExistingJobs(db, 2000)).toBe(0);
    expect(db.select().from(staffJobs).all()).toEqual([]);
  });
});
