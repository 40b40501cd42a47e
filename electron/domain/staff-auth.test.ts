import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { auditLog, users } from '../../db/schema';
import { createTestDb } from '../../db/test-db';
import type { Clock } from '../core/clock';
import { StationError } from '../core/errors';
import {
  ABSOLUTE_TIMEOUT_MS,
  IDLE_TIMEOUT_MS,
  LOCKOUT_MS,
  MAX_FAILED_LOGINS,
  StaffAuth,
} from './staff-auth';
import { verifySecret } from '../core/secrets';
import { createTestStaff, TEST_STAFF_PASSWORD } from './test-staff';

/** The StationError code a sign-in was refused with, or 'signed in'. */
const outcomeOf = (attempt: Promise<unknown>) =>
  attempt.then(
    () => 'signed in',
    (error: unknown) => (error instanceof StationError ? error.code : String(error)),
  );

describe('StaffAuth', () => {
  let db: Db;
  let auth: StaffAuth;
  let userId: number;
  let now = 1_800_000_000_000;
  const clock: Clock = { now: () => now };

  beforeEach(async () => {
    db = createTestDb();
    auth = new StaffAuth(db, clock);
    userId = await createTestStaff(db, { role: 'recruiter' });
  });
  afterEach(() => db.$client.close());

  const account = () => db.select().from(users).where(eq(users.id, userId)).get();

  it('locks the account when wrong passwords arrive all at once', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => outcomeOf(auth.login('recruiter', `wrong ${i}`))),
    );
    expect(outcomes.filter((o) => o === 'UNAUTHORIZED')).toHaveLength(MAX_FAILED_LOGINS);
    expect(outcomes.filter((o) => o === 'TOO_MANY_REQUESTS')).toHaveLength(10 - MAX_FAILED_LOGINS);
    expect(account()?.lockedUntil).toBe(now + LOCKOUT_MS);
    // The owner, with the right password, is now told the account is locked.
    expect(await outcomeOf(auth.login('recruiter', TEST_STAFF_PASSWORD))).toBe('TOO_MANY_REQUESTS');
    const lockouts = db.select().from(auditLog).where(eq(auditLog.action, 'login_lockout')).all();
    // Locked once: the guesses past the limit are refused as locked, not counted again.
    expect(lockouts).toHaveLength(1);
  });

  it('never checks more guesses than allowed, even when the right one is among them', async () => {
    const guesses = [
      ...Array.from({ length: MAX_FAILED_LOGINS }, (_, i) => `wrong ${i}`),
      TEST_STAFF_PASSWORD,
    ];
    const outcomes = await Promise.all(guesses.map((g) => outcomeOf(auth.login('recruiter', g))));
    expect(outcomes.at(-1)).toBe('TOO_MANY_REQUESTS');
    expect(outcomes).not.toContain('signed in');
  });

  it('starts counting again once a lock is over', async () => {
    await Promise.all(
      Array.from({ length: MAX_FAILED_LOGINS }, () => outcomeOf(auth.login('recruiter', 'x'))),
    );
    now += LOCKOUT_MS + 1;
    expect(await outcomeOf(auth.login('recruiter', 'still wrong'))).toBe('UNAUTHORIZED');
    expect(await outcomeOf(auth.login('recruiter', TEST_STAFF_PASSWORD))).toBe('signed in');
    expect(account()).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });

  it('ends a sign-in after a working day even while it is in use', async () => {
    const { token } = await auth.login('recruiter', TEST_STAFF_PASSWORD);
    const signedInAt = now;
    // Used every few minutes all day, so it never goes idle.
    while (now + IDLE_TIMEOUT_MS / 2 - signedInAt <= ABSOLUTE_TIMEOUT_MS) {
      now += IDLE_TIMEOUT_MS / 2;
      expect(auth.find(token), `at ${now - signedInAt} ms`).toBeDefined();
    }
    now = signedInAt + ABSOLUTE_TIMEOUT_MS + 1;
    expect(auth.find(token)).toBeUndefined();
  });

  it('limits guesses of the current password in a password change like sign-in guesses', async () => {
    const { token } = await auth.login('recruiter', TEST_STAFF_PASSWORD);
    const next = 'a brand new passphrase';
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        outcomeOf(auth.changePassword(token, `wrong ${i}`, next)),
      ),
    );
    // Checked (and wrong): at most as many as a sign-in allows; the rest refused unchecked.
    expect(outcomes.filter((o) => o === 'UNAUTHORIZED')).toHaveLength(MAX_FAILED_LOGINS);
    expect(outcomes.filter((o) => o === 'TOO_MANY_REQUESTS')).toHaveLength(60 - MAX_FAILED_LOGINS);
    expect(account()?.lockedUntil).toBe(now + LOCKOUT_MS);
    // Locked like the sign-in: the right current password waits for the lock, and so does
    // signing in.
    expect(await outcomeOf(auth.changePassword(token, TEST_STAFF_PASSWORD, next))).toBe(
      'TOO_MANY_REQUESTS',
    );
    expect(await outcomeOf(auth.login('recruiter', TEST_STAFF_PASSWORD))).toBe('TOO_MANY_REQUESTS');
    const audited = db
      .select()
      .from(auditLog)
      .all()
      .map((row) => row.action);
    expect(audited.filter((a) => a === 'password_change_lockout')).toHaveLength(1);

    now += LOCKOUT_MS;
    expect(await outcomeOf(auth.changePassword(token, TEST_STAFF_PASSWORD, next))).toBe(
      'signed in',
    );
    expect(account()).toMatchObject({ failedLogins: 0, lockedUntil: null });
    expect(await outcomeOf(auth.login('recruiter', next))).toBe('signed in');
  });

  describe('tells nothing about which names exist', () => {
    /** Counts the scrypt checks each sign-in makes, through the verifier StaffAuth is given. */
    let checks = 0;
    const counting = (secret: string, stored: string) => {
      checks += 1;
      return verifySecret(secret, stored);
    };
    const checksFor = async (username: string, password: string) => {
      const counted = new StaffAuth(db, clock, counting);
      checks = 0;
      const outcome = await outcomeOf(counted.login(username, password));
      return { outcome, checks };
    };

    it('makes exactly one scrypt check on every path', async () => {
      await createTestStaff(db, { username: 'switched-off' });
      db.update(users).set({ deactivatedAt: now }).where(eq(users.username, 'switched-off')).run();
      await createTestStaff(db, { username: 'locked' });
      db.update(users)
        .set({ lockedUntil: now + LOCKOUT_MS })
        .where(eq(users.username, 'locked'))
        .run();

      const paths = {
        unknown: await checksFor('nobody', TEST_STAFF_PASSWORD),
        wrongPassword: await checksFor('recruiter', 'wrong'),
        rightPassword: await checksFor('recruiter', TEST_STAFF_PASSWORD),
        deactivatedWrong: await checksFor('switched-off', 'wrong'),
        deactivatedRight: await checksFor('switched-off', TEST_STAFF_PASSWORD),
        locked: await checksFor('locked', TEST_STAFF_PASSWORD),
      };
      expect(paths).toEqual({
        unknown: { outcome: 'UNAUTHORIZED', checks: 1 },
        wrongPassword: { outcome: 'UNAUTHORIZED', checks: 1 },
        rightPassword: { outcome: 'signed in', checks: 1 },
        deactivatedWrong: { outcome: 'UNAUTHORIZED', checks: 1 },
        deactivatedRight: { outcome: 'FORBIDDEN', checks: 1 },
        locked: { outcome: 'TOO_MANY_REQUESTS', checks: 1 },
      });
    });

    it('checks once even for guesses refused as past the limit', async () => {
      const counted = new StaffAuth(db, clock, counting);
      checks = 0;
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => outcomeOf(counted.login('recruiter', `wrong ${i}`))),
      );
      expect(checks).toBe(10);
    });

    it('locks an unknown name after as many misses as an account, in the same words', async () => {
      const messageOf = (attempt: Promise<unknown>) =>
        attempt.then(
          () => 'signed in',
          (error: unknown) => (error as Error).message,
        );
      const replies = async (username: string) => {
        const said: string[] = [];
        for (let i = 0; i <= MAX_FAILED_LOGINS; i++) {
          said.push(await messageOf(auth.login(username, `wrong ${i}`)));
        }
        return said;
      };
      const real = await replies('recruiter');
      const unknown = await replies('no-such-person');
      expect(unknown).toEqual(real);
      expect(real.at(-1)).toMatch(
        /locked after too many wrong passwords\. Try again in 15 minutes/,
      );
      expect(real.slice(0, -1)).toEqual(
        Array(MAX_FAILED_LOGINS).fill('That username and password do not match.'),
      );
    });
  });
});
