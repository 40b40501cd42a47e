/**
 * npm run bench:signals — prints (never asserts) how long a one-hour session's signals take
 * to write and to read back from a real SQLite file. Budget: a 1-hour session ≤ 150 ms.
 * Then voice detection: CPU per second of audio and detection on the sox-made test bank.
 * BENCH_SMOKE=1: two minutes, each read once; one speech recording and three other sounds.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATABASE_FILE, openFolderDatabase } from '../electron/station/station-database';
import { performance } from 'node:perf_hooks';
import { seedTestSession } from '../db/test-db';
import { readSignals, SignalWriter } from '../electron/signals/store/signal-store';
import { announceSmoke, SMOKE, smokeOr } from './smoke';
import { printVadFigures } from './vad-figures';

const MINUTES = smokeOr(2, 60);
const FRAMES = MINUTES * 60 * 15;
const RUNS = smokeOr(1, 10);
announceSmoke();

// Encrypted at rest, as a new station's database is.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-signals-'));
const file = path.join(dataDir, DATABASE_FILE);
const db = openFolderDatabase(dataDir, path.resolve('db', 'migrations'));
const sessionId = seedTestSession(db);

// 60 minutes at 15 fps, flushed once a second as the live pipeline does.
let now = 0;
const writer = new SignalWriter(db, sessionId, 1000, () => now);
const writeStart = performance.now();
for (let i = 0; i < FRAMES; i++) {
  now = (i * 1000) / 15;
  writer.add({
    tMs: now,
    faceCount: i % 300 === 0 ? 0 : 1,
    faceConfidence: 0.9,
    faceBox: [200, 120, 180, 180],
    earLeft: 0.3,
    earRight: 0.31,
    earAvg: 0.305,
    blink: false,
    pitch: -5,
    yaw: 10,
    roll: 2,
    gazeX: 0.1,
    gazeY: 0.05,
    lookingAway: false,
    voiceActive: i % 2 === 0,
    rms: 0.04,
  });
}
writer.flush();
const writeMs = performance.now() - writeStart;

function time(fn: () => unknown, runs = RUNS): string {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return `median ${samples[runs >> 1]?.toFixed(1)} ms, worst ${samples[runs - 1]?.toFixed(1)} ms`;
}

const middle = Math.floor(MINUTES / 2) * 60_000;
console.log(
  `signals bench: ${MINUTES} minutes at 15 fps = ${FRAMES.toLocaleString('en')} frames in ${file}`,
);
console.log(
  `  write (${(MINUTES * 60).toLocaleString('en')} one-second transactions): ${writeMs.toFixed(0)} ms in all`,
);
console.log(
  `  read the whole ${MINUTES} minutes: ${time(() => readSignals(db, sessionId))}  (budget 150 ms for an hour)`,
);
console.log(
  `  read one minute: ${time(() => readSignals(db, sessionId, middle, middle + 60_000))}`,
);
db.$client.close();
await printVadFigures(SMOKE);
