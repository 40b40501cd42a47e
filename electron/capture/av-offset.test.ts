/**
 * Audio/video offset in the session recording, measured end to end with real parts: a
 * camera file with a white flash every two seconds (a sharp visual marker), speech played
 * into a PulseAudio null sink, the real ffmpeg camera service and arecord. Each marker is
 * compared with the session-clock stamp the capture gave it: the flash frame's stamp from the
 * camera service, the speech's stamp from the microphone's own chunks (the answer WAV, which
 * starts at the take's start on the session clock).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { media } from '../../db/schema';
import { createTestDb, seedTestSession } from '../../db/test-db';
import { systemClock } from '../core/clock';
import type { AnswerTake } from '../domain/session-events';
import { buildTestWorker } from '../signals/worker/test-worker';
import { tempFolder } from './camera-test-media';
import { SessionCapture } from './session-capture';
import { alignPcm, readPcm16, startTestPulse, writeSpeech, type TestPulse } from './test-pulse';

const FPS = 15;
/** The clip: black for 27 frames, then 3 white frames; looped, a flash every 2 s. */
const CLIP_FRAMES = 30;
const FLASH_AT = 27;
const SAMPLES_PER_MS = 16;
const LIMIT_MS = 50;

let pulse: TestPulse;
let workerFile = '';
let clip = '';
let speechFile = '';
let speech: Int16Array;

beforeAll(async () => {
  workerFile = await buildTestWorker('av-offset-signal-worker');
  const folder = tempFolder('av-offset-media-');
  clip = path.join(folder, 'flash-camera.mp4');
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    `color=c=black:s=640x480:r=${FPS}:d=${CLIP_FRAMES / FPS}`,
    '-vf',
    `drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='gte(n\\,${FLASH_AT})',format=yuv420p`,
    '-c:v',
    'libx264',
    '-g',
    String(FPS),
    clip,
  ]);
  speechFile = path.join(folder, 'speech.wav');
  speech = await writeSpeech('Tell us about a project you are proud of.', speechFile);
  pulse = await startTestPulse();
}, 60_000);
afterAll(async () => pulse?.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Presentation time (s) and mean luma of every frame of a recording, as ffmpeg decodes it. */
function lumaByFrame(file: string): { ptsSec: number; luma: number }[] {
  const out = execFileSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      `movie=${file},signalstats`,
      '-show_entries',
      'frame=pts_time:frame_tags=lavfi.signalstats.YAVG',
      '-of',
      'csv=p=0',
    ],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  return out
    .trim()
    .split('\n')
    .map((line) => {
      const [pts = 'NaN', luma = 'NaN'] = line.split(',');
      return { ptsSec: Number(pts), luma: Number(luma) };
    });
}

/** Indexes where a run of bright values starts (the first frame of each flash). */
function flashStarts(values: number[], threshold: number): number[] {
  return values.flatMap((value, i) =>
    value > threshold && (i === 0 || (values[i - 1] ?? 0) <= threshold) ? [i] : [],
  );
}

/** A recording's sound as 16 kHz mono samples. */
function soundOf(file: string): Int16Array {
  const raw = execFileSync(
    'ffmpeg',
    ['-v', 'error', '-i', file, '-vn', '-f', 's16le', '-ar', '16000', '-ac', '1', '-'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const samples = new Int16Array(Math.floor(raw.length / 2));
  new Uint8Array(samples.buffer).set(raw.subarray(0, samples.length * 2));
  return samples;
}

describe('the session recording’s audio/video offset', () => {
  it('puts the picture and the sound each within 50 ms of their session-clock stamps', async () => {
    const db = createTestDb();
    const dataDir = tempFolder('av-offset-data-');
    const startedAt = Date.now();
    const sessionId = seedTestSession(db, startedAt);
    const clock = () => Date.now() - startedAt;
    // Each delivered frame's stamp and mean brightness (rgb24, 0–255).
    const frames: { tMs: number; index: number; mean: number }[] = [];
    const capture = await SessionCapture.start({
      db,
      dataDir,
      resourcesDir: path.resolve('resources'),
      workerFile,
      source: { kind: 'file', path: clip },
      microphone: { device: 'pulse', env: pulse.env },
      sessionId,
      sessionStartedAt: startedAt,
      clock: systemClock,
      log: () => undefined,
      onFrame: (frame) => {
        let sum = 0;
        // Every 97th byte is plenty to tell a white frame from a black one.
        for (let i = 0; i < frame.data.length; i += 97) sum += frame.data[i] ?? 0;
        frames.push({ tMs: frame.tMs, index: frame.index, mean: sum / (frame.data.length / 97) });
      },
    });
    await sleep(1000);
    const take: AnswerTake = { answerId: 0, kind: 'audio', attempt: 1, startMs: clock() };
    capture.takeStarted(take);
    await sleep(300);
    await pulse.play(speechFile);
    await sleep(500);
    capture.takeEnded(take, clock(), true);
    await sleep(3000);
    await capture.stop();

    const mediaOf = (kind: 'recording' | 'answer_audio') =>
      db.select().from(media).where(eq(media.kind, kind)).all();
    const [recording] = mediaOf('recording');
    const [wav] = mediaOf('answer_audio');
    if (!recording || !wav) throw new Error('media missing');
    const recordingFile = path.join(dataDir, recording.relativePath);

    // Picture: each flash's first frame, where the camera service stamped it and where the
    // recording presents it.
    const stamped = flashStarts(
      frames.map((f) => f.mean),
      128,
    ).map((i) => frames[i]);
    const decoded = lumaByFrame(recordingFile);
    const presented = flashStarts(
      decoded.map((f) => f.luma),
      128,
    ).map((i) => decoded[i]);
    expect(stamped.length).toBeGreaterThanOrEqual(2);
    const videoOffsets = stamped.flatMap((frame) => {
      if (!frame) return [];
      // The presented flash nearest the stamp: flashes are 2 s apart, the limit is 50 ms.
      const nearest = presented
        .map((p) => (p ? recording.startMs + p.ptsSec * 1000 - frame.tMs : Infinity))
        .reduce((a, b) => (Math.abs(b) < Math.abs(a) ? b : a), Infinity);
      return [nearest];
    });

    // Sound: where the microphone's stamped chunks put the speech, and where the recording
    // plays it.
    const captured = await readPcm16(path.join(dataDir, wav.relativePath));
    const inWav = alignPcm(captured, speech, 0, captured.length - speech.length);
    const speechStampMs = take.startMs + inWav.index / SAMPLES_PER_MS;
    const sound = soundOf(recordingFile);
    const expected = Math.round((speechStampMs - recording.startMs) * SAMPLES_PER_MS);
    const heard = alignPcm(sound, speech, expected - 3200, 6400);
    const audioOffset = recording.startMs + heard.index / SAMPLES_PER_MS - speechStampMs;

    const avOffsets = videoOffsets.map((video) => audioOffset - video);
    console.log(
      `A/V in the recording: flashes ${videoOffsets.map((v) => `${v.toFixed(1)} ms`).join(', ')} ` +
        `from their stamps; speech ${audioOffset.toFixed(1)} ms from its stamp ` +
        `(correlation ${heard.correlation.toFixed(3)}); A/V offset ` +
        `${avOffsets.map((v) => `${v.toFixed(1)} ms`).join(', ')}`,
    );
    expect(inWav.correlation).toBeGreaterThan(0.99);
    expect(heard.correlation).toBeGreaterThan(0.9);
    expect(videoOffsets).toHaveLength(stamped.length);
    for (const offset of videoOffsets) expect(Math.abs(offset)).toBeLessThanOrEqual(LIMIT_MS);
    expect(Math.abs(audioOffset)).toBeLessThanOrEqual(LIMIT_MS);
    for (const offset of avOffsets) expect(Math.abs(offset)).toBeLessThanOrEqual(2 * LIMIT_MS);
    db.$client.close();
  }, 90_000);
});
