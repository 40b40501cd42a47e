import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { desc } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { auditLog } from '../../db/schema';
import { createTestDb, seedTestInterview } from '../../db/test-db';
import { createTestStaff } from '../domain/test-staff';
import type { Services } from './services';
import { codeOf, createTestServices, signInStaff, stationCaller } from './test-router';

describe('assigning recruiters to jobs', () => {
  let db: Db;
  let services: Services;

  beforeEach(() => {
    db = createTestDb();
    services = createTestServices(db);
  });
  afterEach(() => {
    services.sessions.close();
    db.$client.close();
  });

  const manage = () => stationCaller(services).manage;

  it('lets an admin choose a recruiter’s jobs, audited, and the recruiter sees just those', async () => {
    const { jobId } = seedTestInterview(db, {
      questions: [{ type: 'text', readingSeconds: 5, answerSeconds: 5 }],
      candidateName: 'Grace Hopper',
      recruiterIds: [],
    });
    const alice = await createTestStaff(db, { username: 'alice', jobIds: [] });
    const admin = await createTestStaff(db, { username: 'admin', role: 'admin' });
    const [asAlice, asAdmin] = [
      await signInStaff(services, 'alice'),
      await signInStaff(services, 'admin'),
    ];
    expect(await manage().listInterviews({ token: asAlice })).toEqual([]);

    await manage().setStaffJobs({ token: asAdmin, userId: alice, jobIds: [jobId] });
    const listed = await manage().listInterviews({ token: asAlice });
    expect(listed.map((i) => i.candidateName)).toEqual(['Grace Hopper']);
    const staff = await manage().listStaff({ token: asAdmin });
    expect(staff.find((s) => s.id === alice)?.jobIds).toEqual([jobId]);
    const audit = db.select().from(auditLog).orderBy(desc(auditLog.id)).get();
    expect(audit).toMatchObject({
      action: 'staff_jobs_changed',
      actorId: admin,
      subjectType: 'user',
      subjectId: alice,
      details: { added: [jobId], removed: [] },
    });

    await manage().setStaffJobs({ token: asAdmin, userId: alice, jobIds: [] });
    expect(await manage().listInterviews({ token: asAlice })).toEqual([]);
  });

  it('refuses a recruiter, an admin as the one assigned, and a job that is not there', async () => {
    const alice = await createTestStaff(db, { username: 'alice' });
    const admin = await createTestStaff(db, { username: 'admin', role: 'admin' });
    const [asAlice, asAdmin] = [
      await signInStaff(services, 'alice'),
      await signInStaff(services, 'admin'),
    ];
    const call = (token: string, userId: number, jobIds: number[]) =>
      manage().setStaffJobs({ token, userId, jobIds }).catch(codeOf);
    expect(await call(asAlice, alice, [])).toBe('FORBIDDEN');
    expect(await call(asAdmin, admin, [])).toBe('BAD_REQUEST');
    expect(await call(asAdmin, alice, [404])).toBe('NOT_FOUND');
    expect(await call(asAdmin, 999, [])).toBe('NOT_FOUND');
  });
});
