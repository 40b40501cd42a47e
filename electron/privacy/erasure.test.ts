import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/open';
import { auditLog, candidates, interviews } from '../../db/schema';
import { legalHolds } from '../../db/privacy-schema';
import { MIGRATIONS_DIR } from '../../db/test-db';
import { writeSetting } from '../core/setting-store';
import { createTestStaff } from '../domain/test-staff';
import { Erasures } from './erasure';
import { RetentionPurge } from './retention-purge';
import { DAY_MS } from './retention-policy';
import { seedFinishedInterview, type FinishedInterview } from './test-purge';

const T0 = Date.UTC(2030, 0, 10, 9, 30);
const ADMIN = { actorKind: 'admin' as const, actorId: 1 };

describe('erasure on request', () => {
  let dataDir: string;
  let db: Db;
  let now: number;
  let ada: FinishedInterview;
  let grace: FinishedInterview;
  let running: number[];
  let erasures: Erasures;
  let purge: RetentionPurge;

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'erase-'));
    db = openDatabase({
      file: path.join(dataDir, 'station.sqlite'),
      migrationsDir: MIGRATIONS_DIR,
    });
    await createTestStaff(db, { role: 'admin' });
    // Retention far off: only the request makes anything due.
    writeSetting(db, 'retention.days', 1000);
    now = T0 + DAY_MS;
    running = [];
    const clock = { now: () => now };
    ada = seedFinishedInterview(db, dataDir, { startedAt: T0, endedAt: T0 + 600_000 });
    grace = seedFinishedInterview(db, dataDir, {
      startedAt: T0,
      endedAt: T0 + 600_000,
      candidateName: 'Grace Hopper',
    });
    purge = new RetentionPurge({
      db,
      dataDir,
      clock,
      log: () => {},
      runningSessions: () => running,
    });
    erasures = new Erasures({ db, clock, purgeNow: () => purge.run() });
  });
  afterEach(() => {
    db.$client.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says what will go, erases only with the name typed, and leaves no file or row behind', async () => {
    expect(erasures.preview(ada.candidateId)).toEqual({
      candidateId: ada.candidateId,
      interviews: 1,
      sessions: 1,
      mediaFiles: 3,
      held: 0,
      running: false,
    });
    await expect(erasures.erase(ADMIN, ada.candidateId, 'Somebody Else')).rejects.toThrow(
      /does not match/,
    );
    expect(existsSync(ada.files[0] ?? '')).toBe(true);

    const done = await erasures.erase(ADMIN, ada.candidateId, '  ada lovelace ');
    expect(done.interviews).toBe(1);
    expect(done.files).toBeGreaterThanOrEqual(3);
    for (const file of ada.files) expect(existsSync(file), file).toBe(false);
    expect(
      db.select().from(candidates).where(eq(candidates.id, ada.candidateId)).get(),
    ).toBeUndefined();
    expect(
      db.select().from(interviews).where(eq(interviews.id, ada.interviewId)).get(),
    ).toBeUndefined();
    // Grace is untouched.
    expect(grace.files.every((file) => existsSync(file))).toBe(true);
    const audit = db.select().from(auditLog).where(eq(auditLog.action, 'candidate_erased')).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorKind: 'admin', subjectId: ada.candidateId });
    expect(JSON.stringify(db.select().from(auditLog).all())).not.toContain('Ada Lovelace');
    expect(erasures.pending([])).toEqual([]);
  });

  it('refuses while a session runs or a hold stands, keeping everything', async () => {
    running = [ada.sessionId];
    db.$client.prepare("UPDATE sessions SET status = 'active' WHERE id = ?").run(ada.sessionId);
    await expect(erasures.erase(ADMIN, ada.candidateId, 'Ada Lovelace')).rejects.toThrow(
      /taking an interview now/,
    );
    db.$client.prepare("UPDATE sessions SET status = 'completed' WHERE id = ?").run(ada.sessionId);
    running = [];
    db.insert(legalHolds)
      .values({ interviewId: ada.interviewId, reason: 'Litigation', setBy: 1, setAt: now })
      .run();
    await expect(erasures.erase(ADMIN, ada.candidateId, 'Ada Lovelace')).rejects.toThrow(
      /legal hold/,
    );
    expect(ada.files.every((file) => existsSync(file))).toBe(true);
  });

  it('deletes an interview whose candidate asked for erasure at the next purge, and lists it till then', async () => {
    db.update(interviews)
      .set({ erasureRequestedAt: now })
      .where(eq(interviews.id, grace.interviewId))
      .run();
    expect(erasures.pending([])).toEqual([
      {
        interviewId: grace.interviewId,
        requestedAt: now,
        dueBy: now + 30 * DAY_MS,
        waitingFor: 'next purge',
      },
    ]);
    expect(erasures.pending([grace.sessionId])[0]?.waitingFor).toBe('running session');
    await purge.run();
    expect(grace.files.some((file) => existsSync(file))).toBe(false);
    expect(ada.files.every((file) => existsSync(file))).toBe(true);
    expect(erasures.pending([])).toEqual([]);
  });
});
