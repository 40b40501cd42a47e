import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaceDetector, type DetectedFace } from './face-detector';
import { type RgbFrame } from '../../../shared/frames';
import { MODEL_FILES, ModelError } from './models';
import { decodeImage, facePhotos, uniformFrame } from './test-media';

const resources = path.resolve('resources');

/** In-plane head roll in degrees (clockwise on screen), from the line between the eyes. */
function rollDegrees(face: Pick<DetectedFace, 'keypoints'>): number {
  const { rightEye, leftEye } = face.keypoints;
  return (Math.atan2(leftEye.y - rightEye.y, leftEye.x - rightEye.x) * 180) / Math.PI;
}
const [sample1, sample2, sample3, sample4, sample5, sample6] = facePhotos() as [
  string,
  string,
  string,
  string,
  string,
  string,
];

// Faces counted by eye in each demo photo; all are frontal or three-quarter and unoccluded.
const GROUPS = [
  { name: 'sample1', file: sample1, faces: 3 },
  { name: 'sample2', file: sample2, faces: 3 },
  { name: 'sample3', file: sample3, faces: 3 },
  { name: 'sample4', file: sample4, faces: 4 },
  { name: 'sample5', file: sample5, faces: 5 },
  { name: 'sample6', file: sample6, faces: 4 },
];

// The middle woman of sample3 (1920x1350), around the box back256 printed for her at 640x480
// ([354, 100, 84, 84] after the letterbox, so x 1062-1314, y 255-507 in the photo). The crop
// stops short of her neighbours, whose faces start at x 795 and x 1455.
const ONE_FACE = { x: 948, y: 141, width: 480, height: 480 };

function photo(file: string): RgbFrame {
  return decodeImage(file, { width: 640, height: 480 });
}

function expectInside(point: { x: number; y: number }, face: DetectedFace): void {
  // BlazeFace puts the ear points (tragion) on the edge of its box, a little past it on a
  // turned head, so they get a tenth of the box as slack.
  const slack = face.box.width * 0.1;
  expect(point.x).toBeGreaterThanOrEqual(face.box.x - slack);
  expect(point.x).toBeLessThanOrEqual(face.box.x + face.box.width + slack);
  expect(point.y).toBeGreaterThanOrEqual(face.box.y - slack);
  expect(point.y).toBeLessThanOrEqual(face.box.y + face.box.height + slack);
}

describe('FaceDetector', () => {
  let detector: FaceDetector;
  beforeAll(async () => {
    detector = await FaceDetector.open(resources);
  });
  afterAll(async () => {
    await detector.close();
  });

  it.each(GROUPS)('finds the $faces people in $name', async ({ file, faces }) => {
    expect(await detector.detect(photo(file))).toHaveLength(faces);
  });

  it('finds exactly one face in a crop around one person', async () => {
    const faces = await detector.detect(
      decodeImage(sample3, { width: 320, height: 320, crop: ONE_FACE }),
    );
    expect(faces).toHaveLength(1);
    expect(faces[0]?.score).toBeGreaterThan(0.7);
  });

  it('finds no face in a uniform frame', async () => {
    expect(await detector.detect(uniformFrame(640, 480, [128, 128, 128]))).toEqual([]);
    expect(await detector.detect(uniformFrame(640, 480, [0, 0, 0]))).toEqual([]);
  });

  it('finds no face in background and in skin without a face', async () => {
    const blinds = { x: 400, y: 0, width: 640, height: 200 };
    const legs = { x: 0, y: 900, width: 1920, height: 548 };
    expect(
      await detector.detect(decodeImage(sample6, { width: 320, height: 320, crop: blinds })),
    ).toEqual([]);
    expect(
      await detector.detect(decodeImage(sample4, { width: 640, height: 480, crop: legs })),
    ).toEqual([]);
  });

  it('reports boxes inside the frame with keypoints on the face', async () => {
    for (const { file } of GROUPS) {
      for (const face of await detector.detect(photo(file))) {
        expect(face.score).toBeGreaterThanOrEqual(0.5);
        expect(face.score).toBeLessThanOrEqual(1);
        expect(face.box.x).toBeGreaterThanOrEqual(0);
        expect(face.box.y).toBeGreaterThanOrEqual(0);
        expect(face.box.width).toBeGreaterThan(20);
        expect(face.box.x + face.box.width).toBeLessThanOrEqual(640);
        expect(face.box.y + face.box.height).toBeLessThanOrEqual(480);
        for (const point of Object.values(face.keypoints)) expectInside(point, face);
        // Upright people: eyes above the nose, nose above the mouth.
        expect(face.keypoints.rightEye.y).toBeLessThan(face.keypoints.mouth.y);
        expect(face.keypoints.leftEye.y).toBeLessThan(face.keypoints.mouth.y);
        expect(face.keypoints.nose.y).toBeLessThan(face.keypoints.mouth.y);
      }
    }
  });

  it('follows an in-plane head rotation through the eye keypoints', async () => {
    const rollAt = async (rotateDegrees: number) => {
      const frame = decodeImage(sample3, {
        width: 320,
        height: 320,
        crop: ONE_FACE,
        rotateDegrees,
      });
      const faces = await detector.detect(frame);
      expect(faces).toHaveLength(1);
      return rollDegrees(faces[0] as DetectedFace);
    };
    const upright = await rollAt(0);
    // ffmpeg rotates clockwise for a positive angle, and rollDegrees counts clockwise.
    expect(Math.abs((await rollAt(15)) - upright - 15)).toBeLessThanOrEqual(5);
    expect(Math.abs((await rollAt(-15)) - upright + 15)).toBeLessThanOrEqual(5);
  });

  it('gives the same answer for a frame however many frames came before', async () => {
    // Alternate frame sizes so the preallocated input is re-letterboxed in between.
    const group = photo(sample5);
    const single = decodeImage(sample3, { width: 320, height: 320, crop: ONE_FACE });
    const firstGroup = await detector.detect(group);
    const firstSingle = await detector.detect(single);
    for (let i = 0; i < 30; i++) {
      const frame = i % 3 === 2 ? single : group;
      expect(await detector.detect(frame)).toEqual(frame === group ? firstGroup : firstSingle);
    }
  });

  it('serialises overlapping calls that share the input buffer', async () => {
    const group = photo(sample1);
    const blank = uniformFrame(640, 480, [128, 128, 128]);
    const expected = await detector.detect(group);
    const results = await Promise.all([group, blank, group, blank].map((f) => detector.detect(f)));
    expect(results).toEqual([expected, [], expected, []]);
  });
});

describe('FaceDetector.open', () => {
  it('opens the front-camera variant too', async () => {
    const front = await FaceDetector.open(resources, 'front128');
    expect(await front.detect(photo(sample1))).toHaveLength(3);
    await front.close();
  });

  it.each([
    ['back256', MODEL_FILES.blazefaceBack],
    ['front128', MODEL_FILES.blazefaceFront],
  ] as const)('names the missing %s model file', async (variant, file) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'face-models-'));
    mkdirSync(path.join(dir, 'models'));
    // The other variant is present, so only the requested file can be the one reported.
    const other = variant === 'back256' ? MODEL_FILES.blazefaceFront : MODEL_FILES.blazefaceBack;
    copyFileSync(path.join(resources, 'models', other), path.join(dir, 'models', other));
    const opening = FaceDetector.open(dir, variant);
    await expect(opening).rejects.toThrow(ModelError);
    await expect(opening).rejects.toThrow(path.join(dir, 'models', file));
  });
});
