import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { auditLog, users } from '../../db/schema';
import { createTestDb, seedTestInterview } from '../../db/test-db';
import type { Clock } from '../services/clock';
import type { Services } from '../services/services';
import { IDLE_TIMEOUT_MS, LOCKOUT_MS, MAX_FAILED_LOGINS } from '../services/staff-auth';
import { createTestStaff, TEST_STAFF_PASSWORD } from '../services/test-staff';
import { appRouter } from './router';
import { codeOf, createTestServices, stationCaller } from './test-router';

/** Procedure path prefixes that belong to staff; everything there needs a staff sign-in. */
const STAFF_DOMAINS = ['staff.', 'review.', 'manage.', 'monitor.', 'settings.'];
const OPEN_STAFF_PROCEDURES = new Set(['staff.login']);

type AnyCaller = Record<string, Record<string, (input: unknown) => Promise<unknown>>>;

describe('staff sign-in', () => {
  let db: Db;
  let services: Services;
  let now = 1_800_000_000_000;
  const clock: Clock = { now: () => now };

  beforeEach(async () => {
    db = createTestDb();
    services = createTestServices(db, { clock });
    await createTestStaff(db, { role: 'recruiter' });
  });
  afterEach(() => {
    services.sessions.close();
    db.$client.close();
  });

  const caller = () => stationCaller(services);

  it('signs in with the right password and answers who is signed in', async () => {
    const { token, user } = await caller().staff.login({
      username: 'recruiter',
      password: TEST_STAFF_PASSWORD,
    });
    expect(user).toMatchObject({ username: 'recruiter', role: 'recruiter' });
    expect(await caller().staff.me({ token })).toMatchObject({ id: user.id });
    await caller().staff.logout({ token });
    expect(await caller().staff.me({ token }).catch(codeOf)).toBe('UNAUTHORIZED');
  });

  it('refuses a wrong password and an unknown name with the same words', async () => {
    const wrong = await caller()
      .staff.login({ username: 'recruiter', password: 'nope' })
      .catch((e: TRPCError) => e);
    const unknown = await caller()
      .staff.login({ username: 'nobody', password: 'nope' })
      .catch((e: TRPCError) => e);
    expect(wrong).toBeInstanceOf(TRPCError);
    expect(unknown).toBeInstanceOf(TRPCError);
    expect((wrong as TRPCError).message).toBe((unknown as TRPCError).message);
  });

  it('locks the account after repeated failures, also across a restart, then lets it in', async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS; i += 1) {
      await caller()
        .staff.login({ username: 'recruiter', password: 'wrong' })
        .catch(() => {});
    }
    const locked = await caller()
      .staff.login({ username: 'recruiter', password: TEST_STAFF_PASSWORD })
      .catch((e: TRPCError) => e);
    expect(codeOf(locked)).toBe('TOO_MANY_REQUESTS');
    expect((locked as TRPCError).message).toMatch(/locked/);
    // The lock is stored on the account, so a fresh set of services still sees it.
    expect(db.select().from(users).get()?.lockedUntil).toBe(now + LOCKOUT_MS);
    now += LOCKOUT_MS + 1;
    await expect(
      caller().staff.login({ username: 'recruiter', password: TEST_STAFF_PASSWORD }),
    ).resolves.toMatchObject({ user: { username: 'recruiter' } });
    const actions = db.select({ action: auditLog.action }).from(auditLog).all();
    expect(actions.map((a) => a.action)).toContain('login_lockout');
  });

  it('ends a sign-in after it sits idle', async () => {
    const { token } = await caller().staff.login({
      username: 'recruiter',
      password: TEST_STAFF_PASSWORD,
    });
    now += IDLE_TIMEOUT_MS - 1000;
    await caller().staff.me({ token });
    now += IDLE_TIMEOUT_MS - 1000;
    await expect(caller().staff.me({ token })).resolves.toBeTruthy();
    now += IDLE_TIMEOUT_MS + 1;
    expect(await caller().staff.me({ token }).catch(codeOf)).toBe('UNAUTHORIZED');
  });

  it('changes the password only with the current one', async () => {
    const { token } = await caller().staff.login({
      username: 'recruiter',
      password: TEST_STAFF_PASSWORD,
    });
    const refused = await caller()
      .staff.changePassword({ token, current: 'wrong', next: 'a brand new password' })
      .catch(codeOf);
    expect(refused).toBe('UNAUTHORIZED');
    await caller().staff.changePassword({
      token,
      current: TEST_STAFF_PASSWORD,
      next: 'a brand new password',
    });
    await expect(
      caller().staff.login({ username: 'recruiter', password: 'a brand new password' }),
    ).resolves.toBeTruthy();
  });

  it('answers FORBIDDEN to a candidate token on every staff procedure', async () => {
    const { accessCode } = seedTestInterview(db, {
      questions: [{ type: 'text', readingSeconds: 5, answerSeconds: 5 }],
    });
    const { token } = await caller().candidate.checkIn({ code: accessCode });
    const flat = appRouter._def.procedures as unknown as Record<string, unknown>;
    const staffPaths = Object.keys(flat).filter(
      (p) => STAFF_DOMAINS.some((d) => p.startsWith(d)) && !OPEN_STAFF_PROCEDURES.has(p),
    );
    expect(staffPaths.length).toBeGreaterThan(2);
    const anyCaller = caller() as unknown as AnyCaller;
    for (const procedurePath of staffPaths) {
      const [domain = '', name = ''] = procedurePath.split('.');
      const outcome = await Promise.resolve(anyCaller[domain]?.[name]?.({ token })).catch(codeOf);
      expect(outcome, procedurePath).toBe('FORBIDDEN');
    }
  });
});
