import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb } from '../../db/test-db';
import { syncItems, syncUploads } from '../../db/sync-schema';
import { bundleForTest } from '../core/test-bundle';
import { DEFAULT_CHUNK_BYTES } from './sync-settings';
import { SyncEngine } from './sync-engine';
import { startTestReceiver, type TestReceiver } from './test-receiver';
import { enableOutbox, finishSession, tempDir } from './test-sync-fixture';
import { WorkerTransport } from './worker-transport';

const RECORDING_BYTES = 32 * 1024 * 1024;
let workerFile: string;
let receiver: TestReceiver;
const dataDir = tempDir('sync-worker-station-');
const storageDir = tempDir('sync-worker-receiver-');

beforeAll(async () => {
  workerFile = await bundleForTest('electron/sync/sync-worker.ts', 'sync-worker');
  receiver = await startTestReceiver({ storageDir });
});
afterAll(async () => {
  await receiver.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(storageDir, { recursive: true, force: true });
});

it('sends a session through the worker thread: sealed media arrive as their plain bytes', async () => {
  const db = createTestDb();
  enableOutbox(db, receiver.url);
  const filesKey = randomBytes(32);
  const { files } = finishSession(db, dataDir, filesKey, { recordingBytes: RECORDING_BYTES });
  const credential = randomBytes(32).toString('base64url');
  receiver.credentials.add(credential);
  const transport = new WorkerTransport(workerFile, {
    receiverUrl: receiver.url,
    credential,
    urlStoreFile: path.join(dataDir, 'sync-uploads.json'),
    filesKey,
    chunkBytes: DEFAULT_CHUNK_BYTES,
    bandwidthBytesPerSecond: 0,
  });
  const engine = new SyncEngine({ db, dataDir, transport, paused: () => false });
  const began = performance.now();
  for (let i = 0; i < 100 && (await engine.step()) !== 'idle'; i++);
  const seconds = (performance.now() - began) / 1000;
  await transport.terminate();
  const bytes = [...files.values()].reduce((sum, f) => sum + f.length, 0);
  console.log(
    `sync throughput over loopback (worker, sealed media, 1 MiB chunks): ${(bytes / 1024 / 1024 / seconds).toFixed(1)} MiB/s for ${(bytes / 1024 / 1024).toFixed(1)} MiB`,
  );
  expect(db.select().from(syncItems).where(eq(syncItems.state, 'pending')).all()).toHaveLength(0);
  for (const upload of db.select().from(syncUploads).all()) {
    const plain = files.get(upload.localMediaId);
    if (!plain) throw new Error('no such file');
    expect(upload.state).toBe('done');
    expect(await receiver.sha256Of(upload.mediaId)).toBe(
      createHash('sha256').update(plain).digest('hex'),
    );
  }
}, 60_000);
