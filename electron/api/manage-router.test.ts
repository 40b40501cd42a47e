import { TRPCError } from '@trpc/server';
import { eq, or } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { auditLog, users } from '../../db/schema';
import { createTestDb } from '../../db/test-db';
import type { Clock } from '../core/clock';
import type { Services } from './services';
import { LOCKOUT_MS, MAX_FAILED_LOGINS } from '../domain/staff-auth';
import { createTestStaff, TEST_STAFF_PASSWORD } from '../domain/test-staff';
import { createTestServices, stationCaller } from './test-router';
const ADMIN_ONLY = [
  'listStaff',
  'createStaff',
  'resetStaffPassword',
  'unlockStaff',
  'setStaffActive',
] as const;

describe('manage router', () => {
  let db: Db;
  let services: Services;
  const now = Date.UTC(2026, 5, 1, 9);
  const clock: Clock = { now: () => now };
  let recruiterId: number;
  let adminId: number;

  beforeEach(async () => {
    db = createTestDb();
    services = createTestServices(db, {
      clock,
      config: { stationName: 'Lobby station', retentionDays: 30 },
    });
    recruiterId = await createTestStaff(db, { role: 'recruiter' });
    adminId = await createTestStaff(db, { role: 'admin' });
  });
  afterEach(() => {
    services.sessions.close();
    db.$client.close();
  });

  const caller = () => stationCaller(services);
  const signIn = async (username: string, password = TEST_STAFF_PASSWORD) =>
    (await caller().staff.login({ username, password })).token;
  const failure = (e: unknown) => {
    if (!(e instanceof TRPCError)) throw e;
    return { code: e.code, message: e.message };
  };

  it('takes a recruiter from an empty station to a printable invitation, auditing as them', async () => {
    const token = await signIn('recruiter');
    const m = caller().manage;
    const { id: jobId } = await m.createJob({
      token,
      job: {
        title: 'SOC Analyst',
        department: 'Security',
        description: '',
        domain: 'cybersecurity',
      },
    });
    const { id: questionId } = await m.createQuestion({
      token,
      question: {
        type: 'mcq',
        domain: 'cybersecurity',
        prompt: 'Which port does HTTPS use by default?',
        options: ['21', '80', '443'],
        correctOption: 2,
        readingSeconds: 10,
        answerSeconds: 45,
      },
    });
    const { id: questionnaireId } = await m.createQuestionnaire({
      token,
      questionnaire: { title: 'SOC screen', jobId, retakesAllowed: 0 },
    });
    await m.setQuestionnaireQuestions({ token, questionnaireId, questionIds: [questionId] });
    const { id: candidateId } = await m.createCandidate({
      token,
      candidate: { fullName: 'Katherine Johnson', email: '' },
    });
    const { id: interviewId, accessCode } = await m.scheduleInterview({
      token,
      interview: {
        candidateId,
        jobId,
        questionnaireId,
        expiresAt: now + 3 * 24 * 3600 * 1000,
        accommodations: { extraTimePercent: 25, candidateNotices: true },
        alternativePath: 'Ask at the front desk.',
        aiScoring: false,
      },
    });
    const invitation = await m.invitation({ token, interviewId });
    expect(accessCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(invitation).toMatchObject({
      candidateName: 'Katherine Johnson',
      jobTitle: 'SOC Analyst',
      stationName: 'Lobby station',
      questionCount: 1,
      expectedMinutes: 2,
    });
    const changes = db.select().from(auditLog).where(eq(auditLog.actorId, recruiterId)).all();
    expect(changes.map((c) => c.action)).toEqual([
      'login',
      'job_created',
      'question_created',
      'questionnaire_created',
      'questionnaire_questions_set',
      'candidate_created',
      'interview_scheduled',
      'invitation_viewed',
    ]);
    expect(new Set(changes.map((c) => c.actorKind))).toEqual(new Set(['recruiter']));
  });

  it('answers a malformed question with a readable BAD_REQUEST and a refusal with its own code', async () => {
    const token = await signIn('recruiter');
    const bad = await caller()
      .manage.createQuestion({
        token,
        question: {
          type: 'mcq',
          domain: 'ai_ml',
          prompt: 'One option only',
          options: ['yes'],
          correctOption: 0,
          readingSeconds: 10,
          answerSeconds: 30,
        },
      })
      .catch(failure);
    expect(bad).toEqual({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('at least 2 options') as string,
    });
    const missing = await caller().manage.deleteJob({ token, jobId: 4242 }).catch(failure);
    expect(missing).toEqual({
      code: 'NOT_FOUND',
      message: 'That job no longer exists. Refresh the list.',
    });
  });

  it('keeps staff accounts to admins: a recruiter gets FORBIDDEN on each', async () => {
    const token = await signIn('recruiter');
    const m = caller().manage;
    const inputs = {
      listStaff: { token },
      createStaff: { token, account: { username: 'eve', displayName: 'Eve', role: 'admin' } },
      resetStaffPassword: { token, userId: adminId },
      unlockStaff: { token, userId: adminId },
      setStaffActive: { token, userId: adminId, active: false },
    } as const;
    for (const name of ADMIN_ONLY) {
      const call = m[name] as (input: unknown) => Promise<unknown>;
      expect(await call(inputs[name]).catch(failure), name).toEqual({
        code: 'FORBIDDEN',
        message: 'Only an admin can do this.',
      });
    }
    expect(db.select().from(users).all()).toHaveLength(2);
  });

  it('lets an admin add an account with a one-time password, reset it, and unlock it', async () => {
    const token = await signIn('admin');
    const m = caller().manage;
    const created = await m.createStaff({
      token,
      account: { username: 'sam', displayName: 'Sam Recruiter', role: 'recruiter' },
    });
    expect(created.password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    const first = await caller().staff.login({ username: 'sam', password: created.password });
    expect(first.user.mustChangePassword).toBe(true);
    expect(
      await m
        .createStaff({ token, account: { username: 'sam', displayName: 'Again', role: 'admin' } })
        .catch(failure),
    ).toMatchObject({ code: 'CONFLICT' });

    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      await caller()
        .staff.login({ username: 'sam', password: 'wrong' })
        .catch(() => {});
    }
    const listed = await m.listStaff({ token });
    expect(listed.find((u) => u.username === 'sam')?.lockedUntil).toBe(now + LOCKOUT_MS);
    await m.unlockStaff({ token, userId: created.id });
    expect((await m.listStaff({ token })).find((u) => u.id === created.id)?.lockedUntil).toBeNull();

    const before = await caller().staff.login({ username: 'sam', password: created.password });
    const reset = await m.resetStaffPassword({ token, userId: created.id });
    expect(reset.password).not.toBe(created.password);
    // The reset ends the sign-ins made with the old password.
    expect(await caller().staff.me({ token: before.token }).catch(failure)).toMatchObject({
      code: 'UNAUTHORIZED',
    });
    await expect(
      caller().staff.login({ username: 'sam', password: reset.password }),
    ).resolves.toMatchObject({ user: { mustChangePassword: true } });
    expect(await m.resetStaffPassword({ token, userId: adminId }).catch(failure)).toMatchObject({
      code: 'BAD_REQUEST',
    });
    const actions = db.select().from(auditLog).where(eq(auditLog.actorId, adminId)).all();
    expect(actions.map((a) => [a.action, a.actorKind])).toEqual([
      ['login', 'admin'],
      ['staff_created', 'admin'],
      ['staff_unlocked', 'admin'],
      ['staff_password_reset', 'admin'],
    ]);
    // The one-time passwords are in no log line.
    expect(JSON.stringify(db.select().from(auditLog).all())).not.toContain(reset.password);
  });

  it('lets an admin switch an account off (its sign-ins end, it cannot sign in) and on again', async () => {
    const admin = await signIn('admin');
    const recruiter = await signIn('recruiter');
    const m = caller().manage;
    await m.setStaffActive({ token: admin, userId: recruiterId, active: false });
    expect(await caller().staff.me({ token: recruiter }).catch(failure)).toMatchObject({
      code: 'UNAUTHORIZED',
    });
    expect(
      await caller()
        .staff.login({ username: 'recruiter', password: TEST_STAFF_PASSWORD })
        .catch(failure),
    ).toEqual({
      code: 'FORBIDDEN',
      message: 'This account has been switched off. Ask an admin to switch it on again.',
    });
    // A wrong password still hears only the usual refusal: nothing says the name exists.
    expect(
      await caller().staff.login({ username: 'recruiter', password: 'wrong' }).catch(failure),
    ).toMatchObject({ code: 'UNAUTHORIZED' });
    const listed = await m.listStaff({ token: admin });
    expect(listed.find((u) => u.id === recruiterId)?.active).toBe(false);

    await m.setStaffActive({ token: admin, userId: recruiterId, active: true });
    await expect(signIn('recruiter')).resolves.toEqual(expect.any(String));
    // Nobody switches themselves off, so an active admin always remains.
    expect(
      await m.setStaffActive({ token: admin, userId: adminId, active: false }).catch(failure),
    ).toMatchObject({ code: 'BAD_REQUEST' });
    const actions = db
      .select()
      .from(auditLog)
      .where(or(eq(auditLog.subjectId, recruiterId), eq(auditLog.actorId, recruiterId)))
      .all()
      .map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['staff_deactivated', 'staff_reactivated', 'login_deactivated']),
    );
  });
});
