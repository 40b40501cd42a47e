/**
 * Encryption at rest for what capture writes: the session recording, answer takes (WAV) and
 * video-answer clips are sealed as they are written, read back (ffprobe, ffmpeg, the clip
 * cutter, take recovery) through their plain views, and survive a crash of the station.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { media } from '../../db/schema';
import { withPlainView } from '../core/plain-view';
import { isSealedFile } from '../core/sealed-file';
import { readStoredHeadSync } from '../core/sealed-read';
import { bundleForTest } from '../core/test-bundle';
import { extractClip } from './answer-clip';
import { startCamera } from './camera';
import { makeFaceClip, tempFolder } from './camera-test-media';
import { probeRecording } from './recording';
import { recoverInterruptedTakes } from './take-recovery';
import { crashMidTake, writeSessionRecording } from './test-crashed-take';
import { WavWriter } from './wav-writer';

const key = randomBytes(32);
let folder = '';
let clip = '';
let writerScript = '';
let cameraScript = '';
const dbs: Db[] = [];

beforeAll(async () => {
  folder = tempFolder('sealed-media-test-');
  clip = makeFaceClip(folder, 3);
  [writerScript, cameraScript] = await Promise.all([
    bundleForTest('electron/capture/test-take-writer.ts', 'take-writer'),
    bundleForTest('electron/capture/test-sealed-camera.ts', 'sealed-camera'),
  ]);
}, 60_000);

afterAll(() => {
  for (const db of dbs) db.$client.close();
  rmSync(folder, { recursive: true, force: true });
});

/** A plain MP4 or WAV names itself in its first bytes; a sealed one must not. */
function expectNoPlainMarkers(file: string): void {
  const bytes = readFileSync(file);
  expect(isSealedFile(file)).toBe(true);
  for (const marker of ['ftyp', 'moov', 'moof', 'mdat', 'RIFF', 'WAVE', 'Lavf']) {
    expect(bytes.includes(Buffer.from(marker, 'latin1'))).toBe(false);
  }
}

describe('sealed session recordings', () => {
  it('the camera seals the recording as it writes it; it plays with the key only', async () => {
    const recordingFile = path.join(folder, 'sealed-session.mp4');
    const camera = await startCamera({
      source: { kind: 'file', path: clip },
      recordingFile,
      sealWith: key,
    });
    const startedAt = performance.now();
    await sleep(3_000);
    await camera.stop();
    const ranSeconds = (performance.now() - startedAt) / 1000;
    expectNoPlainMarkers(recordingFile);
    const info = await probeRecording(recordingFile, 'ffprobe', key);
    expect(info).toMatchObject({ codec: 'h264', width: 640, height: 480 });
    expect(Math.abs(info.durationSeconds - ranSeconds)).toBeLessThan(0.6);
    await expect(probeRecording(recordingFile)).rejects.toThrow();
    await expect(probeRecording(recordingFile, 'ffprobe', randomBytes(32))).rejects.toThrow();
  }, 30_000);

  it('a station killed mid-session leaves a sealed recording that plays to near the kill', async () => {
    const recordingFile = path.join(folder, 'killed-station.mp4');
    const child = spawn(process.execPath, [cameraScript, clip, recordingFile, key.toString('hex')]);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = once(child, 'exit');
    while (!/recording (\d+)/.test(out)) {
      if (child.exitCode !== null) throw new Error(`camera process: ${out}`);
      await sleep(20);
    }
    const ffmpegPid = Number(/recording (\d+)/.exec(out)?.[1]);
    const startedAt = performance.now();
    await sleep(4_000);
    child.kill('SIGKILL');
    const ranSeconds = (performance.now() - startedAt) / 1000;
    await exited;
    // ffmpeg loses its pipe with the station and ends too.
    for (let i = 0; i < 50 && isAlive(ffmpegPid); i++) await sleep(100);
    expect(isAlive(ffmpegPid)).toBe(false);

    const info = await probeRecording(recordingFile, 'ffprobe', key);
    console.log(
      `sealed recording after a station kill at ${ranSeconds.toFixed(1)} s: plays ` +
        `${info.durationSeconds.toFixed(2)} s`,
    );
    expect(info.codec).toBe('h264');
    // What a plain recording keeps (recording.test.ts): all but ffmpeg's unfinished fragment.
    expect(info.durationSeconds).toBeGreaterThanOrEqual(ranSeconds - 2);
    expect(info.durationSeconds).toBeLessThanOrEqual(ranSeconds + 0.5);
    // And a clip cut from it after the crash is sealed too.
    const cut = path.join(folder, 'cut-after-kill.mp4');
    await extractClip({
      recording: recordingFile,
      fromSec: 1,
      toSec: 2.5,
      out: cut,
      sealWith: key,
    });
    expectNoPlainMarkers(cut);
    const cutInfo = await probeRecording(cut, 'ffprobe', key);
    expect(Math.abs(cutInfo.durationSeconds - 1.5)).toBeLessThan(0.2);
  }, 30_000);
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('sealed answer takes', () => {
  it('a sealed WAV gets its real header at close and plays as long as it was written', async () => {
    const file = path.join(folder, 'sealed-take.wav');
    const wav = new WavWriter(file, key);
    const second = new Int16Array(16_000).map((_, i) => Math.round(6000 * Math.sin(i / 5)));
    for (let i = 0; i < 5; i++) wav.write(second);
    wav.close();
    expectNoPlainMarkers(file);
    const head = readStoredHeadSync(file, key, 44);
    expect(head.toString('ascii', 0, 4)).toBe('RIFF');
    expect(head.readUInt32LE(40)).toBe(5 * 32_000);
    const seconds = await withPlainView(file, key, async (input) => {
      const { execFile } = await import('node:child_process');
      const { promisify } = await import('node:util');
      const { stdout } = await promisify(execFile)('ffprobe', [
        ...['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', input],
      ]);
      return Number(stdout.trim());
    });
    expect(seconds).toBeCloseTo(5, 2);
  });

  it('a sealed take cut off by SIGKILL is recovered sealed, with its header repaired', async () => {
    const dataDir = tempFolder('sealed-take-');
    const crash = await crashMidTake({
      writerScript,
      dataDir,
      kind: 'audio',
      seconds: 3.2,
      sealWith: key,
    });
    dbs.push(crash.db);
    const recovered = await recoverInterruptedTakes({
      db: crash.db,
      dataDir,
      log: () => {},
      filesKey: key,
      sealWith: key,
    });
    expect(recovered).toEqual([expect.objectContaining({ kind: 'answer_audio' })]);
    const row = crash.db
      .select()
      .from(media)
      .where(eq(media.id, recovered[0]?.mediaId ?? -1))
      .get();
    const file = path.join(dataDir, row?.relativePath ?? '');
    expectNoPlainMarkers(file);
    const head = readStoredHeadSync(file, key, 44);
    // Every whole 16 KiB chunk written before the kill: at most half a second is lost.
    const kept = head.readUInt32LE(40) / 32_000;
    expect(kept).toBeGreaterThan(3.2 - 0.55);
    expect(kept).toBeLessThanOrEqual(3.2);
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('a sealed video take is cut from the sealed recording into a sealed clip', async () => {
    const dataDir = tempFolder('sealed-video-take-');
    const crash = await crashMidTake({
      writerScript,
      dataDir,
      kind: 'video',
      seconds: 2.5,
      sealWith: key,
      beforeTake: (db, sessionId) => writeSessionRecording(db, dataDir, sessionId, 6, 0, key),
    });
    dbs.push(crash.db);
    const recovered = await recoverInterruptedTakes({
      db: crash.db,
      dataDir,
      log: () => {},
      filesKey: key,
      sealWith: key,
    });
    expect(recovered).toEqual([expect.objectContaining({ kind: 'answer_video' })]);
    const row = crash.db
      .select()
      .from(media)
      .where(eq(media.id, recovered[0]?.mediaId ?? -1))
      .get();
    const file = path.join(dataDir, row?.relativePath ?? '');
    expectNoPlainMarkers(file);
    const info = await probeRecording(file, 'ffprobe', key);
    expect(info.codec).toBe('h264');
    expect(Math.abs(info.durationSeconds - 2.5)).toBeLessThan(0.6);
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);
});
