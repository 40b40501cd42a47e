import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { answers, events, media, sessionSegments } from '../../db/schema';
import { createTestDb, seedTestSession } from '../../db/test-db';
import { systemClock } from '../core/clock';
import type { AnswerTake } from '../domain/session-events';
import { makeFaceClip, tempFolder } from './camera-test-media';
import { DeviceFeed } from './device-feed';
import { readRegistry } from './process-registry';
import { buildTestWorker } from '../signals/worker/test-worker';
import { SessionCapture } from './session-capture';
import { alignPcm, readPcm16, startTestPulse, writeSpeech, type TestPulse } from './test-pulse';

const resourcesDir = path.resolve('resources');
let workerFile = '';
const SAMPLES_PER_MS = 16;

let pulse: TestPulse;
let clip = '';
let speechFile = '';
let speech: Int16Array;

beforeAll(async () => {
  workerFile = await buildTestWorker('capture-signal-worker');
  const folder = tempFolder('session-capture-media-');
  clip = makeFaceClip(folder, 4);
  speechFile = path.join(folder, 'speech.wav');
  speech = await writeSpeech(
    'Please state your name and the role you are applying for.',
    speechFile,
  );
  pulse = await startTestPulse();
}, 60_000);
afterAll(async () => pulse?.stop());

/** ffprobe's reading of a file: its duration and the codecs of its streams. */
function probe(file: string): { duration: number; codecs: string[] } {
  const out = JSON.parse(
    execFileSync('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'format=duration:stream=codec_name',
      '-of',
      'json',
      file,
    ]).toString(),
  ) as { format: { duration: string }; streams: { codec_name: string }[] };
  return { duration: Number(out.format.duration), codecs: out.streams.map((s) => s.codec_name) };
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('SessionCapture', () => {
  let db: Db;
  let dataDir: string;
  let sessionId: number;
  let startedAt: number;
  const log: string[] = [];

  beforeEach(() => {
    dataDir = tempFolder('session-capture-data-');
    db = createTestDb();
    startedAt = Date.now();
    sessionId = seedTestSession(db, startedAt);
    log.length = 0;
  });
  afterEach(() => db.$client.close());

  const clock = () => Date.now() - startedAt;
  const answerIds = () =>
    db
      .select({ id: answers.id })
      .from(answers)
      .where(eq(answers.sessionId, sessionId))
      .all()
      .map((a) => a.id);
  const start = (extra: Partial<Parameters<typeof SessionCapture.start>[0]> = {}) =>
    SessionCapture.start({
      db,
      dataDir,
      resourcesDir,
      workerFile,
      source: { kind: 'file', path: clip },
      microphone: { device: 'pulse', env: pulse.env },
      sessionId,
      sessionStartedAt: startedAt,
      clock: systemClock,
      log: (line) => log.push(line),
      ...extra,
    });
  const mediaOf = (kind: (typeof media.$inferSelect)['kind']) =>
    db.select().from(media).where(eq(media.kind, kind)).all();

  it('records sound with the picture, and gives audio and video answers their own media', async () => {
    const stored: number[] = [];
    const feed = new DeviceFeed();
    const capture = await start({ feed, onAnswerMedia: (id) => stored.push(id) });
    const [answerId = 0] = answerIds();
    await sleep(1500);
    expect(feed.current()).toMatchObject({ camera: 'ok', microphone: 'ok' });
    expect(feed.current().preview).toMatch(/^data:image\/jpeg;base64,/);

    // An audio answer while the speech plays.
    const audioTake: AnswerTake = { answerId, kind: 'audio', attempt: 1, startMs: clock() };
    capture.takeStarted(audioTake);
    await sleep(300);
    const playedAtMs = clock();
    await pulse.play(speechFile);
    await sleep(500);
    const audioEnd = clock();
    capture.takeEnded(audioTake, audioEnd, true);

    // A video answer of the same answer row (a later take), three seconds long.
    const videoTake: AnswerTake = { answerId, kind: 'video', attempt: 2, startMs: clock() };
    capture.takeStarted(videoTake);
    await sleep(3000);
    const videoEnd = clock();
    capture.takeEnded(videoTake, videoEnd, true);
    await capture.stop();

    const [wav] = mediaOf('answer_audio');
    const [video] = mediaOf('answer_video');
    const [recording] = mediaOf('recording');
    if (!wav || !video || !recording) throw new Error('media missing');
    expect(stored).toEqual([answerId, answerId]);
    expect(db.select().from(answers).where(eq(answers.id, answerId)).get()?.mediaId).toBe(video.id);

    // The audio answer: exactly its time on the session clock, and exactly what was played.
    const wavFile = path.join(dataDir, wav.relativePath);
    const audioSeconds = (statSync(wavFile).size - 44) / 2 / 16_000;
    expect(audioSeconds).toBeCloseTo((audioEnd - audioTake.startMs) / 1000, 2);
    const captured = await readPcm16(wavFile);
    const expectedIndex = (playedAtMs - audioTake.startMs) * SAMPLES_PER_MS;
    const found = alignPcm(captured, speech, expectedIndex - 1600, 6400);
    console.log(
      `audio answer: correlation ${found.correlation.toFixed(4)}, speech starts ${((found.index - expectedIndex) / SAMPLES_PER_MS).toFixed(0)} ms after paplay was asked to play`,
    );
    expect(found.correlation).toBeGreaterThan(0.99);

    // The video answer: its own MP4 with picture and sound, as long as the answer (±5%).
    const videoSeconds = (videoEnd - videoTake.startMs) / 1000;
    const clipInfo = probe(path.join(dataDir, video.relativePath));
    expect(clipInfo.codecs).toEqual(expect.arrayContaining(['h264', 'aac']));
    expect(Math.abs(clipInfo.duration - videoSeconds) / videoSeconds).toBeLessThan(0.05);

    // The session recording carries the sound, on the same clock as its frames: the speech
    // is where the session clock says it was played.
    const recordingFile = path.join(dataDir, recording.relativePath);
    expect(probe(recordingFile).codecs).toEqual(expect.arrayContaining(['h264', 'aac']));
    const sound = soundOf(recordingFile);
    const inRecording = (playedAtMs - recording.startMs) * SAMPLES_PER_MS;
    const heard = alignPcm(sound, speech, inRecording - 4800, 9600);
    const offsetMs = (heard.index - inRecording) / SAMPLES_PER_MS;
    console.log(
      `recording: speech at ${offsetMs.toFixed(0)} ms from its session-clock time, correlation ${heard.correlation.toFixed(3)}`,
    );
    expect(heard.correlation).toBeGreaterThan(0.9);
    expect(Math.abs(offsetMs)).toBeLessThan(100);
  }, 60_000);

  it('deletes a take recorded again', async () => {
    const capture = await start();
    const [answerId = 0] = answerIds();
    const take: AnswerTake = { answerId, kind: 'audio', attempt: 1, startMs: clock() };
    capture.takeStarted(take);
    await sleep(800);
    capture.takeEnded(take, clock(), false);
    await capture.stop();
    expect(mediaOf('answer_audio')).toEqual([]);
    const files = execFileSync('find', [dataDir, '-name', '*.wav']).toString().trim();
    expect(files).toBe('');
  }, 30_000);

  it('reconnects a lost camera into a new segment and a lost microphone, telling the candidate', async () => {
    const told: string[] = [];
    const capture = await start({
      retryDelaysMs: [300],
      onDevice: (_id, device, lost) => told.push(`${device} ${lost ? 'lost' : 'back'}`),
    });
    await sleep(1500);
    // A video answer that spans the camera's reconnect.
    const [answerId = 0] = answerIds();
    const take: AnswerTake = { answerId, kind: 'video', attempt: 1, startMs: clock() };
    capture.takeStarted(take);
    await sleep(500);
    const pidOf = (what: string) => readRegistry(dataDir).find((e) => e.what === what)?.pid;
    const cameraPid = pidOf('camera');
    expect(cameraPid).toBeGreaterThan(0);
    process.kill(cameraPid ?? 0, 'SIGKILL');
    await until(() => told.includes('camera back'), 15_000, 'the camera to come back');
    await sleep(1500);
    const takeEnd = clock();
    capture.takeEnded(take, takeEnd, true);
    const micPid = pidOf('microphone');
    process.kill(micPid ?? 0, 'SIGKILL');
    await until(() => told.includes('microphone back'), 15_000, 'the microphone to come back');
    await sleep(1000);
    await capture.stop();

    expect(told).toEqual(['camera lost', 'camera back', 'microphone lost', 'microphone back']);
    const lost = db.select().from(events).where(eq(events.sessionId, sessionId)).all();
    expect(lost.map((e) => e.type)).toEqual(['camera_lost', 'mic_lost']);
    for (const event of lost) expect(event.endMs).toBeGreaterThan(event.startMs);
    const segments = db
      .select()
      .from(sessionSegments)
      .where(eq(sessionSegments.sessionId, sessionId))
      .all();
    expect(segments).toHaveLength(2);
    const recordings = mediaOf('recording');
    expect(recordings.map((r) => r.segmentId)).toEqual(segments.map((s) => s.id));
    for (const recording of recordings) {
      expect(probe(path.join(dataDir, recording.relativePath)).duration).toBeGreaterThan(0.5);
    }
    // The answer's video holds only the new segment's picture, and its media says so: it
    // starts where the new recording does, after the take began.
    const [video] = mediaOf('answer_video');
    const newRecording = recordings[1];
    if (!video || !newRecording) throw new Error('media missing');
    expect(video.startMs).toBe(newRecording.startMs);
    expect(video.startMs).toBeGreaterThan(take.startMs);
    const seconds = (takeEnd - newRecording.startMs) / 1000;
    expect(Math.abs(probe(path.join(dataDir, video.relativePath)).duration - seconds)).toBeLessThan(
      0.3,
    );
    expect(log.join('\n')).toMatch(/camera reconnected during this take/);
  }, 60_000);
});
