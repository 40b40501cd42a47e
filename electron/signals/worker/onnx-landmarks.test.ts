import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaceDetector } from './face-detector';
import { openMeshLandmarks } from './mesh-landmarks';
import type { MeshLandmarkEngine } from './mesh-points';
import { ModelError } from './models';
import { headPose } from './face-signals';
import { openOnnxLandmarks, REDETECT_EVERY, type TrackingLandmarkEngine } from './onnx-landmarks';
import { decodeImage, facePhotos, uniformFrame } from './test-media';

const resourcesDir = path.resolve('resources');

describe('ONNX face landmarks', () => {
  let detector: FaceDetector;
  let engine: TrackingLandmarkEngine;
  let tfjs: MeshLandmarkEngine;
  beforeAll(async () => {
    detector = await FaceDetector.open(resourcesDir);
    engine = await openOnnxLandmarks({ finder: detector, resourcesDir });
    tfjs = await openMeshLandmarks({ finder: detector });
  });
  afterAll(async () => {
    await Promise.all([engine.close(), tfjs.close()]);
    await detector.close();
  });

  it('puts the tfjs engine’s 478 points on every face of the demo photos, within 0.05 px', async () => {
    let faces = 0;
    for (const photo of facePhotos()) {
      const frame = decodeImage(photo, { width: 640, height: 480 });
      for (const face of await detector.detect(frame)) {
        const region = {
          ...face.box,
          eyes: { right: face.keypoints.rightEye, left: face.keypoints.leftEye },
        };
        // The detector's crop on both: no track from the previous face.
        engine.forget();
        const [ours, theirs] = [
          await engine.landmarks(frame, region),
          await tfjs.landmarks(frame, region),
        ];
        // Both find a face, or (a profile the eye line cannot level) neither does.
        expect(ours === null).toBe(theirs === null);
        if (!ours || !theirs) continue;
        expect(ours.points).toHaveLength(478);
        expect(ours.irisAvailable).toBe(true);
        expect(Math.abs(ours.score - theirs.score)).toBeLessThan(1e-4);
        ours.points.forEach(([x, y], i) => {
          const [tx = NaN, ty = NaN] = theirs.points[i] ?? [];
          expect(Math.hypot(x - tx, y - ty)).toBeLessThan(0.05);
        });
        faces += 1;
      }
    }
    expect(faces).toBeGreaterThanOrEqual(20);
  });

  /** The woman on the left of sample3.jpg, frontal, 4:3 around her face, turned in-plane. */
  const turned = (degrees: number) =>
    decodeImage(facePhotos()[2] ?? '', {
      width: 640,
      height: 480,
      crop: { x: 440, y: 280, width: 480, height: 360 },
      rotateDegrees: degrees,
    });

  it('follows a face turning in the picture with the previous landmarks’ crop', async () => {
    const [face] = await detector.detect(turned(0));
    if (!face) throw new Error('the detector found no face');
    // A bare box, no eyes: only the track can level the crop once the head has turned.
    const box = face.box;
    const rolls = async (track: boolean) => {
      engine.forget();
      const seen: (number | null)[] = [];
      for (let degrees = 0; degrees <= 120; degrees += 15) {
        if (!track) engine.forget();
        const result = await engine.landmarks(turned(degrees), box);
        seen.push(result && result.score >= 0.5 ? headPose(result.points).roll : null);
      }
      return seen;
    };
    const tracked = await rolls(true);
    tracked.forEach((roll, k) => {
      expect(roll).not.toBeNull();
      expect(Math.abs((roll ?? NaN) - k * 15)).toBeLessThanOrEqual(10);
    });
    // Without the track the same crops lose the face once it lies on its side.
    const fresh = await rolls(false);
    expect(fresh.slice(6)).toEqual([null, null, null]);
  });

  it('re-detects on loss, for another face, and every REDETECT_EVERY frames', async () => {
    const group = decodeImage(facePhotos()[2] ?? '', { width: 640, height: 480 });
    const [first, second] = await detector.detect(group);
    if (!first || !second) throw new Error('the detector found fewer than two faces');
    engine.forget();
    expect(engine.tracks(first.box)).toBe(false);
    expect(await engine.landmarks(group, first.box)).not.toBeNull();
    expect(engine.tracks(first.box)).toBe(true);
    expect(engine.tracks(second.box)).toBe(false);
    for (let i = 1; i < REDETECT_EVERY; i++) await engine.landmarks(group, first.box);
    expect(engine.tracks(first.box)).toBe(false);
    await engine.landmarks(group, first.box);
    expect(engine.tracks(first.box)).toBe(true);
    // Nobody there any more: no landmarks, and no track to follow.
    expect(await engine.landmarks(uniformFrame(640, 480, [128, 128, 128]), first.box)).toBeNull();
    expect(engine.tracks(first.box)).toBe(false);
  });

  it('finds the face itself when given none, and returns null when there is none', async () => {
    const [photo = ''] = facePhotos();
    const found = await engine.landmarks(decodeImage(photo, { width: 640, height: 480 }));
    expect(found?.points).toHaveLength(478);
    expect(await engine.landmarks(uniformFrame(640, 480, [128, 128, 128]))).toBeNull();
  });
});

describe('openOnnxLandmarks', () => {
  const finder = { detect: () => Promise.resolve([]) };

  it('names the missing model file', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'no-models-'));
    const opening = openOnnxLandmarks({ finder, resourcesDir: empty });
    await expect(opening).rejects.toThrow(ModelError);
    await expect(openOnnxLandmarks({ finder, resourcesDir: empty })).rejects.toThrow(
      'facemesh.onnx',
    );
  });

  it('refuses frames once closed', async () => {
    const engine = await openOnnxLandmarks({ finder, resourcesDir });
    await engine.close();
    await expect(engine.landmarks(uniformFrame(64, 48, [0, 0, 0]))).rejects.toThrow(/closed/);
  });
});
