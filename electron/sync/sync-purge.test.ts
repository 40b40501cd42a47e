import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/open';
import { MIGRATIONS_DIR } from '../../db/test-db';
import { syncConfirmations } from '../../db/sync-schema';
import { writeSetting } from '../core/setting-store';
import { createTestStaff } from '../domain/test-staff';
import { RetentionPurge } from '../privacy/retention-purge';
import { DAY_MS } from '../privacy/retention-policy';
import { seedFinishedInterview } from '../privacy/test-purge';
import { SyncService } from './sync-service';
import { SYNC_SETTINGS } from './sync-settings';
import { startTestReceiver, type TestReceiver } from './test-receiver';
import { tempDir } from './test-sync-fixture';

const T0 = Date.UTC(2030, 0, 10, 9, 30);
let dataDir: string;
let storageDir: string;
let db: Db;
let receiver: TestReceiver;
let sync: SyncService;
let now = T0;

beforeEach(async () => {
  dataDir = tempDir('sync-purge-');
  storageDir = tempDir('sync-purge-receiver-');
  receiver = await startTestReceiver({ storageDir, codes: ['PURGE-CODE-0001'] });
  db = openDatabase({ file: path.join(dataDir, 'station.sqlite'), migrationsDir: MIGRATIONS_DIR });
  await createTestStaff(db, { role: 'admin' });
  writeSetting(db, 'retention.days', 30);
  sync = new SyncService({
    db,
    dataDir,
    clock: { now: () => now },
    log: () => {},
    filesKey: null,
    stationName: 'Purge station',
    workerFile: null,
    runningSessions: () => [],
  });
  await sync.enrol(
    { receiverUrl: receiver.url, code: 'PURGE-CODE-0001' },
    { actorKind: 'admin', actorId: 1 },
  );
});
afterEach(async () => {
  await sync.close();
  db.$client.close();
  await receiver.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(storageDir, { recursive: true, force: true });
});

const purge = () =>
  new RetentionPurge({
    db,
    dataDir,
    clock: { now: () => now },
    log: () => {},
    runningSessions: () => [],
    mayPurge: (sessionId) => sync.mayPurge(sessionId),
  });

it('with purge-only-when-confirmed, keeps a session past retention until the receiver confirmed it', async () => {
  writeSetting(db, SYNC_SETTINGS.purgeOnlyWhenConfirmed, true);
  const old = seedFinishedInterview(db, dataDir, { startedAt: T0, endedAt: T0 + 60_000 });
  now = T0 + 400 * DAY_MS;
  expect((await purge().run()).interviews).toBe(0);
  expect(old.files.every((f) => existsSync(f))).toBe(true);

  // As the sync loop records it once the receipt shows every item and file complete.
  db.insert(syncConfirmations).values({ sessionId: old.sessionId, confirmedAt: now }).run();
  expect((await purge().run()).interviews).toBe(1);
  expect(old.files.some((f) => existsSync(f))).toBe(false);
});

it('without the setting, the purge goes by retention alone', async () => {
  const old = seedFinishedInterview(db, dataDir, { startedAt: T0, endedAt: T0 + 60_000 });
  now = T0 + 400 * DAY_MS;
  expect((await purge().run()).interviews).toBe(1);
  expect(old.files.some((f) => existsSync(f))).toBe(false);
});
