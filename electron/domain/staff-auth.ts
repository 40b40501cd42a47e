import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { users } from '../../db/schema';
import { type USER_ROLES } from '../../shared/enums';
import { recordAudit } from '../core/audit';
import type { Clock } from '../core/clock';
import { StationError } from '../core/errors';
import { hashSecret, newToken, verifySecret } from '../core/secrets';
import { decoyHash, UnknownNameLocks, type SecretVerifier } from './sign-in-decoys';

export type StaffRole = (typeof USER_ROLES)[number];

export interface StaffUser {
  id: number;
  username: string;
  displayName: string;
  role: StaffRole;
  mustChangePassword: boolean;
}

export interface StaffGrant {
  user: StaffUser;
  issuedAt: number;
  lastSeenAt: number;
}

/** Wrong passwords in a row before an account is locked, and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;
/** A staff sign-in ends after this long without a call, and after a working day in any case. */
export const IDLE_TIMEOUT_MS = 20 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 10 * 60 * 60 * 1000;

const REFUSED = 'That username and password do not match.';

/**
 * Recruiter and admin sign-in: scrypt-hashed passwords in `users`, a lockout after repeated
 * failures that survives restarts, and in-memory sign-ins that expire when idle.
 *
 * Every sign-in does the same work — one scrypt check — whether the name is unknown, the
 * account locked, switched off, or the password wrong or right, and a refusal reads the same
 * unless only the password's owner could get it, so neither timing nor wording tells which
 * names exist.
 */
export class StaffAuth {
  private readonly grants = new Map<string, StaffGrant>();
  private readonly unknownNames = new UnknownNameLocks(MAX_FAILED_LOGINS, LOCKOUT_MS);

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly verify: SecretVerifier = verifySecret,
  ) {}

  async login(username: string, password: string): Promise<{ token: string; user: StaffUser }> {
    // Awaited on every path, so the one-off cost of making it falls on no path in particular.
    const decoy = await decoyHash();
    const now = this.clock.now();
    const row = this.db.select().from(users).where(eq(users.username, username)).get();
    if (!row) {
      const lockedUntil = this.unknownNames.countMiss(username, now);
      await this.verify(password, decoy);
      recordAudit(this.db, now, { actorKind: 'recruiter', action: 'login_refused' });
      if (lockedUntil !== null) throw lockedError(now, lockedUntil);
      throw new StationError('UNAUTHORIZED', REFUSED);
    }
    let failedSoFar: number;
    try {
      failedSoFar = this.countAttempt(row, now, 'login');
    } catch (refusal) {
      // Locked: the guess is not checked, but costs the check all the same.
      await this.verify(password, decoy);
      throw refusal;
    }
    const ok = await this.verify(password, row.passwordHash);
    if (!ok) {
      this.recordMiss(row, failedSoFar, now, 'login');
      throw new StationError('UNAUTHORIZED', REFUSED);
    }
    // Said only to someone who knows the password, so it tells nobody else the name exists.
    if (row.deactivatedAt !== null) {
      recordAudit(this.db, now, {
        actorKind: row.role,
        actorId: row.id,
        action: 'login_deactivated',
      });
      throw new StationError(
        'FORBIDDEN',
        'This account has been switched off. Ask an admin to switch it on again.',
      );
    }
    this.db
      .update(users)
      .set({ failedLogins: 0, lockedUntil: null })
      .where(eq(users.id, row.id))
      .run();
    const user: StaffUser = {
      id: row.id,
      username: row.username,
      displayName: row.displayName,
      role: row.role,
      mustChangePassword: row.mustChangePassword,
    };
    const token = newToken();
    this.grants.set(token, { user, issuedAt: now, lastSeenAt: now });
    recordAudit(this.db, now, { actorKind: row.role, actorId: row.id, action: 'login' });
    return { token, user };
  }

  /**
   * Counts one password check of an account before it runs, or refuses it (TOO_MANY_REQUESTS)
   * while the account is locked. The count is one SQL statement before the slow check, not
   * read and written back after it: guesses sent in parallel all pass the lock check, and a
   * read-then-write would let each of them be checked and count as one failure between them.
   * Counting first means at most MAX_FAILED_LOGINS guesses are ever checked. `row` must be
   * read just before, with no await in between. Returns the count.
   */
  private countAttempt(
    row: { id: number; role: StaffRole; lockedUntil: number | null },
    now: number,
    action: string,
  ): number {
    if (row.lockedUntil !== null && row.lockedUntil > now) {
      this.refuseLocked(row, now, row.lockedUntil, action);
    }
    const attempt = this.db
      .update(users)
      .set({ failedLogins: sql`${users.failedLogins} + 1` })
      .where(eq(users.id, row.id))
      .returning({ failedLogins: users.failedLogins })
      .get();
    if (!attempt) throw new StationError('UNAUTHORIZED', REFUSED);
    if (attempt.failedLogins > MAX_FAILED_LOGINS) {
      // More guesses than allowed are already being checked: lock without checking this one.
      this.lock(row.id, now);
      this.refuseLocked(row, now, now + LOCKOUT_MS, action);
    }
    return attempt.failedLogins;
  }

  /** After a wrong password: the last allowed check locks the account. */
  private recordMiss(
    row: { id: number; role: StaffRole },
    failedSoFar: number,
    now: number,
    action: string,
  ): void {
    const locks = failedSoFar >= MAX_FAILED_LOGINS;
    if (locks) this.lock(row.id, now);
    recordAudit(this.db, now, {
      actorKind: row.role,
      actorId: row.id,
      action: locks ? `${action}_lockout` : `${action}_refused`,
    });
  }

  /** Locks an account for LOCKOUT_MS; the count starts again once the lock is over. */
  private lock(userId: number, now: number): void {
    this.db
      .update(users)
      .set({ failedLogins: 0, lockedUntil: now + LOCKOUT_MS })
      .where(eq(users.id, userId))
      .run();
  }

  private refuseLocked(
    row: { id: number; role: StaffRole },
    now: number,
    until: number,
    action: string,
  ): never {
    recordAudit(this.db, now, { actorKind: row.role, actorId: row.id, action: `${action}_locked` });
    throw lockedError(now, until);
  }

  /** The sign-in behind a token, refreshed; undefined when unknown or expired. */
  find(token: string): StaffGrant | undefined {
    const now = this.clock.now();
    const grant = this.grants.get(token);
    if (!grant) return undefined;
    if (now - grant.lastSeenAt > IDLE_TIMEOUT_MS || now - grant.issuedAt > ABSOLUTE_TIMEOUT_MS) {
      this.grants.delete(token);
      return undefined;
    }
    grant.lastSeenAt = now;
    return grant;
  }

  logout(token: string): void {
    const grant = this.grants.get(token);
    if (!grant) return;
    this.grants.delete(token);
    recordAudit(this.db, this.clock.now(), {
      actorKind: grant.user.role,
      actorId: grant.user.id,
      action: 'logout',
    });
  }

  /** Ends every sign-in of an account (its password was reset by an admin). */
  endSignIns(userId: number): void {
    for (const [token, grant] of this.grants) {
      if (grant.user.id === userId) this.grants.delete(token);
    }
  }

  async changePassword(token: string, current: string, next: string): Promise<StaffUser> {
    const grant = this.grants.get(token);
    if (!grant) throw new StationError('UNAUTHORIZED', 'Please sign in again.');
    if (next === current) {
      throw new StationError(
        'BAD_REQUEST',
        'Choose a new password different from the current one.',
      );
    }
    const row = this.db.select().from(users).where(eq(users.id, grant.user.id)).get();
    if (!row) throw new StationError('UNAUTHORIZED', 'Please sign in again.');
    // Counted and locked like a sign-in: a sign-in left open must not let anyone guess the
    // account's password faster than the sign-in screen does.
    const now = this.clock.now();
    const failedSoFar = this.countAttempt(row, now, 'password_change');
    if (!(await this.verify(current, row.passwordHash))) {
      this.recordMiss(row, failedSoFar, now, 'password_change');
      throw new StationError('UNAUTHORIZED', 'The current password is not correct.');
    }
    this.db
      .update(users)
      .set({
        passwordHash: await hashSecret(next),
        mustChangePassword: false,
        failedLogins: 0,
        lockedUntil: null,
      })
      .where(eq(users.id, row.id))
      .run();
    // Other sign-ins of this account end; this one carries on.
    for (const [other, g] of this.grants) {
      if (other !== token && g.user.id === row.id) this.grants.delete(other);
    }
    grant.user = { ...grant.user, mustChangePassword: false };
    recordAudit(this.db, this.clock.now(), {
      actorKind: row.role,
      actorId: row.id,
      action: 'password_changed',
    });
    return grant.user;
  }
}

/** The refusal while a name is locked; the same for an account and for an unknown name. */
function lockedError(now: number, until: number): StationError {
  const minutes = Math.ceil((until - now) / 60_000);
  return new StationError(
    'TOO_MANY_REQUESTS',
    `This account is locked after too many wrong passwords. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask an admin.`,
  );
}
