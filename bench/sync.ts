/**
 * npm run bench:sync — prints (never asserts on times) what the station's sync does against the
 * reference receiver run as `npm run cloud` runs it (its own process; PGlite in a temporary
 * folder, or the PostgreSQL of DATABASE_URL when set):
 * - N stations at once (20), each enrolled with its own code and with a finished session of
 *   real rows and sealed media: sessions sent / arrived (the receiver's receipt lists every
 *   item at its revision and every file complete with its SHA-256) / duplicated, and the
 *   request latency p50/p99 as the stations saw it (and as the receiver's histogram has it);
 * - a station's sync in a child process SIGKILLed part-way through a large file and started
 *   again: the bytes the receiver took beyond the files' sizes, as a share of the large file;
 * - one large file alone: throughput over loopback and the station process's CPU while syncing.
 * Exits non-zero only when something is broken: a session lost or duplicated, a kill that missed.
 * BENCH_SMOKE=1: 2 stations, a 4 MiB file.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sessionReceipt } from '../shared/sync-contract';
import { openDatabase, type Db } from '../db/open';
import { syncItems, syncUploads } from '../db/sync-schema';
import { bundleForTest } from '../electron/core/test-bundle';
import { enrolAt } from '../electron/sync/sync-credential';
import { SyncEngine } from '../electron/sync/sync-engine';
import { DEFAULT_CHUNK_BYTES } from '../electron/sync/sync-settings';
import { stableId, stationSyncId } from '../electron/sync/stable-ids';
import { enableOutbox, finishSession, tempDir } from '../electron/sync/test-sync-fixture';
import { SyncTransport } from '../electron/sync/transport';
import { announceSmoke, smokeOr } from './smoke';
import {
  histogramQuantile,
  quantile,
  startReceiver,
  sumOf,
  timeRequests,
  type Receiver,
} from './sync-receiver';

const MIB = 1024 * 1024;
const STATIONS = smokeOr(2, 20);
const STATION_RECORDING = smokeOr(256 * 1024, 4 * MIB);
const LARGE_FILE = smokeOr(4, 64) * MIB;
const migrationsDir = path.resolve('db', 'migrations');
const BYTES = 'receiver_upload_bytes_received_total';
const problems: string[] = [];
const dirs: string[] = [];

interface Station {
  db: Db;
  dataDir: string;
  stationId: string;
  credential: string;
  filesKey: Buffer;
  session: ReturnType<typeof finishSession>;
}

async function newStation(receiver: Receiver, name: string, recordingBytes: number) {
  const dataDir = tempDir('bench-sync-station-');
  dirs.push(dataDir);
  const db = openDatabase({ file: path.join(dataDir, 'station.db'), migrationsDir });
  const stationId = stationSyncId(db);
  const code = await receiver.issueCode();
  const { credential } = await enrolAt(receiver.url, { code, stationName: name, stationId });
  enableOutbox(db, receiver.url);
  const filesKey = randomBytes(32);
  const session = finishSession(db, dataDir, filesKey, { recordingBytes });
  return { db, dataDir, stationId, credential, filesKey, session } satisfies Station;
}

const fileBytes = (s: Station) => [...s.session.files.values()].reduce((n, f) => n + f.length, 0);

/** The station's sync loop as its worker runs it, until nothing is left to send. */
async function syncToIdle(s: Station): Promise<void> {
  const engine = new SyncEngine({
    db: s.db,
    dataDir: s.dataDir,
    transport: new SyncTransport({
      receiverUrl: receiverUrl(),
      credential: s.credential,
      urlStoreFile: path.join(s.dataDir, 'sync-uploads.json'),
      filesKey: s.filesKey,
      chunkBytes: DEFAULT_CHUNK_BYTES,
      bandwidthBytesPerSecond: 0,
    }),
    paused: () => false,
    backoff: { baseMs: 20, maxMs: 300 },
  });
  for (let i = 0; i < 10_000; i++) {
    const result = await engine.step();
    if (result === 'idle') break;
    if (result === 'failed') await new Promise((r) => setTimeout(r, engine.nextDelay()));
  }
  engine.stop();
}

let current: Receiver | null = null;
const receiverUrl = () => current?.url ?? '';

/** What the station holds as sent against the receiver's receipt for its session. */
async function checkArrival(s: Station) {
  const items = s.db.select().from(syncItems).all();
  const uploads = s.db.select().from(syncUploads).all();
  const sent =
    items.length > 0 &&
    items.every((i) => i.state === 'sent') &&
    uploads.length === s.session.files.size &&
    uploads.every((u) => u.state === 'done');
  const sessionUuid = stableId(s.stationId, 'session', s.session.sessionId);
  const response = await fetch(`${receiverUrl()}/v1/sessions/${sessionUuid}/receipt`, {
    headers: { authorization: `Bearer ${s.credential}` },
  });
  if (response.status !== 200) return { sent, arrived: false, duplicated: 0, items: 0 };
  const receipt = sessionReceipt.parse(await response.json());
  const held = new Map(receipt.items.map((i) => [i.id, i.revision]));
  // Candidates and interviews are the station's, not the session's: not in its receipt.
  const own = items.filter((r) => r.kind !== 'candidate' && r.kind !== 'interview');
  const digests = [...s.session.files.values()]
    .map((f) => createHash('sha256').update(f).digest('hex'))
    .sort();
  const arrived =
    own.every((r) => held.get(r.itemId) === r.revision) &&
    receipt.media.length === s.session.files.size &&
    receipt.media.every((m) => m.state === 'complete') &&
    receipt.media
      .map((m) => m.sha256)
      .sort()
      .join() === digests.join();
  return { sent, arrived, duplicated: receipt.items.length - held.size, items: own.length };
}

async function manyStations(receiver: Receiver): Promise<void> {
  const stations = await Promise.all(
    Array.from({ length: STATIONS }, (_, i) =>
      newStation(receiver, `Bench station ${i + 1}`, STATION_RECORDING),
    ),
  );
  const before = await receiver.metrics();
  const timer = timeRequests();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(stations.map(syncToIdle));
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  timer.stop();
  const after = await receiver.metrics();
  const checks = await Promise.all(stations.map(checkArrival));
  const sent = checks.filter((c) => c.sent).length;
  const arrived = checks.filter((c) => c.arrived).length;
  const duplicated = checks.reduce((n, c) => n + c.duplicated, 0);
  const items = checks.reduce((n, c) => n + c.items, 0);
  const redelivered =
    sumOf(after, 'receiver_items_total', ['result="duplicate"']) -
    sumOf(before, 'receiver_items_total', ['result="duplicate"']);
  const mib = stations.reduce((n, s) => n + fileBytes(s), 0) / MIB;
  console.log(`\n${STATIONS} stations at once, one session each (${mib.toFixed(1)} MiB of media)`);
  console.log(`  sessions sent ${sent} / arrived ${arrived} / duplicated ${duplicated}`);
  console.log(
    `  items: ${items} sent, each held once in the receipts; ${redelivered} re-deliveries the receiver recognised and stored once`,
  );
  const { latencies } = timer;
  console.log(
    `  request latency seen by the stations (${latencies.length} requests): p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms`,
  );
  console.log(
    `  the receiver's histogram: p50 ${histogramQuantile(before, after, 0.5)}, p99 ${histogramQuantile(before, after, 0.99)}`,
  );
  console.log(
    `  all done in ${(wall / 1000).toFixed(1)} s; the stations' process used ${(((cpu.user + cpu.system) / 1000 / wall) * 100).toFixed(0)} % of one core`,
  );
  if (arrived !== STATIONS) problems.push(`${STATIONS - arrived} sessions did not arrive`);
  if (duplicated > 0) problems.push(`${duplicated} items held twice`);
  for (const s of stations) s.db.$client.close();
}

async function killMidUpload(receiver: Receiver): Promise<void> {
  const child = await bundleForTest('electron/sync/test-sync-child.ts', 'bench-sync-child');
  const station = await newStation(receiver, 'Bench station killed', LARGE_FILE);
  station.db.$client.close();
  const env = {
    ...process.env,
    SYNC_DATA_DIR: station.dataDir,
    SYNC_MIGRATIONS_DIR: migrationsDir,
    SYNC_RECEIVER: receiver.url,
    SYNC_CREDENTIAL: station.credential,
    SYNC_FILES_KEY: station.filesKey.toString('hex'),
    SYNC_CHUNK_BYTES: String(DEFAULT_CHUNK_BYTES),
    // Unpaced over loopback, the kill lands mid-request; the small smoke file is paced so the
    // kill still lands before it is all sent.
    SYNC_RATE: String(smokeOr(16 * MIB, 0)),
  };
  const run = (rate?: string) => {
    const proc = spawn(process.execPath, [child], {
      env: rate ? { ...env, SYNC_RATE: rate } : env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return { proc, exited: new Promise<number | null>((r) => proc.once('exit', (c) => r(c))) };
  };
  const total = fileBytes(station);
  const start = sumOf(await receiver.metrics(), BYTES);
  const received = async () => sumOf(await receiver.metrics(), BYTES) - start;
  const first = run();
  // Killed once 40 % of the session's bytes went: well inside the large file, whatever the
  // order the files go in.
  while ((await received()) < total * 0.4 && first.proc.exitCode === null) {
    await new Promise((r) => setTimeout(r, 2));
  }
  first.proc.kill('SIGKILL');
  await first.exited;
  const beforeKill = await received();
  if (beforeKill >= total) problems.push('the kill landed after every byte was sent');
  const second = run('0');
  if ((await second.exited) !== 0) problems.push('the restarted sync did not finish');
  const resent = (await received()) - total;
  station.db = openDatabase({ file: path.join(station.dataDir, 'station.db'), migrationsDir });
  const check = await checkArrival(station);
  station.db.$client.close();
  if (!check.arrived) problems.push('the killed station’s session did not arrive');
  console.log(`\nA station SIGKILLed mid-upload of a ${LARGE_FILE / MIB} MiB file, then restarted`);
  console.log(
    `  killed at ${((beforeKill / total) * 100).toFixed(0)} % of the session's ${(total / MIB).toFixed(1)} MiB; session arrived: ${check.arrived ? 'yes' : 'NO'}`,
  );
  console.log(
    `  bytes re-sent: ${resent} of ${LARGE_FILE} (${((resent / LARGE_FILE) * 100).toFixed(2)} % of the file)`,
  );
}

async function oneLargeFile(receiver: Receiver): Promise<void> {
  const station = await newStation(receiver, 'Bench station large file', LARGE_FILE);
  const start = sumOf(await receiver.metrics(), BYTES);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await syncToIdle(station);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const bytes = sumOf(await receiver.metrics(), BYTES) - start;
  const check = await checkArrival(station);
  station.db.$client.close();
  if (!check.arrived) problems.push('the large file’s session did not arrive');
  console.log(`\nOne session with a ${LARGE_FILE / MIB} MiB file, alone, over loopback`);
  console.log(
    `  ${(bytes / MIB).toFixed(1)} MiB in ${(wall / 1000).toFixed(2)} s: ${(bytes / MIB / (wall / 1000)).toFixed(1)} MiB/s (hashing, opening the sealed file and sending)`,
  );
  console.log(
    `  the station's CPU while syncing: ${(((cpu.user + cpu.system) / 1000 / wall) * 100).toFixed(0)} % of one core`,
  );
}

announceSmoke();
const cloudDir = tempDir('bench-sync-receiver-');
dirs.push(cloudDir);
console.log(
  `Receiver: out/cloud/main.mjs on ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'PGlite in a temporary folder'}`,
);
try {
  current = await startReceiver(cloudDir);
  await manyStations(current);
  await killMidUpload(current);
  await oneLargeFile(current);
} catch (error) {
  problems.push(error instanceof Error ? error.message : String(error));
} finally {
  await current?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
if (problems.length > 0) {
  console.error(`\nbench:sync found something broken: ${problems.join('; ')}`);
  process.exit(1);
}
