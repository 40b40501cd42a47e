import { createRequire } from 'node:module';
import path from 'node:path';
import type * as tfc from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaceDetector, type DetectedFace } from './face-detector';
import { eyeAspectRatio, headPose } from './face-signals';
import { openHumanLandmarks } from './human-landmarks';
import { type FaceRegion, type LandmarkEngine, type RgbFrame } from '../../../shared/frames';
import { openMeshLandmarks } from './mesh-landmarks';
import { decodeImage, facePhotos, uniformFrame, type Crop } from './test-media';

const [, , sample3, sample4] = facePhotos() as [string, string, string, string];

interface View {
  photo: string;
  /** 4:3 crop of the photo, so the 640x480 frame keeps shapes: a webcam-sized face. */
  crop: Crop;
}
/** The woman on the left of sample3.jpg: frontal, upright, eyes open. */
const UPRIGHT: View = { photo: sample3, crop: { x: 440, y: 280, width: 480, height: 360 } };
/** The woman on the left of sample4.jpg, head turned towards the image's right. */
const TURNED: View = { photo: sample4, crop: { x: 100, y: 150, width: 480, height: 360 } };

const frameOf = (view: View, rotateDegrees = 0): RgbFrame =>
  decodeImage(view.photo, { width: 640, height: 480, crop: view.crop, rotateDegrees });

/** What the pipeline passes: the detector's box and eye centres. */
const regionOf = (face: DetectedFace): FaceRegion => ({
  ...face.box,
  eyes: { right: face.keypoints.rightEye, left: face.keypoints.leftEye },
});

const tf = createRequire(import.meta.url)('@tensorflow/tfjs-core') as typeof tfc;

describe('mesh face landmarks', () => {
  let detector: FaceDetector;
  let engine: LandmarkEngine;
  let human: LandmarkEngine;
  beforeAll(async () => {
    detector = await FaceDetector.open(path.resolve('resources'));
    engine = await openMeshLandmarks({ finder: detector });
    human = await openHumanLandmarks();
  });
  afterAll(async () => {
    await Promise.all([engine.close(), human.close()]);
    await detector.close();
  });

  /** The frame's largest face, and its landmarks as the pipeline would ask for them. */
  async function measure(frame: RgbFrame, using = engine) {
    const [face] = (await detector.detect(frame)).sort((a, b) => b.box.width - a.box.width);
    if (!face) throw new Error('the detector found no face');
    const result = await using.landmarks(frame, regionOf(face));
    if (!result) throw new Error('no landmarks');
    return { face, ...result };
  }

  it('puts 478 points on the face the detector found, irises on its eyes', async () => {
    const { face, points, irisAvailable } = await measure(frameOf(UPRIGHT));
    expect(points).toHaveLength(478);
    expect(irisAvailable).toBe(true);
    // The mesh reaches the forehead and jaw a little past BlazeFace's box; a fifth of slack.
    const { x, y, width, height } = face.box;
    const slack = width / 5;
    for (const [px, py] of points) {
      expect(px).toBeGreaterThan(x - slack);
      expect(px).toBeLessThan(x + width + slack);
      expect(py).toBeGreaterThan(y - slack);
      expect(py).toBeLessThan(y + height + slack);
    }
    // MediaPipe order: 468 is the iris of the eye at 33–133 (the detector's right eye).
    const near = (i: number, eye: { x: number; y: number }) =>
      Math.hypot((points[i]?.[0] ?? NaN) - eye.x, (points[i]?.[1] ?? NaN) - eye.y);
    expect(near(468, face.keypoints.rightEye)).toBeLessThan(width / 10);
    expect(near(473, face.keypoints.leftEye)).toBeLessThan(width / 10);
    const px = (i: number): number => points[i]?.[0] ?? NaN;
    expect(px(468)).toBeGreaterThan(px(33));
    expect(px(468)).toBeLessThan(px(133));
    expect(px(473)).toBeGreaterThan(px(362));
    expect(px(473)).toBeLessThan(px(263));
  });

  it('measures open eyes as open on every demo photo’s first face', async () => {
    for (const view of [UPRIGHT, TURNED]) {
      const ear = eyeAspectRatio((await measure(frameOf(view))).points);
      expect(ear.average).toBeGreaterThan(0.2);
      expect(ear.average).toBeLessThan(0.4);
    }
  });

  it('tracks in-plane tilt: turning the picture moves roll by as much, ± 5°', async () => {
    const roll = async (degrees: number) =>
      headPose((await measure(frameOf(UPRIGHT, degrees))).points).roll;
    const level = await roll(0);
    expect(Math.abs(level)).toBeLessThan(5);
    for (const degrees of [15, -15, 30, -30]) {
      expect(Math.abs((await roll(degrees)) - level - degrees)).toBeLessThanOrEqual(5);
    }
  });

  it('agrees with the human engine on pitch and yaw within 8°', async () => {
    for (const frame of [frameOf(UPRIGHT), frameOf(TURNED), frameOf(UPRIGHT, 20)]) {
      const ours = headPose((await measure(frame)).points);
      const theirs = headPose((await measure(frame, human)).points);
      expect(Math.abs(ours.pitch - theirs.pitch)).toBeLessThanOrEqual(8);
      expect(Math.abs(ours.yaw - theirs.yaw)).toBeLessThanOrEqual(8);
    }
  });

  it('flips the sign of yaw when a turned head is mirrored', async () => {
    const turned = frameOf(TURNED);
    const mirrored = { ...turned, data: new Uint8Array(turned.data.length) };
    for (let row = 0; row < 480; row++) {
      for (let col = 0; col < 640; col++) {
        const from = (row * 640 + col) * 3;
        mirrored.data.set(turned.data.subarray(from, from + 3), (row * 640 + 639 - col) * 3);
      }
    }
    expect(headPose((await measure(turned)).points).yaw).toBeGreaterThan(10);
    expect(headPose((await measure(mirrored)).points).yaw).toBeLessThan(-10);
  });

  it('finds the face itself when given none, and returns null when there is none', async () => {
    const found = await engine.landmarks(frameOf(UPRIGHT, 20));
    expect(found?.points).toHaveLength(478);
    expect(headPose(found?.points ?? []).roll).toBeGreaterThan(15);
    expect(await engine.landmarks(uniformFrame(640, 480, [128, 128, 128]))).toBeNull();
  });

  it('measures the face in the box it is given, in frame pixels', async () => {
    const group = decodeImage(sample3, { width: 640, height: 480 });
    const faces = await detector.detect(group);
    expect(faces.length).toBeGreaterThan(1);
    for (const face of faces) {
      // A bare box (no eyes) is cut out level, and still lands on its face.
      for (const region of [regionOf(face), face.box]) {
        const [nx = 0, ny = 0] = (await engine.landmarks(group, region))?.points[1] ?? [];
        expect(nx).toBeGreaterThan(face.box.x);
        expect(nx).toBeLessThan(face.box.x + face.box.width);
        expect(ny).toBeGreaterThan(face.box.y);
        expect(ny).toBeLessThan(face.box.y + face.box.height);
      }
    }
  });

  it('keeps the tfjs tensor count flat over 20 frames', async () => {
    const frame = frameOf(UPRIGHT, 20);
    await measure(frame);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await measure(frame);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('openMeshLandmarks', () => {
  const finder = { detect: () => Promise.resolve([]) };

  it('names the folder when the models are missing', async () => {
    const folder = path.resolve('no-such-models-folder');
    await expect(openMeshLandmarks({ finder, modelsDir: folder })).rejects.toThrow(folder);
  });

  it('releases the model weights on close and refuses frames afterwards', async () => {
    const engine = await openMeshLandmarks({ finder });
    const open = tf.memory().numTensors;
    await engine.close();
    expect(tf.memory().numTensors).toBeLessThan(open - 200);
    await expect(engine.landmarks(frameOf(UPRIGHT))).rejects.toThrow(/closed/);
  });
});
