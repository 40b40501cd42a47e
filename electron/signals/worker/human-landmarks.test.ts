import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as tfc from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eyeAspectRatio, headPose } from './face-signals';
import { openHumanLandmarks } from './human-landmarks';
import { type FaceBox, type LandmarkEngine, type RgbFrame } from '../../../shared/frames';
import { ffmpegPath } from './media-decode';

const WIDTH = 640;
const HEIGHT = 480;

interface View {
  photo: string;
  /** ffmpeg crop of the photo, in its own 1920-px-wide pixels, 4:3 so scaling keeps shapes. */
  crop: string;
}

/** The woman on the left of face-api's sample3.jpg: frontal, upright, eyes open. */
const UPRIGHT: View = { photo: 'sample3.jpg', crop: 'crop=480:360:440:280' };
/** The woman on the left of sample4.jpg, head turned towards the image's right. */
const TURNED: View = { photo: 'sample4.jpg', crop: 'crop=480:360:100:150' };

/** Decodes a demo photo (test use only) through ffmpeg filters to a packed rgb24 frame. */
function decode(photo: string, filters: string, width = WIDTH, height = HEIGHT): RgbFrame {
  const file = path.resolve('node_modules/@vladmandic/face-api/demo', photo);
  const args = ['-v', 'error', '-i', file, '-vf', `${filters},format=rgb24`, '-f', 'rawvideo', '-'];
  const data = execFileSync(ffmpegPath(), args, { maxBuffer: 64 * 1024 * 1024 });
  expect(data.length).toBe(width * height * 3);
  return { data: new Uint8Array(data), width, height };
}

function frameOf(view: View, extra = ''): RgbFrame {
  return decode(view.photo, `${view.crop},scale=${WIDTH}:${HEIGHT}${extra}`);
}

/** ffmpeg turns positive angles clockwise, as roll counts them. */
const rotate = (degrees: number): string => `,rotate=${degrees}*PI/180:fillcolor=gray`;

const tf = createRequire(import.meta.url)('@tensorflow/tfjs-core') as typeof tfc;

describe('human face landmarks', () => {
  let engine: LandmarkEngine;
  beforeAll(async () => {
    engine = await openHumanLandmarks();
  });
  afterAll(async () => {
    await engine.close();
  });

  async function landmarksOf(frame: RgbFrame, face?: FaceBox) {
    const result = await engine.landmarks(frame, face);
    if (!result) throw new Error('no face found');
    return result;
  }

  it('finds 478 points inside the frame on a real face, with open eyes', async () => {
    const { points, irisAvailable } = await landmarksOf(frameOf(UPRIGHT));
    expect(points).toHaveLength(478);
    expect(irisAvailable).toBe(true);
    for (const [x, y] of points) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(WIDTH);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThan(HEIGHT);
    }
    const ear = eyeAspectRatio(points);
    expect(ear.average).toBeGreaterThan(0.2);
    expect(ear.average).toBeLessThan(0.45);
    // MediaPipe order: 468 is the iris of the eye at 33–133, 473 that of the eye at 362–263.
    const x = (i: number): number => points[i]?.[0] ?? NaN;
    expect(x(468)).toBeGreaterThan(x(33));
    expect(x(468)).toBeLessThan(x(133));
    expect(x(473)).toBeGreaterThan(x(362));
    expect(x(473)).toBeLessThan(x(263));
  });

  it('measures in-plane tilt: turning the picture by ±15° moves roll by 15° ± 5°', async () => {
    const roll = async (extra: string) =>
      headPose((await landmarksOf(frameOf(UPRIGHT, extra))).points).roll;
    const level = await roll('');
    expect(Math.abs(level)).toBeLessThan(5);
    expect(Math.abs((await roll(rotate(15))) - level - 15)).toBeLessThanOrEqual(5);
    expect(Math.abs((await roll(rotate(-15))) - level + 15)).toBeLessThanOrEqual(5);
  });

  it('flips the sign of yaw when a turned head is mirrored', async () => {
    const turned = headPose((await landmarksOf(frameOf(TURNED))).points);
    const mirrored = headPose((await landmarksOf(frameOf(TURNED, ',hflip'))).points);
    expect(turned.yaw).toBeGreaterThan(10);
    expect(mirrored.yaw).toBeLessThan(-10);
  });

  it('returns null when there is no face', async () => {
    const gray = {
      data: new Uint8Array(WIDTH * HEIGHT * 3).fill(128),
      width: WIDTH,
      height: HEIGHT,
    };
    expect(await engine.landmarks(gray)).toBeNull();
  });

  it('measures the face in the box it is given, in frame pixels', async () => {
    // sample3.jpg whole, 1920x1350 scaled by a third: three faces side by side.
    const group = decode('sample3.jpg', 'scale=640:450', 640, 450);
    // Face boxes from the photo, divided by three: the left woman and the right one.
    const left: FaceBox = { x: 197, y: 116, width: 70, height: 85 };
    const right: FaceBox = { x: 492, y: 106, width: 77, height: 87 };
    for (const box of [left, right]) {
      const { points } = await landmarksOf(group, box);
      const [cx = 0, cy = 0] = points[1] ?? [];
      expect(cx).toBeGreaterThan(box.x);
      expect(cx).toBeLessThan(box.x + box.width);
      expect(cy).toBeGreaterThan(box.y);
      expect(cy).toBeLessThan(box.y + box.height);
    }
  });

  it('keeps the tfjs tensor count flat over 20 frames', async () => {
    const frame = frameOf(UPRIGHT, rotate(20));
    await engine.landmarks(frame);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await engine.landmarks(frame);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('openHumanLandmarks', () => {
  it('names the folder when the models are missing', async () => {
    const folder = path.resolve('no-such-models-folder');
    await expect(openHumanLandmarks({ modelsDir: folder })).rejects.toThrow(folder);
  });

  it('releases the model weights on close and refuses frames afterwards', async () => {
    const engine = await openHumanLandmarks();
    const open = tf.memory().numTensors;
    await engine.close();
    expect(tf.memory().numTensors).toBeLessThan(open - 300);
    await expect(engine.landmarks(frameOf(UPRIGHT))).rejects.toThrow(/closed/);
  });
});
