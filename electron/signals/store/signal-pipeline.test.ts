import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/open';
import { eq } from 'drizzle-orm';
import { events, media, sessions, sessionSummaries } from '../../../db/schema';
import { recordDeviceLost } from '../../capture/capture-store';
import { systemClock } from '../../core/clock';
import { reopenSession } from '../../domain/session-store';
import { createTestDb, seedTestSession } from '../../../db/test-db';
import { readAudioSamples, readVideoFrames } from '../worker/media-decode';
import { MAX_FRAMES_IN_FLIGHT, SignalPipeline, type PipelineOptions } from './signal-pipeline';
import { readSignals } from './signal-store';
import { readDroppedFrames } from './dropped-frames';
import { jfkWav } from '../worker/test-audio';
import { decodeImage, facePhotos } from '../worker/test-media';
import { makeClip } from '../worker/test-video';
import { buildTestWorker } from '../worker/test-worker';

const resourcesDir = path.resolve('resources');
let workerFile = '';
const [sample1 = ''] = facePhotos();
let clip = '';

beforeAll(async () => {
  workerFile = await buildTestWorker('signal-worker');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pipeline-'));
  clip = makeClip(
    [
      { seconds: 3, image: sample1, crop: { x: 235, y: 295, width: 560, height: 420 } },
      { seconds: 3, image: null },
      { seconds: 2, image: sample1, crop: { x: 235, y: 295, width: 560, height: 420 } },
    ],
    path.join(dir, 'clip.mp4'),
  );
}, 60_000);

describe('SignalPipeline', () => {
  let db: Db;
  let sessionId: number;
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'station-data-'));
    db = createTestDb();
    sessionId = seedTestSession(db);
  });
  afterEach(() => db.$client.close());
  const startPipeline = (more: Partial<PipelineOptions> = {}) =>
    SignalPipeline.start({
      workerFile,
      resourcesDir,
      dataDir,
      db,
      sessionId,
      clock: systemClock,
      ...more,
    });

  it('stores per-frame signals, events and a summary for a session, off the main thread', async () => {
    const pushed: number[] = [];
    // Each event is handed on as it is stored (for the staff's live panel): its row exists.
    const told: unknown[] = [];
    const pipeline = await startPipeline({
      onEvent: (event) =>
        told.push({
          ...event,
          startMs: Math.round(event.startMs),
          endMs: Math.round(event.endMs),
          stored: db.select().from(events).all().length,
        }),
    });
    const audio = await readAudioSamples(jfkWav());
    let audioSent = 0;
    for await (const frame of readVideoFrames(clip)) {
      // As live: the audio up to this frame's time arrives before the frame.
      const until = Math.round((frame.tMs / 1000) * 16000);
      pipeline.pushAudio((audioSent / 16000) * 1000, audio.subarray(audioSent, until));
      audioSent = until;
      await pipeline.whenReady();
      if (pipeline.pushFrame(frame)) pushed.push(frame.tMs);
    }
    const result = await pipeline.finish(8000);

    expect(pushed).toHaveLength(120);
    const stored = readSignals(db, sessionId);
    expect(stored.map((s) => s.tMs)).toEqual(pushed.map(Math.round));
    expect(stored[0]?.faceCount).toBe(1);
    // Landmarks run on every frame by default: eyes open on a still photo, head pose measured.
    expect(stored[0]?.earAvg).toBeGreaterThan(0.2);
    expect(stored[0]?.roll).not.toBeNull();
    expect(stored[1]?.earAvg).toBeGreaterThan(0.2);
    expect(stored[60]?.faceCount).toBe(0);
    expect(stored.some((s) => s.voiceActive === true)).toBe(true);

    const all = db.select().from(events).all();
    // The photo's mouth never moves while JFK speaks: speech while the mouth is still, each
    // with its thumbnail, and never while no face is in view (3–6 s).
    const voices = all.filter((e) => e.type === 'other_voice');
    expect(voices.length).toBeGreaterThan(0);
    for (const voice of voices) {
      expect((voice.endMs ?? 0) <= 3100 || voice.startMs >= 5900, JSON.stringify(voice)).toBe(true);
      expect(voice.thumbnailMediaId).not.toBeNull();
    }
    const saved = all.filter((e) => e.type !== 'other_voice');
    expect(saved.map((e) => e.type)).toEqual(['no_face']);
    expect(Math.abs((saved[0]?.startMs ?? 0) - 3000)).toBeLessThanOrEqual(500);
    expect(Math.abs((saved[0]?.endMs ?? 0) - 6000)).toBeLessThanOrEqual(500);
    const toldFace = told.filter((e) => (e as { type: string }).type === 'no_face');
    expect(toldFace).toEqual([
      {
        type: 'no_face',
        startMs: saved[0]?.startMs,
        endMs: saved[0]?.endMs,
        severity: 'medium',
        stored: all.findIndex((e) => e.type === 'no_face') + 1,
      },
    ]);
    expect(told).toHaveLength(all.length);
    expect(result.speech.length).toBeGreaterThanOrEqual(3);
    // The event's evidence: a JPEG of the frame it started on (the empty grey scene).
    const thumbnail = db
      .select()
      .from(media)
      .where(eq(media.id, saved[0]?.thumbnailMediaId ?? -1))
      .get();
    expect(thumbnail).toMatchObject({ kind: 'thumbnail', mimeType: 'image/jpeg', sessionId });
    const jpeg = readFileSync(path.join(dataDir, thumbnail?.relativePath ?? ''));
    expect([...jpeg.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect(Math.abs((thumbnail?.startMs ?? 0) - (saved[0]?.startMs ?? 0))).toBeLessThanOrEqual(1);
    const picture = decodeImage(path.join(dataDir, thumbnail?.relativePath ?? ''), {
      width: 320,
      height: 240,
    });
    const mean = picture.data.reduce((sum, v) => sum + v, 0) / picture.data.length;
    expect(mean).toBeGreaterThan(110); // ffmpeg's grey is 128: the empty scene, not a face
    expect(mean).toBeLessThan(145);
    const summary = db.select().from(sessionSummaries).get()?.summary;
    expect(summary).toMatchObject({
      framesAnalyzed: 120,
      eventsByType: { no_face: 1, other_voice: voices.length },
    });
  });

  it('runs at the station’s landmark rate and leaves reading-time speech alone when told', async () => {
    const pipeline = await startPipeline({ landmarkEvery: 3, speechDuringReading: false });
    pipeline.setPhase('reading');
    pipeline.pushAudio(0, await readAudioSamples(jfkWav()));
    let frames = 0;
    for await (const frame of readVideoFrames(clip)) {
      if (frames++ === 30) break;
      await pipeline.whenReady();
      pipeline.pushFrame(frame);
    }
    const result = await pipeline.finish();
    const withLandmarks = readSignals(db, sessionId).map((s) => s.earAvg !== null);
    expect(withLandmarks.slice(0, 9)).toEqual([
      true,
      false,
      false,
      true,
      false,
      false,
      true,
      false,
      false,
    ]);
    // JFK speaks while the question is read (the worker heard him), and this station does not
    // count that.
    expect(result.speech.length).toBeGreaterThan(0);
    expect(
      db
        .select()
        .from(events)
        .all()
        .map((e) => e.type),
    ).not.toContain('speech_during_reading');
  });

  it('sums up the whole session after a restart, device and restart events included', async () => {
    const frames = [];
    for await (const frame of readVideoFrames(clip)) frames.push(frame);
    // The first 3 s (face in view) are analysed; then the station stops and the session resumes.
    const first = await startPipeline();
    for (const frame of frames.slice(0, 45)) {
      await first.whenReady();
      first.pushFrame(frame);
    }
    await first.finish(3000);
    db.update(sessions).set({ clockMs: 3000 }).where(eq(sessions.id, sessionId)).run();
    const session = db.select().from(sessions).where(eq(sessions.id, sessionId)).get();
    if (!session) throw new Error('no session');
    reopenSession(db, session, 3500);

    // The rest (face gone 3 s, back 2 s) in a fresh pipeline; the microphone drops at 7 s.
    const second = await startPipeline();
    for (const frame of frames.slice(45)) {
      await second.whenReady();
      second.pushFrame(frame);
    }
    recordDeviceLost(db, sessionId, 'mic_lost', 7000, 'arecord exited with code 1');
    const result = await second.finish(8000);

    const summary = db.select().from(sessionSummaries).get()?.summary;
    expect(summary).toEqual(result.summary);
    expect(summary).toMatchObject({
      durationMs: 8000,
      framesAnalyzed: 120,
      // 5 s of 8 with a face; the second run alone saw 2 of 5.
      facePresentPercent: 62.5,
      multipleFacesPercent: 0,
      lookingAwayMs: 0,
      blinksPerMinute: 0,
      eventsByType: { no_face: 1, restart: 1, mic_lost: 1 },
    });
  });

  it('drops frames instead of queueing them when the worker falls behind', async () => {
    const pipeline = await startPipeline();
    const frame = { tMs: 0, width: 640, height: 480, data: new Uint8Array(640 * 480 * 3) };
    const accepted = Array.from({ length: 10 }, (_, i) => pipeline.pushFrame({ ...frame, tMs: i }));
    expect(accepted.filter(Boolean)).toHaveLength(MAX_FRAMES_IN_FLIGHT);
    expect(pipeline.stats).toEqual({
      accepted: MAX_FRAMES_IN_FLIGHT,
      dropped: 10 - MAX_FRAMES_IN_FLIGHT,
    });
    await pipeline.finish();
  });

  it('stores the dropped frames per second and sums them up in the summary', async () => {
    const pipeline = await startPipeline();
    const frame = { width: 640, height: 480, data: new Uint8Array(640 * 480 * 3) };
    // A real burst: 15 frames a second for 3 s offered at once, faster than any analysis.
    const offered = Array.from({ length: 45 }, (_, i) => (i * 1000) / 15);
    const accepted = offered.filter((tMs) => pipeline.pushFrame({ ...frame, tMs }));
    await pipeline.finish();
    const dropped = offered.filter((tMs) => !accepted.includes(tMs));
    const perSecond = [0, 1, 2]
      .map((second) => ({
        second,
        count: dropped.filter((tMs) => Math.floor(tMs / 1000) === second).length,
      }))
      .filter((s) => s.count > 0);
    expect(dropped.length).toBeGreaterThan(30);
    expect(readDroppedFrames(db, sessionId)).toEqual(perSecond);
    const summary = db.select().from(sessionSummaries).get()?.summary;
    expect(summary).toMatchObject({
      framesDropped: dropped.length,
      secondsWithDroppedFrames: perSecond.length,
      framesAnalyzed: accepted.length,
    });

    // A resumed session's fresh pipeline adds to what the first one counted.
    const again = await startPipeline();
    for (let i = 0; i < 10; i++) again.pushFrame({ ...frame, tMs: 2000 + i });
    await again.finish();
    const second2 = (perSecond.find((s) => s.second === 2)?.count ?? 0) + again.stats.dropped;
    expect(readDroppedFrames(db, sessionId, 2000, 3000)).toEqual([{ second: 2, count: second2 }]);
    expect(db.select().from(sessionSummaries).get()?.summary).toMatchObject({
      framesDropped: dropped.length + again.stats.dropped,
    });
  });

  it('says clearly when the models cannot be loaded', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'no-models-'));
    await expect(
      SignalPipeline.start({
        workerFile,
        resourcesDir: empty,
        dataDir,
        db,
        sessionId,
        clock: systemClock,
      }),
    ).rejects.toThrow(/Proctoring signals could not start: Model .*was not found/);
  });
});
