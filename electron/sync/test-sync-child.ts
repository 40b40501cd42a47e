/**
 * Test helper, run as a child process (bundled by core/test-bundle.ts): a station's sync on
 * its data folder and database file, until there is nothing left to send; the kill test
 * SIGKILLs it mid-upload and starts it again. Everything it needs comes in the environment.
 */
import path from 'node:path';
import { openDatabase } from '../../db/open';
import { SyncEngine } from './sync-engine';
import { SyncTransport } from './transport';

const env = process.env;
const dataDir = env.SYNC_DATA_DIR ?? '';
const db = openDatabase({
  file: path.join(dataDir, 'station.db'),
  migrationsDir: env.SYNC_MIGRATIONS_DIR ?? '',
});
const transport = new SyncTransport({
  receiverUrl: env.SYNC_RECEIVER ?? '',
  credential: env.SYNC_CREDENTIAL ?? '',
  urlStoreFile: path.join(dataDir, 'sync-uploads.json'),
  filesKey: Buffer.from(env.SYNC_FILES_KEY ?? '', 'hex'),
  chunkBytes: Number(env.SYNC_CHUNK_BYTES),
  bandwidthBytesPerSecond: Number(env.SYNC_RATE),
});
const engine = new SyncEngine({
  db,
  dataDir,
  transport,
  paused: () => false,
  backoff: { baseMs: 20, maxMs: 200 },
});
for (;;) {
  const result = await engine.step();
  if (result === 'idle') break;
  if (result === 'failed') await new Promise((resolve) => setTimeout(resolve, engine.nextDelay()));
}
db.$client.close();
process.stdout.write('done\n');
