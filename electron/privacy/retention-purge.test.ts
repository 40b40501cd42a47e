import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/open';
import { auditLog, sessions } from '../../db/schema';
import { interviewAggregates, legalHolds, purges } from '../../db/privacy-schema';
import { MIGRATIONS_DIR, seedTestInterview } from '../../db/test-db';
import { writeSetting } from '../core/setting-store';
import { bundleForTest } from '../core/test-bundle';
import { createTestStaff } from '../domain/test-staff';
import { RetentionPurge } from './retention-purge';
import { DAY_MS, readRetentionDays } from './retention-policy';
import { seedFinishedInterview } from './test-purge';

const T0 = Date.UTC(2030, 0, 10, 9, 30);

/** Every row of every table, as one string: what "no trace of the candidate" is checked on. */
function dump(db: Db): string {
  const tables = db.$client
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
    .pluck()
    .all() as string[];
  return JSON.stringify(tables.map((t) => db.$client.prepare(`SELECT * FROM "${t}"`).all()));
}

const count = (db: Db, sql: string, ...args: unknown[]) =>
  db.$client
    .prepare(sql)
    .pluck()
    .get(...args) as number;

describe('retention purge', () => {
  let dataDir: string;
  let db: Db;
  let now: number;
  const clock = { now: () => now };
  const purge = (extra: Partial<ConstructorParameters<typeof RetentionPurge>[0]> = {}) =>
    new RetentionPurge({ db, dataDir, clock, log: () => {}, runningSessions: () => [], ...extra });

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'purge-'));
    db = openDatabase({
      file: path.join(dataDir, 'station.sqlite'),
      migrationsDir: MIGRATIONS_DIR,
    });
    await createTestStaff(db);
    writeSetting(db, 'retention.days', 30);
    now = T0;
  });
  afterEach(() => {
    db.$client.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('deletes every file and personal row of an interview past retention and keeps its aggregate', async () => {
    const old = seedFinishedInterview(db, dataDir, {
      startedAt: T0,
      endedAt: T0 + 20 * 60_000,
      candidateName: 'Grace Hopper',
      frames: 4500,
    });
    const recent = seedFinishedInterview(db, dataDir, {
      startedAt: T0 + 20 * DAY_MS,
      endedAt: T0 + 20 * DAY_MS + 60_000,
      candidateName: 'Alan Turing',
    });
    now = T0 + 31 * DAY_MS;

    const summary = await purge({ frameBatch: 1000 }).start();

    expect(summary).toMatchObject({ interviews: 1, resumed: 0, problem: null });
    // The recording, the clip, the thumbnail, the replaced take and the report export.
    expect(summary.files).toBe(5);
    expect(summary.bytes).toBe(old.bytes);
    expect(old.files.filter((f) => existsSync(f))).toEqual([]);
    expect(existsSync(path.join(dataDir, 'media', `session-${old.sessionId}`))).toBe(false);
    expect(recent.files.every((f) => existsSync(f))).toBe(true);

    const all = dump(db);
    expect(all).not.toContain('Grace Hopper');
    expect(all).not.toContain('Grace-Hopper');
    expect(all).toContain('Alan Turing');
    expect(
      count(db, 'SELECT COUNT(*) FROM signal_frames WHERE session_id = ?', old.sessionId),
    ).toBe(0);
    expect(count(db, 'SELECT COUNT(*) FROM interviews WHERE id = ?', old.interviewId)).toBe(0);
    expect(count(db, 'SELECT COUNT(*) FROM candidates WHERE id = ?', old.candidateId)).toBe(0);
    expect(count(db, 'SELECT COUNT(*) FROM purges')).toBe(0);

    expect(db.select().from(interviewAggregates).all()).toEqual([
      expect.objectContaining({
        jobId: old.jobId,
        scheduledOn: '2030-01-09',
        heldOn: '2030-01-10',
        purgedOn: '2030-02-10',
        status: 'completed',
        decision: 'Passed',
        overallScore: 82,
        questionCount: 2,
        answeredCount: 2,
        sessionMinutes: 20,
        consentedRecording: true,
        eventCounts: { looking_away: 2, no_face: 1 },
      }),
    ]);
    const audits = db.select().from(auditLog).where(eq(auditLog.actorKind, 'station')).all();
    expect(audits.map((a) => a.action)).toEqual(['retention_purge', 'retention_purge_run']);
    expect(audits[0]).toMatchObject({
      subjectId: old.interviewId,
      details: { files: 5, bytes: old.bytes, resumed: false },
    });
    expect((audits[0]?.details as { byTable: Record<string, number> }).byTable).toMatchObject({
      signal_frames: 4500,
      dropped_frames: 2,
      events: 3,
      media: 3,
      answers: 2,
      interviews: 1,
      candidates: 1,
    });
    expect(JSON.stringify(audits)).not.toMatch(/Grace|media\//);
  });

  it('never purges a held interview, nor a running one; a lifted hold lets it go', async () => {
    const held = seedFinishedInterview(db, dataDir, { startedAt: T0, endedAt: T0 + 60_000 });
    const running = seedFinishedInterview(db, dataDir, { startedAt: T0, endedAt: T0 + 60_000 });
    db.update(sessions)
      .set({ status: 'active', endedAt: null })
      .where(eq(sessions.id, running.sessionId))
      .run();
    const open = seedFinishedInterview(db, dataDir, { startedAt: T0, endedAt: T0 + 60_000 });
    db.insert(legalHolds)
      .values({ interviewId: held.interviewId, reason: 'Litigation', setBy: 1, setAt: T0 })
      .run();
    now = T0 + 400 * DAY_MS;

    // The runner has `open` in hand even though the database says it ended.
    const summary = await purge({ runningSessions: () => [open.sessionId] }).run();

    expect(summary).toMatchObject({ interviews: 0, held: 1 });
    for (const kept of [held, running, open]) {
      expect(kept.files.every((f) => existsSync(f))).toBe(true);
    }
    db.update(legalHolds).set({ liftedAt: now, liftedBy: 1, liftReason: 'Settled' }).run();
    expect((await purge().run()).interviews).toBe(2);
    expect(held.files.some((f) => existsSync(f))).toBe(false);
    expect(running.files.every((f) => existsSync(f))).toBe(true);
  });

  it('counts an interview that never ran from the later of its creation and its code’s expiry', async () => {
    const { interviewId } = seedTestInterview(db, {
      questions: [{ type: 'text', readingSeconds: 5, answerSeconds: 5 }],
      expiresAt: T0 + 10 * DAY_MS,
    });
    now = T0 + 39 * DAY_MS;
    expect((await purge().run()).interviews).toBe(0);
    now = T0 + 41 * DAY_MS;
    expect((await purge().run()).interviews).toBe(1);
    expect(count(db, 'SELECT COUNT(*) FROM interviews WHERE id = ?', interviewId)).toBe(0);
    expect(db.select().from(interviewAggregates).get()).toMatchObject({
      heldOn: null,
      sessionMinutes: null,
    });
  });

  it('finishes at the next start a purge cut off between its rows and its files', async () => {
    const old = seedFinishedInterview(db, dataDir, { startedAt: T0, endedAt: T0 + 60_000 });
    now = T0 + 31 * DAY_MS;
    const crashed = await purge({
      afterRows: () => {
        throw new Error('power cut');
      },
    }).run();
    expect(crashed.problem).toMatch(/power cut/);
    // Rows gone, files still there, and the mark says what is left to do.
    expect(count(db, 'SELECT COUNT(*) FROM interviews WHERE id = ?', old.interviewId)).toBe(0);
    expect(old.files.every((f) => existsSync(f))).toBe(true);
    expect(db.select().from(purges).get()).toMatchObject({ interviewId: old.interviewId });

    const next = await purge().start();

    expect(next).toMatchObject({ interviews: 1, resumed: 1, files: 5 });
    expect(old.files.some((f) => existsSync(f))).toBe(false);
    expect(count(db, 'SELECT COUNT(*) FROM purges')).toBe(0);
    expect(db.select().from(interviewAggregates).all()).toHaveLength(1);
  });

  it('finishes at the next start a purge whose process was killed (SIGKILL) before its files', async () => {
    const old = seedFinishedInterview(db, dataDir, {
      startedAt: T0,
      endedAt: T0 + 60_000,
      frames: 2000,
    });
    now = T0 + 31 * DAY_MS;
    const child = spawn(process.execPath, [
      await bundleForTest('electron/privacy/test-purge-child.ts', 'purge-child'),
      path.join(dataDir, 'station.sqlite'),
      String(now),
      MIGRATIONS_DIR,
    ]);
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('rows-deleted')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`The purge process ended (${code}) early.`)));
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    // Killed with the rows gone and the files still there: the mark is what is left.
    expect(count(db, 'SELECT COUNT(*) FROM interviews WHERE id = ?', old.interviewId)).toBe(0);
    expect(old.files.every((f) => existsSync(f))).toBe(true);
    expect(count(db, 'SELECT COUNT(*) FROM purges')).toBe(1);

    const next = await purge().start();

    expect(next).toMatchObject({ interviews: 1, resumed: 1, files: 5, bytes: old.bytes });
    expect(old.files.some((f) => existsSync(f))).toBe(false);
    expect(next.rows).toBeGreaterThan(2000);
  });

  it('finishes a purge stopped while deleting signal frames', async () => {
    const old = seedFinishedInterview(db, dataDir, {
      startedAt: T0,
      endedAt: T0 + 60_000,
      frames: 3000,
    });
    now = T0 + 31 * DAY_MS;
    const first = purge({ frameBatch: 500 });
    const run = first.run();
    await first.stop();
    await run;
    const left = count(
      db,
      'SELECT COUNT(*) FROM signal_frames WHERE session_id = ?',
      old.sessionId,
    );
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(3000);
    expect(count(db, 'SELECT COUNT(*) FROM interviews WHERE id = ?', old.interviewId)).toBe(1);

    const next = await purge().start();
    expect(next).toMatchObject({ interviews: 1, resumed: 1 });
    const audit = db.select().from(auditLog).where(eq(auditLog.action, 'retention_purge')).get();
    expect(audit?.details).toMatchObject({ byTable: { signal_frames: 3000 }, resumed: true });
  });

  it('reports files without rows and rows without files, and removes what a purge left', async () => {
    const live = seedFinishedInterview(db, dataDir, { startedAt: T0, endedAt: T0 + 60_000 });
    // A purge's leftovers: the folder of a session that is gone, a report of an interview gone.
    const gone = path.join(dataDir, 'media', 'session-999');
    mkdirSync(gone, { recursive: true });
    writeFileSync(path.join(gone, 'segment-1.mp4'), Buffer.alloc(1000));
    const oldExport = path.join(dataDir, 'exports', 'a'.repeat(32));
    mkdirSync(oldExport, { recursive: true });
    writeFileSync(path.join(oldExport, 'interview-report-Someone-999.pdf'), Buffer.alloc(500));
    // A row whose file vanished.
    rmSync(live.files[1] ?? '');

    const checker = purge();
    const summary = await checker.start();
    const state = checker.state().storage;
    expect(summary.interviews).toBe(0);
    expect(state).toMatchObject({
      filesWithoutRow: {
        count: 1,
        bytes: 16_000,
        sample: [path.join('media', `session-${live.sessionId}`, 'answer-2-take-0.wav')],
      },
      rowsWithoutFile: { count: 1, sample: [{ sessionId: live.sessionId, kind: 'answer_audio' }] },
      leftoversRemoved: { files: 2, bytes: 1500 },
    });
    expect(existsSync(gone)).toBe(false);
    expect(existsSync(oldExport)).toBe(false);
    expect(readdirSync(path.join(dataDir, 'exports'))).toHaveLength(1);
  });

  it('applies at most 3 years of retention whatever is stored', () => {
    writeSetting(db, 'retention.days', 3650);
    expect(readRetentionDays(db)).toBe(1095);
    writeSetting(db, 'retention.days', 45);
    expect(readRetentionDays(db)).toBe(45);
  });
});
