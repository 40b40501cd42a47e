import type { Db } from '../../db/open';
import { recordAudit } from '../core/audit';
import type { Clock } from '../core/clock';
import { StationError } from '../core/errors';
import { ADMIN_PIN_KEY } from './seed';
import { verifySecret } from '../core/secrets';
import { readSetting } from '../core/setting-store';

const MAX_TRIES = 5;
const LOCKOUT_MS = 5 * 60 * 1000;

/** Checks the admin PIN (stored as a scrypt hash) with a lockout after repeated misses. */
export class AdminGate {
  private failures = 0;
  private lockedUntil = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async verifyPin(pin: string, action: string): Promise<void> {
    const now = this.clock.now();
    if (this.lockedUntil > now) {
      throw new StationError(
        'TOO_MANY_REQUESTS',
        'Too many wrong PINs. Try again in a few minutes.',
      );
    }
    const stored = readSetting<string>(this.db, ADMIN_PIN_KEY);
    const ok = stored !== undefined && (await verifySecret(pin, stored));
    recordAudit(this.db, now, {
      actorKind: 'admin',
      action: ok ? action : `${action}_refused`,
    });
    if (!ok) {
      this.failures += 1;
      if (this.failures >= MAX_TRIES) {
        this.failures = 0;
        this.lockedUntil = now + LOCKOUT_MS;
      }
      throw new StationError('UNAUTHORIZED', 'That PIN is not correct.');
    }
    this.failures = 0;
  }
}
