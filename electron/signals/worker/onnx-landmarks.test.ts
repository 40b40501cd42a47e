import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaceDetector } from './face-detector';
import { openMeshLandmarks } from './mesh-landmarks';
import type { MeshLandmarkEngine } from './mesh-points';
import { ModelError } from './models';
import { openOnnxLandmarks } from './onnx-landmarks';
import { decodeImage, facePhotos, uniformFrame } from './test-media';

const resourcesDir = path.resolve('resources');

describe('ONNX face landmarks', () => {
  let detector: FaceDetector;
  let engine: MeshLandmarkEngine;
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
