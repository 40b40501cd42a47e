import { writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../signals/worker/test-media';
import { startCamera, type CameraError, type CameraFrame } from './camera';
import { classifyFailure } from './camera-errors';
import { FACE_PHOTO, jpegSize, makeFaceClip, ONE_FACE, tempFolder } from './camera-test-media';
import { probeRecording } from './recording';

let folder = '';
let clip = '';

beforeAll(() => {
  folder = tempFolder('camera-test-');
  clip = makeFaceClip(folder);
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Mean absolute difference per byte between two frames of the same size. */
function meanDifference(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}

async function startError(options: Parameters<typeof startCamera>[0]): Promise<CameraError> {
  const error = await startCamera(options).then(
    () => {
      throw new Error('the camera started');
    },
    (e: unknown) => e as CameraError,
  );
  expect(error.name).toBe('CameraError');
  return error;
}

describe('file camera', () => {
  it('delivers 15 fps frames of the picture, ~10 fps previews and a recording that plays', async () => {
    const frames: Omit<CameraFrame, 'data'>[] = [];
    let middle: Uint8Array | null = null;
    const previews: Buffer[] = [];
    const recordingFile = path.join(folder, 'session.mp4');
    const t0 = performance.now();
    const camera = await startCamera({
      source: { kind: 'file', path: clip },
      recordingFile,
      clock: () => performance.now() - t0,
      onFrame: ({ data, ...frame }) => {
        expect(data.length).toBe(640 * 480 * 3);
        if (frame.index === 20) middle = data;
        frames.push(frame);
      },
      onPreview: (jpeg) => previews.push(jpeg),
    });
    const startedAt = performance.now();
    await sleep(3_000);
    const stats = camera.stats;
    await camera.stop();
    // The recording runs from the first frame until ffmpeg has acted on stop() and quit.
    const ranSeconds = (performance.now() - startedAt) / 1000;

    expect(frames.length).toBeGreaterThanOrEqual(40);
    expect(frames.length).toBeLessThanOrEqual(47);
    expect(frames.every((f) => f.width === 640 && f.height === 480)).toBe(true);
    expect(frames[0]?.tMs).toBe(camera.startedAtMs);
    for (let i = 1; i < frames.length; i++) {
      expect((frames[i]?.tMs ?? 0) - (frames[i - 1]?.tMs ?? 0)).toBeCloseTo(1000 / 15, 6);
    }
    // The frames are the face picture, not noise or a shifted image (H.264 costs a little).
    const expected = decodeImage(FACE_PHOTO, { width: 640, height: 480, crop: ONE_FACE });
    expect(middle).not.toBeNull();
    expect(meanDifference(middle ?? new Uint8Array(), expected.data)).toBeLessThan(6);

    expect(previews.length).toBeGreaterThanOrEqual(24);
    expect(previews.length).toBeLessThanOrEqual(32);
    for (const jpeg of previews) {
      expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
      expect([jpeg.at(-2), jpeg.at(-1)]).toEqual([0xff, 0xd9]);
    }
    expect(jpegSize(previews.at(-1) ?? Buffer.alloc(0))).toEqual({ width: 640, height: 480 });
    expect(camera.latestPreview()).toBe(previews.at(-1));
    expect(stats.framesDelivered).toBe(frames.length);
    expect(stats.previewsDelivered).toBeGreaterThanOrEqual(previews.length);

    const recording = await probeRecording(recordingFile);
    expect(recording).toMatchObject({ codec: 'h264', width: 640, height: 480 });
    expect(Math.abs(recording.durationSeconds - ranSeconds)).toBeLessThan(ranSeconds * 0.1);
  });

  it('loops a still image as a camera', async () => {
    let first: Uint8Array | null = null;
    const camera = await startCamera({
      source: { kind: 'file', path: FACE_PHOTO },
      onFrame: ({ data }) => (first ??= data),
    });
    await sleep(200);
    await camera.stop();
    expect(camera.recordingFile).toBeNull();
    // The whole 3:2 group photo, letterboxed into 4:3: black bars above and below, not stretched.
    const expected = decodeImage(FACE_PHOTO, { width: 640, height: 480 });
    expect(first).not.toBeNull();
    expect(meanDifference(first ?? new Uint8Array(), expected.data)).toBeLessThan(3);
  });
});

describe('camera errors', () => {
  it('names a missing video file', async () => {
    const missing = path.join(folder, 'no-such-video.mp4');
    const error = await startError({ source: { kind: 'file', path: missing } });
    expect(error.code).toBe('file_missing');
    expect(error.message).toContain(missing);
  });

  it('says when ffmpeg cannot be found', async () => {
    const error = await startError({
      source: { kind: 'file', path: clip },
      ffmpeg: path.join(folder, 'no-ffmpeg-here'),
    });
    expect(error.code).toBe('ffmpeg_missing');
  });

  it('says there is no camera at a device that does not exist', async () => {
    const error = await startError({ source: { kind: 'device', device: '/dev/video99' } });
    expect(error.code).toBe('no_camera');
    expect(error.message).toContain('/dev/video99');
  });

  it.runIf(process.platform === 'linux')(
    'says there is no camera when the device is not a camera (ffmpeg reports it)',
    async () => {
      const error = await startError({ source: { kind: 'device', device: '/dev/null' } });
      expect(error.code).toBe('no_camera');
      expect(error.detail).toMatch(/Inappropriate ioctl/);
    },
  );

  it('gives ffmpeg’s last line when it exits during start', async () => {
    const notVideo = path.join(folder, 'notes.mp4');
    writeFileSync(notVideo, 'this is not a video');
    const error = await startError({ source: { kind: 'file', path: notVideo } });
    expect(error.code).toBe('ffmpeg_exited');
    expect(error.message).toMatch(/Invalid data found when processing input/);
  });

  it('refuses to overwrite an existing recording', async () => {
    const existing = path.join(folder, 'earlier-session.mp4');
    writeFileSync(existing, 'evidence');
    const error = await startError({
      source: { kind: 'file', path: clip },
      recordingFile: existing,
    });
    expect(error.code).toBe('recording_failed');
    expect(error.message).toContain(existing);
  });

  // A camera held by another program cannot be made here; these are ffmpeg 5.1's v4l2 lines.
  it('says the camera is busy when another program holds it', () => {
    const error = classifyFailure(
      { kind: 'device', device: '/dev/video0' },
      [
        '[video4linux2,v4l2 @ 0x5581] ioctl(VIDIOC_STREAMON): Device or resource busy',
        '/dev/video0: Device or resource busy',
      ],
      'exited with code 1',
    );
    expect(error.code).toBe('camera_busy');
    expect(error.message).toBe('The camera /dev/video0 is in use by another program.');
    expect(error.detail).toBe('/dev/video0: Device or resource busy');
  });
});
