/**
 * The station's sync against the reference receiver as `npm run cloud` runs it — its own
 * process, on its embedded PostgreSQL (PGlite), over HTTP only: a finished session of real
 * rows and sealed media arrives whole (the receiver's receipt lists every item and every file
 * complete, with the plain file's SHA-256), the same rows sent again are stored once, and the
 * receiver killed mid-sync and started again loses and duplicates nothing.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionReceipt } from '../../shared/sync-contract';
import { syncItems, syncUploads } from '../../db/sync-schema';
import { createTestDb } from '../../db/test-db';
import { enrolAt } from './sync-credential';
import { SyncEngine, type StepResult } from './sync-engine';
import { stableId, stationSyncId } from './stable-ids';
import { enableOutbox, finishSession, tempDir } from './test-sync-fixture';
import { SyncTransport } from './transport';

// Inside the repository, so the bundle finds the receiver's packages in node_modules.
const outDir = path.resolve(`out/receiver-for-sync-test-${process.pid}`);
const bundle = path.join(outDir, 'main.mjs');
const cloudData = tempDir('receiver-data-');
let env: NodeJS.ProcessEnv;
let base = '';
let child: ChildProcess | null = null;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

async function startReceiver(): Promise<void> {
  child = spawn(process.execPath, [bundle], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the receiver did not come up');
}

function killReceiver(): Promise<void> {
  const running = child;
  child = null;
  if (!running || running.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    running.once('exit', () => resolve());
    running.kill('SIGKILL');
  });
}

const issueCode = () => {
  const printed = execFileSync(process.execPath, [bundle, 'issue-code'], { env }).toString();
  const code = /Enrolment code: (\S+)/.exec(printed)?.[1];
  if (!code) throw new Error(`no code in: ${printed}`);
  return code;
};

const sha = (content: Buffer) => createHash('sha256').update(content).digest('hex');

beforeAll(async () => {
  await build({
    entryPoints: ['cloud/src/main.ts'],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  env = {
    ...process.env,
    PORT: String(port),
    CLOUD_DATA_DIR: cloudData,
    CLOUD_MIGRATIONS_DIR: path.resolve('cloud/db/migrations'),
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
}, 60_000);

afterAll(async () => {
  await killReceiver();
  rmSync(outDir, { recursive: true, force: true });
  rmSync(cloudData, { recursive: true, force: true });
});

describe('sync to the reference receiver', () => {
  it('sends a whole session once, through a receiver killed and restarted mid-sync', async () => {
    // The embedded database takes one process at a time: the code is issued before it serves.
    const code = issueCode();
    await startReceiver();
    const db = createTestDb();
    const stationId = stationSyncId(db);
    const { credential } = await enrolAt(base, { code, stationName: 'Test station', stationId });
    const dataDir = tempDir('sync-real-');
    enableOutbox(db, base);
    const filesKey = randomBytes(32);
    const { sessionId, files } = finishSession(db, dataDir, filesKey, {
      recordingBytes: 3 * 1024 * 1024,
    });
    const engine = new SyncEngine({
      db,
      dataDir,
      transport: new SyncTransport({
        receiverUrl: base,
        credential,
        urlStoreFile: path.join(dataDir, 'sync-uploads.json'),
        filesKey,
        chunkBytes: 256 * 1024,
        bandwidthBytesPerSecond: 0,
      }),
      paused: () => false,
      backoff: { baseMs: 20, maxMs: 300 },
    });

    // A few steps, then the receiver dies under the station and comes back.
    const results: StepResult[] = [];
    for (let i = 0; i < 2; i++) results.push(await engine.step());
    await killReceiver();
    results.push(await engine.step());
    expect(results.at(-1)).toBe('failed');
    await startReceiver();
    for (let i = 0; i < 300; i++) {
      const result = await engine.step();
      if (result === 'idle') break;
      if (result === 'failed') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    engine.stop();

    const items = db.select().from(syncItems).all();
    expect(items.length).toBeGreaterThan(5);
    expect(items.every((row) => row.state === 'sent')).toBe(true);
    const uploads = db.select().from(syncUploads).all();
    expect(uploads).toHaveLength(files.size);
    expect(uploads.every((u) => u.state === 'done')).toBe(true);

    // The receiver's word: every item of the session, every file complete with its SHA-256.
    const sessionUuid = stableId(stationId, 'session', sessionId);
    const response = await fetch(`${base}/v1/sessions/${sessionUuid}/receipt`, {
      headers: { authorization: `Bearer ${credential}` },
    });
    expect(response.status).toBe(200);
    const receipt = sessionReceipt.parse(await response.json());
    expect(receipt.media).toHaveLength(files.size);
    expect(receipt.media.every((m) => m.state === 'complete')).toBe(true);
    const plainDigests = [...files.values()].map(sha).sort();
    expect(receipt.media.map((m) => m.sha256).sort()).toEqual(plainDigests);
    const held = new Map(receipt.items.map((i) => [i.id, i.revision]));
    for (const row of items.filter((r) => r.kind !== 'candidate' && r.kind !== 'interview')) {
      expect(held.get(row.itemId), `${row.kind} ${row.itemId}`).toBe(row.revision);
    }
    // Nothing twice: one receipt entry per item id.
    expect(held.size).toBe(receipt.items.length);
    await killReceiver();
    rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);
});
