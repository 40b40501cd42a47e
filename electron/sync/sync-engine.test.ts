import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../db/test-db';
import type { Db } from '../../db/open';
import { syncConfirmations, syncItems, syncUploads } from '../../db/sync-schema';
import { sessions } from '../../db/schema';
import { SyncEngine, type StepResult } from './sync-engine';
import { startTestReceiver, type TestReceiver } from './test-receiver';
import { enableOutbox, finishSession, tempDir } from './test-sync-fixture';
import { SyncTransport } from './transport';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function station(
  opts: { paused?: () => boolean; bandwidth?: number; tamperOnce?: Set<string> } = {},
) {
  const dataDir = tempDir('sync-station-');
  const storageDir = tempDir('sync-receiver-');
  cleanups.push(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(storageDir, { recursive: true, force: true });
  });
  const receiver = await startTestReceiver({ storageDir, tamperOnce: opts.tamperOnce });
  cleanups.push(() => receiver.close());
  const credential = randomBytes(32).toString('base64url');
  receiver.credentials.add(credential);
  const db = createTestDb();
  const outbox = enableOutbox(db, receiver.url);
  const filesKey = randomBytes(32);
  const transport = new SyncTransport({
    receiverUrl: receiver.url,
    credential,
    urlStoreFile: path.join(dataDir, 'sync-uploads.json'),
    filesKey,
    chunkBytes: 256 * 1024,
    bandwidthBytesPerSecond: opts.bandwidth ?? 0,
  });
  const engine = new SyncEngine({
    db,
    dataDir,
    transport,
    paused: opts.paused ?? (() => false),
    backoff: { baseMs: 20, maxMs: 400 },
  });
  cleanups.push(() => engine.stop());
  return { db, dataDir, filesKey, receiver, engine, outbox };
}

/** Steps until there is nothing left (or a step fails `failLimit` times). */
async function drain(engine: SyncEngine, failLimit = 0): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (let i = 0; i < 200; i++) {
    const result = await engine.step();
    results.push(result);
    if (result === 'idle' || result === 'paused') return results;
    if (result === 'failed' && results.filter((r) => r === 'failed').length > failLimit) {
      return results;
    }
  }
  throw new Error('sync did not settle');
}

const sha = (content: Buffer) => createHash('sha256').update(content).digest('hex');

async function expectAllArrived(db: Db, receiver: TestReceiver, files: Map<number, Buffer>) {
  const rows = db.select().from(syncItems).all();
  expect(rows.every((row) => row.state === 'sent')).toBe(true);
  for (const row of rows) expect(receiver.items.get(row.itemId)?.revision).toBe(row.revision);
  const uploads = db.select().from(syncUploads).all();
  expect(uploads).toHaveLength(files.size);
  for (const upload of uploads) {
    const plain = files.get(upload.localMediaId);
    if (!plain) throw new Error('no such file');
    expect(upload.state).toBe('done');
    expect(upload.sha256).toBe(sha(plain));
    // The receiver holds the PLAIN bytes (the station's copy is sealed at rest).
    expect(await receiver.sha256Of(upload.mediaId)).toBe(sha(plain));
  }
}

describe('the sync loop', () => {
  it('sends a whole session: every row, every file with its SHA-256, then the receipt confirms it', async () => {
    const { db, dataDir, filesKey, receiver, engine, outbox } = await station();
    const { sessionId, files } = finishSession(db, dataDir, filesKey);
    const results = await drain(engine);
    expect(results.at(-1)).toBe('idle');
    await expectAllArrived(db, receiver, files);
    expect(receiver.arrivals.every((a) => a.status === 'stored')).toBe(true);
    // The outbox keeps no copy of what it sent.
    const kept = JSON.stringify(db.select().from(syncItems).all());
    expect(kept).not.toContain('A written answer.');
    expect(kept).not.toContain('Question 1');
    const confirmed = () =>
      db
        .select()
        .from(syncConfirmations)
        .all()
        .map((c) => c.sessionId);
    expect(confirmed()).toEqual([sessionId]);

    // Something new of the session: unconfirmed until that has arrived too.
    db.update(sessions)
      .set({ integrityFlags: ['late_flag'] })
      .where(eq(sessions.id, sessionId))
      .run();
    outbox.sessionFinished(sessionId);
    expect(confirmed()).toEqual([]);
    await drain(engine);
    expect(confirmed()).toEqual([sessionId]);
  });

  it('the same rows sent twice are stored once', async () => {
    const { db, dataDir, filesKey, receiver, engine } = await station();
    finishSession(db, dataDir, filesKey);
    // Delivered, but the answer lost on the way back (a crash, a cut connection): the station
    // cannot know, so it sends the same batch again.
    const transport = engine['opts'].transport;
    const original = transport.sendBatch.bind(transport);
    let lost = 0;
    transport.sendBatch = async (items) => {
      const outcome = await original(items);
      if (lost++ > 0) return outcome;
      return { ok: false, error: 'The receiver cannot be reached.', status: null };
    };
    await drain(engine, 1);
    const written = db.select().from(syncItems).all().length;
    expect(receiver.items.size).toBe(written);
    expect(receiver.arrivals).toHaveLength(written * 2);
    expect(receiver.arrivals.slice(written).every((a) => a.status === 'duplicate')).toBe(true);
  });

  it('with the receiver down, it backs off and everything arrives after, in order', async () => {
    const { db, dataDir, filesKey, receiver, engine } = await station();
    const first = finishSession(db, dataDir, filesKey);
    receiver.setDown(true);
    expect(await drain(engine, 5)).toEqual(Array(6).fill('failed'));
    // Each wait doubles (with jitter: between half and all of the doubled ceiling), capped.
    const waits = Array.from({ length: 6 }, () => 0);
    const probe = new SyncEngine({
      db,
      dataDir,
      transport: {
        sendBatch: () => Promise.resolve({ ok: false, error: 'down', status: 503 }),
        upload: () => Promise.reject(new Error('unused')),
        receipt: () => Promise.resolve(null),
        stop: () => Promise.resolve(),
      },
      paused: () => false,
      backoff: { baseMs: 100, maxMs: 1600 },
      random: () => 1,
    });
    for (let i = 0; i < waits.length; i++) {
      await probe.step();
      waits[i] = probe.nextDelay();
    }
    expect(waits).toEqual([100, 200, 400, 800, 1600, 1600]);
    expect(engine.lastError).toContain('503');
    // Down while more sessions finish.
    const second = finishSession(db, dataDir, filesKey);
    engine.start();
    while (receiver.refused < 10) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(engine.delays.length).toBeGreaterThan(0);
    receiver.setDown(false);
    await engine.stop();
    await drain(engine);
    const files = new Map([...first.files, ...second.files]);
    await expectAllArrived(db, receiver, files);
    // In the order written, each once.
    const written = db.select().from(syncItems).orderBy(asc(syncItems.id)).all();
    expect(receiver.arrivals.map((a) => a.id)).toEqual(written.map((row) => row.itemId));
    expect(db.select().from(syncConfirmations).all()).toHaveLength(2);
  });

  it('holds while a session runs, and sends once it has ended', async () => {
    let running = true;
    const { db, dataDir, filesKey, receiver, engine } = await station({ paused: () => running });
    const { files } = finishSession(db, dataDir, filesKey);
    expect(await engine.step()).toBe('paused');
    expect(receiver.arrivals).toHaveLength(0);
    expect(receiver.patchBytes.size).toBe(0);
    running = false;
    await drain(engine);
    await expectAllArrived(db, receiver, files);
  });

  it('an interview starting mid-upload stops the upload; it resumes from the receiver’s offset after', async () => {
    let running = false;
    const { db, dataDir, filesKey, receiver, engine } = await station({
      paused: () => running,
      bandwidth: 4 * 1024 * 1024,
    });
    const size = 8 * 1024 * 1024;
    const { files } = finishSession(db, dataDir, filesKey, { recordingBytes: size });
    const recording = db
      .select()
      .from(syncUploads)
      .where(eq(syncUploads.kind, 'recording_segment'))
      .get();
    if (!recording) throw new Error('no recording');
    const sent = () => receiver.patchBytes.get(recording.mediaId) ?? 0;
    engine.start();
    while (sent() < size / 4) await new Promise((resolve) => setTimeout(resolve, 10));
    running = true;
    // As the station says when an interview starts: the upload stops, nothing more goes.
    await engine.hold();
    expect(await engine.step()).toBe('paused');
    const held = sent();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(sent()).toBe(held);
    expect(held).toBeLessThan(size);
    // Hashed once: the next try reuses it rather than reading the whole file again.
    const partway = db.select().from(syncUploads).where(eq(syncUploads.id, recording.id)).get();
    expect(partway).toMatchObject({ state: 'pending', totalBytes: size });
    expect(partway?.sha256).toMatch(/^[0-9a-f]{64}$/);
    running = false;
    await engine.stop();
    await drain(engine);
    await expectAllArrived(db, receiver, files);
    expect(receiver.creations.get(recording.mediaId)).toBe(1);
    expect(sent() - size).toBeLessThanOrEqual(256 * 1024);
  });

  it('a file the receiver finds altered (its SHA-256 differs) is sent again from the start', async () => {
    const tamperOnce = new Set<string>();
    const { db, dataDir, filesKey, receiver, engine } = await station({ tamperOnce });
    const { files } = finishSession(db, dataDir, filesKey);
    const clip = db.select().from(syncUploads).where(eq(syncUploads.kind, 'answer_clip')).get();
    if (!clip) throw new Error('no clip');
    tamperOnce.add(clip.mediaId);
    await drain(engine, 3);
    await expectAllArrived(db, receiver, files);
    expect(receiver.creations.get(clip.mediaId)).toBe(2);
  });

  it('keeps an item the receiver rejects, with its reason, and does not send it again', async () => {
    const { db, dataDir, filesKey, engine } = await station();
    finishSession(db, dataDir, filesKey);
    const original = engine['opts'].transport.sendBatch.bind(engine['opts'].transport);
    let rejectedId = '';
    engine['opts'].transport.sendBatch = async (items) => {
      const outcome = await original(items);
      if (!outcome.ok || rejectedId) return outcome;
      rejectedId = items[0]?.id ?? '';
      return {
        ok: true,
        results: outcome.results.map((r) =>
          r.id === rejectedId ? { id: r.id, status: 'rejected', reason: 'Unknown job.' } : r,
        ),
      };
    };
    await drain(engine);
    const row = db.select().from(syncItems).where(eq(syncItems.itemId, rejectedId)).get();
    expect(row).toMatchObject({ state: 'rejected', reason: 'Unknown job.', attempts: 1 });
  });
});
