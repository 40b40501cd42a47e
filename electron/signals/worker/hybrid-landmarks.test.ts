import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type * as tfc from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaceDetector, type DetectedFace } from './face-detector';
import { headPose } from './face-signals';
import {
  HybridLandmarks,
  levelable,
  openHybridLandmarks,
  type HybridLandmarkEngine,
  type HybridResult,
} from './hybrid-landmarks';
import { defaultModelsDir } from './human-landmarks';
import { type FaceRegion, type RgbFrame } from '../../../shared/frames';
import { modelFiles } from './landmarks-loader';
import { decodeImage, facePhotos, uniformFrame, type Crop } from './test-media';

const [, sample2, sample3] = facePhotos() as [string, string, string];

/** The woman on the left of sample3.jpg: frontal, upright, eyes open. */
const FRONTAL: [string, Crop] = [sample3, { x: 440, y: 280, width: 480, height: 360 }];
/** The woman on the left of sample2.jpg, in profile (analyze.test.ts's looking-away clip). */
const PROFILE: [string, Crop] = [sample2, { x: 165, y: 33, width: 700, height: 525 }];

const frameOf = ([photo, crop]: [string, Crop]): RgbFrame =>
  decodeImage(photo, { width: 640, height: 480, crop });

/** What the pipeline passes: the detector's box and eye centres. */
const regionOf = (face: DetectedFace): FaceRegion => ({
  ...face.box,
  eyes: { right: face.keypoints.rightEye, left: face.keypoints.leftEye },
});

const tf = createRequire(import.meta.url)('@tensorflow/tfjs-core') as typeof tfc;

describe('hybrid face landmarks', () => {
  let detector: FaceDetector;
  let engine: HybridLandmarkEngine;
  beforeAll(async () => {
    detector = await FaceDetector.open(path.resolve('resources'));
    engine = await openHybridLandmarks({
      finder: detector,
      resourcesDir: path.resolve('resources'),
    });
  });
  afterAll(async () => {
    await engine.close();
    await detector.close();
  });

  /** The frame's largest face, as the detector found it, and the engine's landmarks for it. */
  async function measure(frame: RgbFrame): Promise<{ face: DetectedFace } & HybridResult> {
    const [face] = (await detector.detect(frame)).sort((a, b) => b.box.width - a.box.width);
    if (!face) throw new Error('the detector found no face');
    const result = await engine.landmarks(frame, regionOf(face));
    if (!result) throw new Error('no landmarks');
    return { face, ...result };
  }

  it('measures a frontal face on the fast mesh path: 478 points, irises on the eyes', async () => {
    const { face, points, irisAvailable, path } = await measure(frameOf(FRONTAL));
    expect(levelable(regionOf(face))).toBe(true);
    expect(path).toBe('mesh');
    expect(points).toHaveLength(478);
    expect(irisAvailable).toBe(true);
    const x = (i: number): number => points[i]?.[0] ?? NaN;
    expect(x(468)).toBeGreaterThan(x(33));
    expect(x(468)).toBeLessThan(x(133));
    expect(x(473)).toBeGreaterThan(x(362));
    expect(x(473)).toBeLessThan(x(263));
  });

  it('hands a profile to human, and still sees the head turned far away', async () => {
    const { face, points, irisAvailable, path } = await measure(frameOf(PROFILE));
    // BlazeFace puts both eyes of a profile on nearly one spot: no eye line to level by.
    expect(levelable(regionOf(face))).toBe(false);
    expect(path).toBe('human');
    expect(points).toHaveLength(478);
    expect(irisAvailable).toBe(true);
    expect(Math.abs(headPose(points).yaw)).toBeGreaterThan(35);
  });

  it('finds the face itself when given none, and returns null when there is none', async () => {
    const found = await engine.landmarks(frameOf(FRONTAL));
    expect(found?.path).toBe('mesh');
    expect(found?.points).toHaveLength(478);
    expect(await engine.landmarks(uniformFrame(640, 480, [128, 128, 128]))).toBeNull();
  });

  it('keeps the tfjs tensor count flat over 20 frames on both paths', async () => {
    const frames = [frameOf(FRONTAL), frameOf(PROFILE)];
    for (const frame of frames) await measure(frame);
    const before = tf.memory().numTensors;
    const paths = new Set<string>();
    for (let i = 0; i < 20; i++) paths.add((await measure(frames[i % 2] as RgbFrame)).path);
    expect([...paths].sort()).toEqual(['human', 'mesh']);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('openHybridLandmarks', () => {
  it('needs only the detector, mesh and iris models: no emotion model can load', async () => {
    const only = mkdtempSync(path.join(os.tmpdir(), 'landmark-models-'));
    try {
      for (const name of ['blazeface.json', 'facemesh.json', 'iris.json']) {
        for (const file of modelFiles(path.join(defaultModelsDir(), name))) {
          copyFileSync(file, path.join(only, path.basename(file)));
        }
      }
      const detector = await FaceDetector.open(path.resolve('resources'));
      const engine = await openHybridLandmarks({
        finder: detector,
        resourcesDir: path.resolve('resources'),
        modelsDir: only,
      });
      // Both paths run: the mesh engine's models and human's.
      for (const view of [FRONTAL, PROFILE]) {
        expect((await engine.landmarks(frameOf(view)))?.points).toHaveLength(478);
      }
      await engine.close();
      await detector.close();
    } finally {
      rmSync(only, { recursive: true, force: true });
    }
  });

  it('releases both engines’ weights on close and refuses frames afterwards', async () => {
    const engine = await openHybridLandmarks({
      finder: { detect: () => Promise.resolve([]) },
      resourcesDir: path.resolve('resources'),
    });
    const open = tf.memory().numTensors;
    await engine.close();
    // human's three models (the mesh engine's run on onnxruntime, not tfjs).
    expect(tf.memory().numTensors).toBeLessThan(open - 400);
    await expect(engine.landmarks(frameOf(FRONTAL))).rejects.toThrow(/closed/);
  });
});

describe('hybrid routing with a tracked face', () => {
  /** Engines that only record who was asked: the routing is what is under test here. */
  function engines(tracking: boolean) {
    const calls: string[] = [];
    const result = { points: [[0, 0, 0]] as [number, number, number][], irisAvailable: true };
    const mesh = {
      name: 'mesh',
      tracks: () => tracking,
      forget: () => void calls.push('forget'),
      landmarks: () => (calls.push('mesh'), Promise.resolve({ ...result, score: 0.9 })),
      close: () => Promise.resolve(),
    };
    const human = {
      name: 'human',
      landmarks: () => (calls.push('human'), Promise.resolve(result)),
      close: () => Promise.resolve(),
    };
    const finder = { detect: () => Promise.resolve([]) };
    return { calls, engine: new HybridLandmarks(mesh, human, finder) };
  }
  // A profile as BlazeFace boxes it: both eyes on nearly one spot, no eye line to level by.
  const profile: FaceRegion = {
    x: 100,
    y: 100,
    width: 200,
    height: 200,
    eyes: { right: { x: 200, y: 180 }, left: { x: 202, y: 180 } },
  };

  it('keeps a face the mesh is tracking on the mesh as it turns into profile', async () => {
    const { calls, engine } = engines(true);
    expect(levelable(profile)).toBe(false);
    expect((await engine.landmarks(uniformFrame(64, 48, [0, 0, 0]), profile))?.path).toBe('mesh');
    expect(calls).toEqual(['mesh']);
  });

  it('hands an untracked profile to human and drops the stale track', async () => {
    const { calls, engine } = engines(false);
    expect((await engine.landmarks(uniformFrame(64, 48, [0, 0, 0]), profile))?.path).toBe('human');
    expect(calls).toEqual(['forget', 'human']);
  });
});
