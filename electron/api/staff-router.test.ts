import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { auditLog, users } from '../../db/schema';
import { createTestDb, seedTestInterview } from '../../db/test-db';
import type { Clock } from '../core/clock';
import type { Services } from './services';
import { IDLE_TIMEOUT_MS, LOCKOUT_MS, MAX_FAILED_LOGINS } from '../domain/staff-auth';
import { createTestStaff, TEST_STAFF_PASSWORD } from '../domain/test-staff';
import { appRouter } from './router';
import { codeOf, createTestServices, stationCaller } from './test-router';
import type { ProcedureMeta } from './trpc';

/**
 * Every procedure a caller without a staff sign-in may reach: the candidate's kiosk flow, the
 * station's own start-up reads, the staff sign-in itself and the PIN-guarded exit. Adding a
 * path here is a decision to leave it open; anything else must be a staff procedure.
 */
const OPEN_PROCEDURES = new Set([
  'station.info',
  'station.recovery',
  'candidate.checkIn',
  'candidate.consent',
  'candidate.selfIdentify',
  'candidate.start',
  'candidate.resume',
  'candidate.session',
  'candidate.watch',
  'candidate.checkDevices',
  'candidate.devices',
  'candidate.notices',
  'candidate.beginAnswering',
  'candidate.saveDraft',
  'candidate.submit',
  'candidate.retake',
  'candidate.withdraw',
  'admin.exit',
  'staff.login',
]);

interface ProcedureDef {
  _def: { type: 'query' | 'mutation' | 'subscription'; meta?: ProcedureMeta };
}
/** Every procedure of the app router by its dotted path, as tRPC itself lists them. */
const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, ProcedureDef>,
);
const staffPaths = procedures.filter(([, p]) => p._def.meta?.staff === true).map(([path]) => path);

/** Calls a procedure by its dotted path, whatever its kind (a subscription is called too). */
function callByPath(caller: unknown, procedurePath: string, input: unknown): Promise<unknown> {
  const fn = procedurePath
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  return Promise.resolve().then(() => (fn as (input: unknown) => unknown)(input));
}

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

  it('marks every procedure as staff-only unless it is knowingly left open', () => {
    const unmarked = procedures
      .filter(([path, p]) => p._def.meta?.staff !== true && !OPEN_PROCEDURES.has(path))
      .map(([path]) => path);
    // A procedure listed here was added without recruiterProcedure or adminProcedure.
    expect(unmarked).toEqual([]);
    // The open list names only procedures that exist and are not staff-only.
    const known = new Set(procedures.map(([path]) => path));
    expect([...OPEN_PROCEDURES].filter((path) => !known.has(path))).toEqual([]);
    expect(staffPaths.filter((path) => OPEN_PROCEDURES.has(path))).toEqual([]);
    expect(staffPaths).toContain('station.diagnostics');
  });

  it('answers FORBIDDEN to a candidate token on every staff procedure', async () => {
    const { accessCode } = seedTestInterview(db, {
      questions: [{ type: 'text', readingSeconds: 5, answerSeconds: 5 }],
    });
    const { token } = await caller().candidate.checkIn({ code: accessCode });
    const kinds = new Set<string>();
    for (const [procedurePath, procedure] of procedures) {
      if (procedure._def.meta?.staff !== true) continue;
      kinds.add(procedure._def.type);
      const outcome = await callByPath(caller(), procedurePath, { token }).catch(codeOf);
      expect(outcome, procedurePath).toBe('FORBIDDEN');
    }
    // Queries, mutations and subscriptions alike go through the check.
    expect([...kinds].sort()).toEqual(['mutation', 'query', 'subscription']);
  });

  it('opens nothing but the password change until a first-run password is replaced', async () => {
    db.update(users).set({ mustChangePassword: true }).run();
    const { token, user } = await caller().staff.login({
      username: 'recruiter',
      password: TEST_STAFF_PASSWORD,
    });
    expect(user.mustChangePassword).toBe(true);
    const open = new Set(['staff.me', 'staff.logout', 'staff.changePassword']);
    for (const procedurePath of staffPaths.filter((path) => !open.has(path))) {
      const outcome = await callByPath(caller(), procedurePath, { token }).catch(codeOf);
      expect(outcome, procedurePath).toBe('FORBIDDEN');
    }
    expect(await caller().staff.me({ token })).toMatchObject({ mustChangePassword: true });
    await caller().staff.changePassword({
      token,
      current: TEST_STAFF_PASSWORD,
      next: 'a brand new password',
    });
    // The same sign-in now opens the staff screens.
    await expect(caller().review.dashboard({ token })).resolves.toBeTruthy();
  });

  it('answers UNAUTHORIZED to a missing or ended staff sign-in on every staff procedure', async () => {
    const { token } = await caller().staff.login({
      username: 'recruiter',
      password: TEST_STAFF_PASSWORD,
    });
    await caller().staff.logout({ token });
    for (const procedurePath of staffPaths) {
      const outcome = await callByPath(caller(), procedurePath, { token }).catch(codeOf);
      expect(outcome, procedurePath).toBe('UNAUTHORIZED');
    }
  });
});
