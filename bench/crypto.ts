/**
 * npm run bench:crypto — prints (never asserts) what encryption at rest costs:
 * - sealed files (AES-256-GCM in 64 KiB chunks): MB/s sealing and opening, the CPU share of
 *   one core that sealing a recording as it is written would take, and the time to the first
 *   byte of a range read (a video seek) in a file of a one-hour recording's size;
 * - a session recording sealed as the camera seals it: CPU, bytes on disk, and ffprobe and a clip
 *   cut through its plain view against the plain file;
 * - the database (SQLCipher): queries/s plain vs encrypted, and reading back a one-hour
 *   session's signals (what the replay opens with) from a plain and an encrypted file.
 * BENCH_SMOKE=1: a few MiB and a two-minute session.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { openDatabase, type Db } from '../db/open';
import { seedTestSession } from '../db/test-db';
import { extractClip } from '../electron/capture/answer-clip';
import { probeRecording } from '../electron/capture/recording';
import { SealedRecording } from '../electron/capture/sealed-recording';
import { SealedFileWriter } from '../electron/core/sealed-file';
import { readStoredFile } from '../electron/core/sealed-read';
import { readSetting, writeSetting } from '../electron/core/setting-store';
import { readSignals, SignalWriter } from '../electron/signals/store/signal-store';
import { announceSmoke, smokeOr } from './smoke';

const MIB = 1024 * 1024;
const SEAL_MIB = smokeOr(4, 512);
const RECORDING_SECONDS = smokeOr(2, 20);
const MINUTES = smokeOr(2, 60);
const QUERIES = smokeOr(1000, 200_000);
const SEEKS = smokeOr(3, 50);
const migrationsDir = path.resolve('db', 'migrations');

announceSmoke();
const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-crypto-'));
const filesKey = randomBytes(32);
const mbps = (bytes: number, ms: number) => `${(bytes / MIB / (ms / 1000)).toFixed(0)} MiB/s`;

async function drain(stream: Readable): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += (chunk as Buffer).length;
  return bytes;
}

/** Seals `source` in pipe-sized pieces (64 KiB, as ffmpeg's output pipe delivers); CPU ms. */
function seal(source: Buffer, target: string): { wallMs: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const writer = new SealedFileWriter(target, filesKey);
  for (let at = 0; at < source.length; at += 65_536) writer.write(source.subarray(at, at + 65_536));
  writer.end();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
}

async function sealedFiles(): Promise<void> {
  const plain = randomBytes(SEAL_MIB * MIB);
  const sealedFile = path.join(dir, 'sealed.bin');
  const sealed = seal(plain, sealedFile);
  const openStart = performance.now();
  await drain(readStoredFile(sealedFile, filesKey));
  const openMs = performance.now() - openStart;
  console.log(`sealed files, ${SEAL_MIB} MiB:`);
  console.log(`  seal ${mbps(plain.length, sealed.wallMs)}, open ${mbps(plain.length, openMs)}`);

  // A recording as the station makes it (640x480 at 15 fps, H.264 ultrafast, AAC), sealed.
  const recording = path.join(dir, 'recording.mp4');
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x480:rate=15'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=16000'],
    ...['-t', String(RECORDING_SECONDS), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '15'],
    ...['-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '48k'],
    ...['-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4', recording],
  ]);
  const bytes = readFileSync(recording);
  const perSecond = bytes.length / RECORDING_SECONDS;
  const cost = seal(bytes, path.join(dir, 'recording.sealed'));
  const share = cost.cpuMs / 1000 / RECORDING_SECONDS;
  console.log(
    `  a recording at ${((perSecond * 8) / 1e6).toFixed(2)} Mbit/s (testsrc2 640x480@15): sealing ` +
      `it takes ${(share * 100).toFixed(3)}% of one core (${cost.cpuMs.toFixed(1)} ms CPU for ` +
      `${RECORDING_SECONDS} s); an hour is ${((perSecond * 3600) / MIB).toFixed(0)} MiB`,
  );

  // Seeks: a 1 MiB range at spread offsets, first bytes timed, sealed vs plain.
  const plainFile = path.join(dir, 'plain.bin');
  execFileSync('cp', [sealedFile, plainFile]);
  const size = plain.length;
  const firstByte = async (open: (start: number, end: number) => Readable) => {
    const samples: number[] = [];
    for (let i = 0; i < SEEKS; i++) {
      const start = Math.floor(((i * 7919) % SEEKS) * (size / SEEKS)) % (size - MIB);
      const began = performance.now();
      const stream = open(start, start + MIB - 1);
      await new Promise((resolve) => stream.once('readable', resolve));
      samples.push(performance.now() - began);
      stream.destroy();
    }
    samples.sort((a, b) => a - b);
    return `median ${samples[samples.length >> 1]?.toFixed(2)} ms`;
  };
  const plainSeek = await firstByte((start, end) => createReadStream(plainFile, { start, end }));
  const sealedSeek = await firstByte((start, end) =>
    readStoredFile(sealedFile, filesKey, { start, end }),
  );
  console.log(`  first byte of a 1 MiB range: plain ${plainSeek}, sealed ${sealedSeek}`);
}

/**
 * A session recording as the camera seals it (capture/sealed-recording.ts: free-box padding
 * after each fragment), and what ffmpeg pays to read it through its plain view: ffprobe at a
 * resume or clip cut, and cutting the last 10 s as a video answer's clip is cut.
 */
async function sealedRecordings(): Promise<void> {
  const seconds = smokeOr(12, 600);
  const plainFile = path.join(dir, 'long.mp4');
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x480:rate=15'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=16000'],
    ...['-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '15'],
    ...['-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '48k'],
    ...['-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4', plainFile],
  ]);
  const bytes = readFileSync(plainFile);
  const sealedFile = path.join(dir, 'long.sealed.mp4');
  const cpu = process.cpuUsage();
  const recording = new SealedRecording(sealedFile, filesKey);
  for (let at = 0; at < bytes.length; at += 65_536)
    recording.write(bytes.subarray(at, at + 65_536));
  recording.end();
  const used = process.cpuUsage(cpu);
  const padding = (statSync(sealedFile).size - bytes.length) / bytes.length;
  console.log(
    `sealed session recording, ${seconds} s: ${(((used.user + used.system) / 1000 / 1000 / seconds) * 100).toFixed(3)}% ` +
      `of one core to seal as recorded, +${(padding * 100).toFixed(1)}% on disk (tags and fragment padding)`,
  );
  for (const [name, file, key] of [
    ['plain ', plainFile, null],
    ['sealed', sealedFile, filesKey],
  ] as const) {
    const probeStart = performance.now();
    await probeRecording(file, 'ffprobe', key);
    const probeMs = performance.now() - probeStart;
    const cutStart = performance.now();
    const out = path.join(dir, `cut-${name.trim()}.mp4`);
    await extractClip({
      recording: file,
      fromSec: seconds - 10,
      toSec: seconds,
      out,
      filesKey: key,
      sealWith: key,
    });
    const cutMs = performance.now() - cutStart;
    console.log(
      `  ${name}: ffprobe ${probeMs.toFixed(0)} ms, the last 10 s cut into a clip ${cutMs.toFixed(0)} ms`,
    );
  }
}

function time(fn: () => unknown, runs: number): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[runs >> 1] ?? 0;
}

function fillSession(db: Db): number {
  const sessionId = seedTestSession(db);
  let now = 0;
  const writer = new SignalWriter(db, sessionId, 1000, () => now);
  for (let i = 0; i < MINUTES * 60 * 15; i++) {
    now = (i * 1000) / 15;
    writer.add({
      ...{ tMs: now, faceCount: 1, faceConfidence: 0.9, faceBox: [200, 120, 180, 180] },
      ...{ earLeft: 0.3, earRight: 0.31, earAvg: 0.305, blink: false, pitch: -5, yaw: 10 },
      ...{ roll: 2, gazeX: 0.1, gazeY: 0.05, lookingAway: false, voiceActive: i % 2 === 0 },
      rms: 0.04,
    });
  }
  writer.flush();
  return sessionId;
}

function database(): void {
  console.log(`database, ${MINUTES}-minute session (${MINUTES * 900} signal frames):`);
  for (const encrypted of [false, true]) {
    const file = path.join(dir, encrypted ? 'encrypted.sqlite' : 'plain.sqlite');
    const key = encrypted ? randomBytes(32) : null;
    const db = openDatabase({ file, migrationsDir, key });
    const sessionId = fillSession(db);
    writeSetting(db, 'station.name', 'Bench');
    db.$client.close();
    // Opening checks every page (quick_check), so it decrypts the whole file: median of 5.
    const openMs = time(() => openDatabase({ file, migrationsDir, key }).$client.close(), 5);
    // Reopened, so the page cache of SQLite starts cold as at a replay's first open.
    const again = openDatabase({ file, migrationsDir, key });
    const firstRead = time(() => readSignals(again, sessionId), 1);
    const readMs = time(() => readSignals(again, sessionId), smokeOr(1, 10));
    const started = performance.now();
    for (let i = 0; i < QUERIES; i++) readSetting(again, 'station.name');
    const perSecond = QUERIES / ((performance.now() - started) / 1000);
    const writes = time(() => writeSetting(again, 'station.name', `Bench ${Math.random()}`), 200);
    again.$client.close();
    console.log(
      `  ${encrypted ? 'encrypted' : 'plain    '}: open ${openMs.toFixed(1)} ms, read the session's signals ` +
        `first ${firstRead.toFixed(1)} ms then median ${readMs.toFixed(1)} ms, ` +
        `${Math.round(perSecond).toLocaleString('en')} setting reads/s, ` +
        `a committed write ${writes.toFixed(3)} ms; file ${(statSync(file).size / MIB).toFixed(1)} MiB`,
    );
  }
}

try {
  await sealedFiles();
  await sealedRecordings();
  database();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
