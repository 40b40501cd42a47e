/**
 * The mouth-stillness threshold measured on a real face: the spread of the mesh's mouth
 * opening on a still face under webcam-like noise must sit well below `mouthStillSpread`, and
 * that of a mouth opening by a small syllable's 2.5% of the face height on half the frames
 * well above it — with the face at full size and at half size (a candidate further back).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RgbFrame } from '../../../shared/frames';
import { FaceDetector } from './face-detector';
import { openHybridLandmarks, type HybridLandmarkEngine } from './hybrid-landmarks';
import { DEFAULT_MOUTH, mouthOpening, spreadOf } from './mouth-motion';
import { decodeImage, facePhotos } from './test-media';
import { mouthPlace, openMouth, withNoise } from './test-mouth';

const [, , sample3] = facePhotos() as [string, string, string];
/** The woman on the left of sample3.jpg, and the same view with twice the room around her. */
const FULL = { x: 440, y: 280, width: 480, height: 360 };
const HALF = { x: 200, y: 100, width: 960, height: 720 };

describe('mouth opening on a real face', () => {
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

  async function measure(frame: RgbFrame) {
    const [face] = (await detector.detect(frame)).sort((a, b) => b.box.width - a.box.width);
    if (!face) throw new Error('the detector found no face');
    const eyes = { right: face.keypoints.rightEye, left: face.keypoints.leftEye };
    const result = await engine.landmarks(frame, { ...face.box, eyes });
    if (!result) throw new Error('no landmarks');
    return result.points;
  }

  for (const [size, crop] of [
    ['full size', FULL],
    ['half size', HALF],
  ] as const) {
    it(`tells a still mouth from a small jaw drop at ${size}`, async () => {
      const photo = decodeImage(sample3, { width: 640, height: 480, crop });
      const place = mouthPlace(await measure(photo));
      const still: number[] = [];
      const talking: number[] = [];
      for (let seed = 1; seed <= 12; seed++) {
        still.push(mouthOpening(await measure(withNoise(photo, 6, seed))) ?? NaN);
        const open = seed % 2 === 0 ? 0.025 * place.faceHeight : 0;
        const frame = withNoise(openMouth(photo, place, open), 6, 100 + seed);
        talking.push(mouthOpening(await measure(frame)) ?? NaN);
      }
      const { mouthStillSpread } = DEFAULT_MOUTH;
      // Measured: 0.0013 with the face 322 px tall, 0.0016 at 162 px; 0.0047 and 0.0046 talking.
      expect(spreadOf(still)).toBeLessThan(0.75 * mouthStillSpread);
      expect(spreadOf(talking)).toBeGreaterThan(1.5 * mouthStillSpread);
    });
  }
});
