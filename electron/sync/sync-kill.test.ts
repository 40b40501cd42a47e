import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { MIGRATIONS_DIR } from '../../db/test-db';
import { syncUploads } from '../../db/sync-schema';
import { bundleForTest } from '../core/test-bundle';
import { startTestReceiver, type TestReceiver } from './test-receiver';
import { enableOutbox, finishSession, tempDir } from './test-sync-fixture';

const RECORDING_BYTES = 12 * 1024 * 1024;
const CHUNK_BYTES = 256 * 1024;
let child: string;
let receiver: TestReceiver;
const dirs: string[] = [];
const storageDir = tempDir('sync-kill-receiver-');

beforeAll(async () => {
  child = await bundleForTest('electron/sync/test-sync-child.ts', 'sync-child');
  receiver = await startTestReceiver({ storageDir });
});
afterAll(async () => {
  await receiver.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  rmSync(storageDir, { recursive: true, force: true });
});

function runChild(env: Record<string, string>) {
  const proc = spawn(process.execPath, [child], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  proc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, exited, output: () => output };
}

const CASES = [
  // Paced at 4 MiB/s (about 3 s for the recording): the kill lands between requests.
  { name: 'paced', rate: 4 * 1024 * 1024 },
  // Unpaced over loopback: the kill lands mid-request, with part of a chunk in flight.
  { name: 'unpaced', rate: 0 },
];

it.each(CASES)(
  'a station killed mid-upload ($name) resumes from the receiver’s offset after its restart',
  async ({ name, rate }) => {
    const dataDir = tempDir(`sync-kill-station-${name}-`);
    dirs.push(dataDir);
    const filesKey = randomBytes(32);
    const db = openDatabase({
      file: path.join(dataDir, 'station.db'),
      migrationsDir: MIGRATIONS_DIR,
    });
    enableOutbox(db, receiver.url);
    const { files } = finishSession(db, dataDir, filesKey, { recordingBytes: RECORDING_BYTES });
    const recording = db
      .select()
      .from(syncUploads)
      .where(eq(syncUploads.kind, 'recording_segment'))
      .get();
    db.$client.close();
    if (!recording) throw new Error('no recording upload');
    const credential = randomBytes(32).toString('base64url');
    receiver.credentials.add(credential);
    const env = {
      SYNC_DATA_DIR: dataDir,
      SYNC_MIGRATIONS_DIR: MIGRATIONS_DIR,
      SYNC_RECEIVER: receiver.url,
      SYNC_CREDENTIAL: credential,
      SYNC_FILES_KEY: filesKey.toString('hex'),
      SYNC_CHUNK_BYTES: String(CHUNK_BYTES),
      SYNC_RATE: String(rate),
    };
    const first = runChild(env);
    // Killed once over a third of the recording went.
    while ((receiver.patchBytes.get(recording.mediaId) ?? 0) < RECORDING_BYTES / 3) {
      if (first.proc.exitCode !== null) throw new Error(`child ended early: ${first.output()}`);
      await new Promise((resolve) => setTimeout(resolve, rate ? 10 : 1));
    }
    first.proc.kill('SIGKILL');
    await first.exited;
    const sentBeforeKill = receiver.patchBytes.get(recording.mediaId) ?? 0;
    expect(sentBeforeKill).toBeLessThan(RECORDING_BYTES);

    const second = runChild({ ...env, SYNC_RATE: '0' });
    expect(await second.exited, second.output()).toBe(0);
    const plain = files.get(recording.localMediaId);
    if (!plain) throw new Error('no plain content');
    expect(await receiver.sha256Of(recording.mediaId)).toBe(
      createHash('sha256').update(plain).digest('hex'),
    );
    // The same upload, resumed: never created again, and only what was in flight re-sent.
    expect(receiver.creations.get(recording.mediaId)).toBe(1);
    const resent = (receiver.patchBytes.get(recording.mediaId) ?? 0) - RECORDING_BYTES;
    const share = resent / RECORDING_BYTES;
    console.log(
      `sync kill (${name}) at ${((sentBeforeKill / RECORDING_BYTES) * 100).toFixed(0)} % of the file: ${resent} bytes re-sent of ${RECORDING_BYTES} (${(share * 100).toFixed(2)} %)`,
    );
    expect(share).toBeLessThan(0.05);
  },
  60_000,
);
