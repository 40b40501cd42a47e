import { hashSecret } from '../core/secrets';

/** Checks a secret against a stored hash; `verifySecret`, or a counting one in tests. */
export type SecretVerifier = (secret: string, stored: string) => Promise<boolean>;

let decoy: Promise<string> | null = null;

/**
 * A hash no password matches, made once per process. A sign-in that must not be checked
 * (unknown name, locked account) checks against it instead, so every sign-in costs the same
 * one scrypt and timing does not tell which names exist.
 */
export function decoyHash(): Promise<string> {
  decoy ??= hashSecret(`decoy ${Math.random()}`);
  return decoy;
}

/** Names kept at most; the oldest are forgotten first (a flood of made-up names stays small). */
const MAX_NAMES = 1000;

/**
 * Wrong passwords for names that are not accounts, counted like an account's so that an
 * unknown name locks after as many misses as a real one: "locked" must not tell a guesser
 * that the name exists. Kept in memory: a restart forgets these, not the real accounts' locks.
 */
export class UnknownNameLocks {
  private readonly names = new Map<string, { failed: number; lockedUntil: number }>();

  constructor(
    private readonly maxFailed: number,
    private readonly lockMs: number,
  ) {}

  /** Counts a miss for `name`; returns when its lock ends if it was already locked. */
  countMiss(name: string, now: number): number | null {
    const entry = this.names.get(name) ?? { failed: 0, lockedUntil: 0 };
    if (entry.lockedUntil > now) return entry.lockedUntil;
    entry.failed += 1;
    if (entry.failed >= this.maxFailed) {
      entry.failed = 0;
      entry.lockedUntil = now + this.lockMs;
    }
    this.names.delete(name);
    this.names.set(name, entry);
    for (const oldest of this.names.keys()) {
      if (this.names.size <= MAX_NAMES) break;
      this.names.delete(oldest);
    }
    return null;
  }
}
