import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { media, sessions } from '../../../db/schema';
import { createTestDb, seedTestSession } from '../../../db/test-db';
import { EVENT_TYPES, type EventType } from '../../../shared/enums';
import { EVENT_EVIDENCE } from '../../../shared/event-evidence';
import { recordDeviceBack, recordDeviceLost } from '../../capture/capture-store';
import { systemClock } from '../../core/clock';
import { reopenSession } from '../../domain/session-store';
import { DisplayWatch } from '../../kiosk/display-watch';
import { RemoteToolWatch } from '../../kiosk/remote-tool-watch';
import { VmWatch } from '../../kiosk/vm-check';
import { loadEvents } from '../../review/review-events';
import { readAudioSamples, readVideoFrames } from '../worker/media-decode';
import { jfkWav } from '../worker/test-audio';
import { decodeImage, facePhotos } from '../worker/test-media';
import { makeClip } from '../worker/test-video';
import { buildTestWorker } from '../worker/test-worker';
import { SignalPipeline } from './signal-pipeline';

const resourcesDir = path.resolve('resources');
const [photo = ''] = facePhotos();
const oneFace = { x: 235, y: 295, width: 560, height: 420 };
let workerFile = '';
let clip = '';

beforeAll(async () => {
  workerFile = await buildTestWorker('event-evidence');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'evidence-'));
  // One face for 4 s (read out loud while the question is read), nobody for 2 s, then the
  // whole group photo: several faces.
  clip = makeClip(
    [
      { seconds: 4, image: photo, crop: oneFace },
      { seconds: 2, image: null },
      { seconds: 2, image: photo },
    ],
    path.join(dir, 'clip.mp4'),
  );
}, 60_000);

describe('event evidence', () => {
  it('gives every event type its evidence: a picture, the speech span, or a line', async () => {
    const db = createTestDb();
    const sessionId = seedTestSession(db);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'station-data-'));
    // The real pipeline, told that any head angle is away and any eye is closed, so a still
    // photo gives the landmark events too.
    const pipeline = await SignalPipeline.start({
      workerFile,
      resourcesDir,
      dataDir,
      db,
      sessionId,
      clock: systemClock,
      thresholds: { maxYaw: 0, maxPitch: 0, maxRoll: 0, earClosed: 0.9 },
    });
    const audio = await readAudioSamples(jfkWav());
    let audioSent = 0;
    pipeline.setPhase('reading');
    for await (const frame of readVideoFrames(clip)) {
      if (frame.tMs >= 3000) pipeline.setPhase('answering');
      const until = Math.round((frame.tMs / 1000) * 16000);
      pipeline.pushAudio((audioSent / 16000) * 1000, audio.subarray(audioSent, until));
      audioSent = until;
      await pipeline.whenReady();
      pipeline.pushFrame(frame);
    }
    await pipeline.finish(8000);

    // The events the station records itself, each by its own code path.
    const cameraLost = recordDeviceLost(db, sessionId, 'camera_lost', 8000, 'no video device');
    recordDeviceBack(db, cameraLost, 9000, 2);
    recordDeviceLost(db, sessionId, 'mic_lost', 8500, 'arecord exited with code 1');
    const running = () => [{ sessionId, startedAt: 0 }];
    const clock = { now: () => 9000 };
    const tools = new RemoteToolWatch({
      db,
      clock,
      log: () => {},
      policy: () => 'flag',
      listProcesses: () => Promise.resolve([{ pid: 7, name: 'AnyDesk.exe' }]),
      running,
    });
    await tools.check();
    await new VmWatch({
      db,
      clock,
      log: () => {},
      policy: () => 'flag',
      detect: () => Promise.resolve({ virtual: true, reasons: ['The system model names QEMU.'] }),
      running,
    }).check();
    const displays = new DisplayWatch({
      db,
      clock,
      log: () => {},
      displaysPolicy: () => 'flag',
      focusPolicy: () => 'flag',
      running,
    });
    displays.displaysChanged([
      { id: 1, width: 1920, height: 1080, internal: true },
      { id: 2, width: 1280, height: 1024, internal: false },
    ]);
    displays.focusChanged(false);
    db.update(sessions).set({ clockMs: 9500 }).where(eq(sessions.id, sessionId)).run();
    const session = db.select().from(sessions).where(eq(sessions.id, sessionId)).get();
    if (!session) throw new Error('no session');
    reopenSession(db, session, 12_000);

    const shown = loadEvents(db, sessionId);
    const lines: Partial<Record<EventType, RegExp>> = {
      camera_lost: /^The camera stopped: no video device; back after 2 tries$/,
      mic_lost: /^The microphone stopped: arecord exited with code 1$/,
      restart: /^The station stopped and the session resumed 2\.5 s later, at question 1$/,
      remote_tool: /^AnyDesk was running \(AnyDesk\.exe\)$/,
      second_display: /^2 displays were connected$/,
      focus_lost: /^Another window came in front of the interview$/,
      virtual_machine: /^The station runs in a virtual machine: the system model names QEMU\.$/,
    };
    // Every type there is, so a new one without evidence fails here.
    for (const type of EVENT_TYPES) {
      const event = shown.find((e) => e.type === type);
      expect(event, `a ${type} event`).toBeDefined();
      if (!event) continue;
      const kind = EVENT_EVIDENCE[type];
      if (kind === 'text') {
        expect(event.evidence, type).toMatch(lines[type] ?? /^$/);
        continue;
      }
      // A JPEG of the camera's frame at the event's start, served by media id.
      const thumbnail = db
        .select()
        .from(media)
        .where(eq(media.id, event.thumbnailMediaId ?? -1))
        .get();
      expect(thumbnail, `${type} thumbnail`).toMatchObject({ kind: 'thumbnail', sessionId });
      expect(thumbnail?.startMs, type).toBe(event.startMs);
      const file = path.join(dataDir, thumbnail?.relativePath ?? '');
      expect([...readFileSync(file).subarray(0, 2)], type).toEqual([0xff, 0xd8]);
      expect(event.audio, type).toEqual(
        kind === 'frame_audio' ? { startMs: event.startMs, endMs: event.endMs } : null,
      );
    }

    // The speech event's picture is the face that was on camera while it was heard, not grey.
    const speech = shown.find((e) => e.type === 'speech_during_reading');
    const picture = db
      .select()
      .from(media)
      .where(eq(media.id, speech?.thumbnailMediaId ?? -1))
      .get();
    const pixels = decodeImage(path.join(dataDir, picture?.relativePath ?? ''), {
      width: 32,
      height: 24,
    }).data;
    const greyish = pixels.filter((v) => Math.abs(v - 128) < 8).length / pixels.length;
    expect(greyish).toBeLessThan(0.5);
    expect(speech?.endMs ?? 0).toBeLessThanOrEqual(3200);
  }, 120_000);
});
