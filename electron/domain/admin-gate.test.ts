import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, like } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from '../../db/open';
import { auditLog } from '../../db/schema';
import { MIGRATIONS_DIR } from '../../db/test-db';
import type { Clock } from '../core/clock';
import { StationError } from '../core/errors';
import { hashSecret } from '../core/secrets';
import { writeSetting } from '../core/setting-store';
import {
  AdminGate,
  FIRST_LOCKOUT_MS,
  MAX_LOCKOUT_MS,
  MAX_PIN_TRIES,
  lockoutMs,
} from './admin-gate';
import { ADMIN_PIN_KEY } from './seed';

// Every PIN check the gate runs goes through the real scrypt, counted here: how many guesses
// were really checked, without timing anything.
const scrypt = vi.hoisted(() => ({ runs: 0 }));
vi.mock('../core/secrets', async (importOriginal) => {
  const real = await importOriginal<typeof import('../core/secrets')>();
  return {
    ...real,
    verifySecret: (secret: string, stored: string) => {
      scrypt.runs += 1;
      return real.verifySecret(secret, stored);
    },
  };
});

const PIN = '482916';

/** The StationError code a PIN check ended with, or 'ok'. */
const outcomeOf = (attempt: Promise<unknown>) =>
  attempt.then(
    () => 'ok',
    (error: unknown) => (error instanceof StationError ? error.code : String(error)),
  );

const count = (outcomes: string[], code: string) => outcomes.filter((o) => o === code).length;

describe('AdminGate on a station database file', () => {
  let dir: string;
  let file: string;
  let db: Db;
  let now = 1_800_000_000_000;
  const clock: Clock = { now: () => now };
  const open = () => openDatabase({ file, migrationsDir: MIGRATIONS_DIR });

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'admin-gate-'));
    file = path.join(dir, 'station.sqlite');
    db = open();
    writeSetting(db, ADMIN_PIN_KEY, await hashSecret(PIN));
    scrypt.runs = 0;
  });
  afterEach(() => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const wrongPins = (n: number) => Array.from({ length: n }, (_, i) => String(100000 + i));
  const auditCount = (action: string) =>
    db.select().from(auditLog).where(eq(auditLog.action, action)).all().length;

  it('checks at most 5 of 200 wrong PINs sent at once and refuses the rest', async () => {
    const gate = new AdminGate(db, clock);
    const outcomes = await Promise.all(
      wrongPins(200).map((pin) => outcomeOf(gate.verifyPin(pin, 'station_exit'))),
    );
    expect(scrypt.runs).toBe(MAX_PIN_TRIES);
    expect(count(outcomes, 'UNAUTHORIZED')).toBe(MAX_PIN_TRIES);
    expect(count(outcomes, 'TOO_MANY_REQUESTS')).toBe(200 - MAX_PIN_TRIES);
    // Each refusal is audited as what it was: checked and wrong, or refused unchecked.
    expect(auditCount('station_exit_refused') + auditCount('station_exit_lockout')).toBe(5);
    expect(auditCount('station_exit_locked')).toBe(195);

    // The real PIN is refused while the lock lasts, without running scrypt.
    now += FIRST_LOCKOUT_MS - 1;
    expect(await outcomeOf(gate.verifyPin(PIN, 'station_exit'))).toBe('TOO_MANY_REQUESTS');
    expect(scrypt.runs).toBe(MAX_PIN_TRIES);
    now += 1;
    expect(await outcomeOf(gate.verifyPin(PIN, 'station_exit'))).toBe('ok');
    expect(auditCount('station_exit')).toBe(1);
  });

  it('never lets a burst of 1,000 through with the real PIN at position 901', async () => {
    const gate = new AdminGate(db, clock);
    const guesses = wrongPins(1000);
    guesses[900] = PIN;
    const outcomes = await Promise.all(
      guesses.map((pin) => outcomeOf(gate.verifyPin(pin, 'station_exit'))),
    );
    expect(outcomes[900]).toBe('TOO_MANY_REQUESTS');
    expect(outcomes).not.toContain('ok');
    expect(scrypt.runs).toBe(MAX_PIN_TRIES);
  });

  it('keeps the lock across a restart of the station', async () => {
    const before = new AdminGate(db, clock);
    for (const pin of wrongPins(MAX_PIN_TRIES)) {
      expect(await outcomeOf(before.verifyPin(pin, 'station_exit'))).toBe('UNAUTHORIZED');
    }
    db.$client.close();
    db = open();
    const after = new AdminGate(db, clock);
    const runs = scrypt.runs;
    expect(await outcomeOf(after.verifyPin(PIN, 'station_exit'))).toBe('TOO_MANY_REQUESTS');
    expect(scrypt.runs).toBe(runs);
    now += FIRST_LOCKOUT_MS;
    expect(await outcomeOf(after.verifyPin(PIN, 'station_exit'))).toBe('ok');
  });

  it('makes each lock in a row twice as long, up to an hour, and the right PIN starts over', async () => {
    expect([0, 1, 2, 3, 4, 5, 6, 40].map(lockoutMs)).toEqual([
      ...[1, 2, 4, 8, 16, 32].map((m) => m * 60_000),
      MAX_LOCKOUT_MS,
      MAX_LOCKOUT_MS,
    ]);
    const missUntilLocked = async () => {
      for (const pin of wrongPins(MAX_PIN_TRIES)) await outcomeOf(gate.verifyPin(pin, 'x'));
    };
    let gate = new AdminGate(db, clock);
    await missUntilLocked();
    now += FIRST_LOCKOUT_MS;
    await missUntilLocked();
    // The second lock lasts two minutes, also for a restarted station.
    db.$client.close();
    db = open();
    gate = new AdminGate(db, clock);
    now += 2 * FIRST_LOCKOUT_MS - 1;
    expect(await outcomeOf(gate.verifyPin(PIN, 'x'))).toBe('TOO_MANY_REQUESTS');
    now += 1;
    expect(await outcomeOf(gate.verifyPin(PIN, 'x'))).toBe('ok');
    // After the right PIN, the next lock is a minute again.
    await missUntilLocked();
    now += FIRST_LOCKOUT_MS;
    expect(await outcomeOf(gate.verifyPin(PIN, 'x'))).toBe('ok');
  });

  it('lets a right PIN after a few misses through and clears the count', async () => {
    const gate = new AdminGate(db, clock);
    for (const pin of wrongPins(MAX_PIN_TRIES - 1)) await outcomeOf(gate.verifyPin(pin, 'x'));
    expect(await outcomeOf(gate.verifyPin(PIN, 'x'))).toBe('ok');
    for (const pin of wrongPins(MAX_PIN_TRIES - 1)) {
      expect(await outcomeOf(gate.verifyPin(pin, 'x'))).toBe('UNAUTHORIZED');
    }
  });

  it('changes the PIN with the current one, counts wrong current PINs, and keeps both PINs out of the audit log', async () => {
    const gate = new AdminGate(db, clock);
    const actor = { actorKind: 'admin' as const, actorId: 7 };
    expect(await outcomeOf(gate.changePin(PIN, PIN, actor))).toBe('BAD_REQUEST');
    const guesses = await Promise.all(
      wrongPins(60).map((pin) => outcomeOf(gate.changePin(pin, '13579135', actor))),
    );
    expect(count(guesses, 'UNAUTHORIZED')).toBe(MAX_PIN_TRIES);
    expect(count(guesses, 'TOO_MANY_REQUESTS')).toBe(60 - MAX_PIN_TRIES);
    // The change shares the exit's lock: a wrong current PIN is a guess like any other.
    expect(await outcomeOf(gate.verifyPin(PIN, 'station_exit'))).toBe('TOO_MANY_REQUESTS');
    now += FIRST_LOCKOUT_MS;

    expect(await gate.changePin(PIN, '13579135', actor)).toEqual({ changed: true });
    expect(await outcomeOf(gate.verifyPin(PIN, 'station_exit'))).toBe('UNAUTHORIZED');
    expect(await outcomeOf(gate.verifyPin('13579135', 'station_exit'))).toBe('ok');
    const rows = db.select().from(auditLog).where(like(auditLog.action, 'admin_pin%')).all();
    expect(rows.find((r) => r.action === 'admin_pin_changed')).toMatchObject({ actorId: 7 });
    const audit = JSON.stringify(db.select().from(auditLog).all());
    for (const pin of [PIN, '13579135']) expect(audit).not.toContain(pin);
  });
});
