import type { Db } from '../../db/open';
import { recordAudit, type AuditEntry } from '../core/audit';
import type { Clock } from '../core/clock';
import { StationError } from '../core/errors';
import { hashSecret, verifySecret } from '../core/secrets';
import { readSetting, writeSetting } from '../core/setting-store';
import { ADMIN_PIN_KEY } from './seed';

/** Where the PIN's attempt count and lock live (a setting, so a restart keeps them). */
export const ADMIN_PIN_LOCK_KEY = 'admin.pinLock';
/** PIN checks allowed before the gate locks. */
export const MAX_PIN_TRIES = 5;
/** The first lock; each further lock in a row doubles it, up to the cap. */
export const FIRST_LOCKOUT_MS = 60 * 1000;
export const MAX_LOCKOUT_MS = 60 * 60 * 1000;

/** The stored lock: checks counted since the last right PIN or lock, and locks in a row. */
export interface PinLock {
  attempts: number;
  lockedUntil: number;
  lockouts: number;
}

const UNLOCKED: PinLock = { attempts: 0, lockedUntil: 0, lockouts: 0 };

/** How long the lock lasts after `lockouts` earlier locks in a row: 1, 2, 4… minutes, capped. */
export function lockoutMs(lockouts: number): number {
  return Math.min(MAX_LOCKOUT_MS, FIRST_LOCKOUT_MS * 2 ** Math.min(lockouts, 30));
}

/**
 * Checks the admin PIN (stored as a scrypt hash). Every check is counted in SQLite, in one
 * synchronous transaction, before the slow scrypt runs: guesses sent in parallel see each
 * other's counts, so at most MAX_PIN_TRIES are ever checked before the gate locks. Locks grow
 * (1 min, then doubling up to an hour) and are stored, so restarting the station keeps them.
 * A locked gate refuses without running scrypt. The right PIN clears the count and the growth.
 */
export class AdminGate {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Lets `action` through with the right PIN, audited as `action` or `action_refused`. */
  async verifyPin(pin: string, action: string): Promise<void> {
    const audit: AuditEntry = { actorKind: 'admin', action };
    await this.check(pin, audit);
    recordAudit(this.db, this.clock.now(), audit);
  }

  /**
   * An admin's change of the PIN: the current PIN is checked (and counted) like any other,
   * then the new one is stored as a hash. The audit row names who, never either PIN.
   */
  async changePin(
    currentPin: string,
    newPin: string,
    actor: Omit<AuditEntry, 'action'>,
  ): Promise<{ changed: true }> {
    // Refused before the check, so it tells nothing about whether `currentPin` is right.
    if (newPin === currentPin) {
      throw new StationError('BAD_REQUEST', 'Choose a new PIN different from the current one.');
    }
    await this.check(currentPin, { ...actor, action: 'admin_pin_change' });
    writeSetting(this.db, ADMIN_PIN_KEY, await hashSecret(newPin));
    recordAudit(this.db, this.clock.now(), { ...actor, action: 'admin_pin_changed' });
    return { changed: true };
  }

  /** Checks `pin` or throws; refusals are audited as `<action>_locked|_lockout|_refused`. */
  private async check(pin: string, audit: AuditEntry): Promise<void> {
    const now = this.clock.now();
    const claim = this.claimAttempt(now);
    if (claim.lockedUntil !== null) {
      recordAudit(this.db, now, { ...audit, action: `${audit.action}_locked` });
      throw lockedError(claim.lockedUntil - now);
    }
    const stored = readSetting<string>(this.db, ADMIN_PIN_KEY);
    const ok = stored !== undefined && (await verifySecret(pin, stored));
    const at = this.clock.now();
    if (!ok) {
      const locked = this.recordMiss(claim.attempts, at);
      recordAudit(this.db, at, {
        ...audit,
        action: locked ? `${audit.action}_lockout` : `${audit.action}_refused`,
      });
      throw new StationError('UNAUTHORIZED', 'That PIN is not correct.');
    }
    this.writeLock(UNLOCKED);
  }

  /**
   * Counts one check, or refuses it: one immediate transaction, so no other call (or station
   * on the same file) reads the count between this read and write. A call past the allowed
   * checks locks the gate at once instead of being checked.
   */
  private claimAttempt(now: number): { attempts: number; lockedUntil: number | null } {
    return this.db.$client
      .transaction(() => {
        const lock = this.readLock();
        if (lock.lockedUntil > now) return { attempts: 0, lockedUntil: lock.lockedUntil };
        const attempts = lock.attempts + 1;
        if (attempts > MAX_PIN_TRIES) {
          const lockedUntil = now + lockoutMs(lock.lockouts);
          this.writeLock({ attempts: 0, lockedUntil, lockouts: lock.lockouts + 1 });
          return { attempts, lockedUntil };
        }
        this.writeLock({ ...lock, attempts });
        return { attempts, lockedUntil: null };
      })
      .immediate();
  }

  /** After a wrong PIN: the last allowed check locks the gate (unless a parallel one did). */
  private recordMiss(attempts: number, now: number): boolean {
    return this.db.$client
      .transaction(() => {
        const lock = this.readLock();
        if (attempts < MAX_PIN_TRIES || lock.lockedUntil > now) return false;
        const lockedUntil = now + lockoutMs(lock.lockouts);
        this.writeLock({ attempts: 0, lockedUntil, lockouts: lock.lockouts + 1 });
        return true;
      })
      .immediate();
  }

  private readLock(): PinLock {
    const stored = readSetting<Partial<PinLock>>(this.db, ADMIN_PIN_LOCK_KEY);
    return {
      attempts: Number(stored?.attempts) || 0,
      lockedUntil: Number(stored?.lockedUntil) || 0,
      lockouts: Number(stored?.lockouts) || 0,
    };
  }

  private writeLock(lock: PinLock): void {
    writeSetting(this.db, ADMIN_PIN_LOCK_KEY, lock);
  }
}

function lockedError(remainingMs: number): StationError {
  const minutes = Math.max(1, Math.ceil(remainingMs / 60_000));
  return new StationError(
    'TOO_MANY_REQUESTS',
    `Too many wrong PINs. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    { retryAfterMs: remainingMs },
  );
}
