/*
 * Calibration on real faces (face-api's demo photos through the station's own detector and
 * landmark engine): the framing check, the baseline, and looking-away measured from it. A
 * camera 20° below or above eye level is simulated by turning the real landmarks 20° in pitch
 * about the face's centre (the mesh's own depth makes it a 3D turn, so the gaze and the eye
 * shapes change as well); a face at half size is the same photo framed twice as wide.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRAMING_GUIDANCE, type CalibrationBaseline } from '../../../shared/calibration';
import type { LandmarkEngine, RgbFrame } from '../../../shared/frames';
import { framingProblem } from './calibration';
import { CalibrationSession } from './calibration-session';
import { FaceDetector } from './face-detector';
import { FaceTracking } from './face-tracking';
import { openHybridLandmarks, type HybridLandmarkEngine } from './hybrid-landmarks';
import { decodeImage, facePhotos, uniformFrame, type Crop } from './test-media';
import { debounceWith } from './thresholds';

const [, sample2, sample3, , sample5, sample6] = facePhotos() as string[] as [
  string,
  string,
  string,
  string,
  string,
  string,
];
const FRAME_MS = 1000 / 15;

/** The woman on the left of sample3.jpg, frontal, framed as at a kiosk. */
const FRONTAL: Crop = { x: 440, y: 280, width: 480, height: 360 };
/** The woman on the left of sample2.jpg, in profile. */
const PROFILE: Crop = { x: 165, y: 33, width: 700, height: 525 };
/** Frontal faces whose measured pitch already leans: +11° (chin up), -16° and -34°. */
const LEANS_UP: [string, Crop] = [sample5, { x: 965, y: 167, width: 484, height: 363 }];
const LEANS_DOWN: [string, Crop] = [sample6, { x: 57, y: 431, width: 580, height: 435 }];
const READS_DOWN: [string, Crop] = [sample2, { x: 710, y: 158, width: 527, height: 395 }];

/**
 * A few frames of one photo, each framed a few pixels differently, so the landmarks jitter
 * the way they do on a live camera instead of repeating one exact answer.
 */
function footage(photo: string, crop: Crop, zoom = 1): RgbFrame[] {
  return [0, 1, 2, 3, 4].map((k) => {
    const dx = [0, 6, -5, 3, -7][k] as number;
    const dy = [0, -4, 5, 6, -3][k] as number;
    const width = crop.width * zoom;
    const height = crop.height * zoom;
    return decodeImage(photo, {
      width: 640,
      height: 480,
      crop: {
        x: Math.max(0, Math.round(crop.x + crop.width / 2 - width / 2 + dx)),
        y: Math.max(0, Math.round(crop.y + crop.height / 2 - height / 2 + dy)),
        width: Math.round(width),
        height: Math.round(height),
      },
    });
  });
}

/** A small picture pasted in the middle of a grey 640x480 frame. */
function pasted(small: RgbFrame): RgbFrame {
  const frame = uniformFrame(640, 480, [128, 128, 128]);
  const [x0, y0] = [(640 - small.width) >> 1, (480 - small.height) >> 1];
  for (let y = 0; y < small.height; y++) {
    const row = small.data.subarray(y * small.width * 3, (y + 1) * small.width * 3);
    frame.data.set(row, ((y0 + y) * 640 + x0) * 3);
  }
  return frame;
}

/** The engine's landmarks turned `degrees` up (headPose's pitch) about their centroid. */
function pitched(engine: LandmarkEngine, degrees: number): LandmarkEngine {
  // Camera axes have y down: turning the face up is a negative turn about x.
  const [c, s] = [Math.cos((-degrees * Math.PI) / 180), Math.sin((-degrees * Math.PI) / 180)];
  return {
    name: `${engine.name}+pitch${degrees}`,
    close: () => Promise.resolve(),
    async landmarks(frame, face) {
      const found = await engine.landmarks(frame, face);
      if (!found || degrees === 0) return found;
      const n = found.points.length;
      const cy = found.points.reduce((sum, p) => sum + p[1], 0) / n;
      const cz = found.points.reduce((sum, p) => sum + p[2], 0) / n;
      const points = found.points.map(([x, y, z]): [number, number, number] => {
        const [dy, dz] = [y - cy, z - cz];
        return [x, cy + c * dy - s * dz, cz + s * dy + c * dz];
      });
      return { ...found, points };
    },
  };
}

describe('calibration on real faces', () => {
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

  /** What the device check's worker does (CalibrationSession): the baseline or null. */
  async function calibrate(frames: RgbFrame[], landmarks: LandmarkEngine) {
    const session = new CalibrationSession(detector, landmarks, { frames: 10, maxFrames: 20 });
    const problems = new Set<string>();
    // Two windows: a session that cannot calibrate in them starts over, without end.
    for (let i = 0; i < 40; i++) {
      const { status, baseline } = await session.frame(frames[i % frames.length] as RgbFrame);
      if (status.problem) problems.add(status.problem);
      if (baseline) return { baseline, problems };
    }
    return { baseline: null, problems };
  }

  /** Runs 15 fps footage through FaceTracking: looking-away frames and events. */
  async function track(
    script: [seconds: number, frames: RgbFrame[]][],
    landmarks: LandmarkEngine,
    baseline: CalibrationBaseline | null,
  ) {
    const tracking = new FaceTracking(landmarks, {
      every: 1,
      periodMs: FRAME_MS,
      baseline,
      debounce: debounceWith(undefined),
    });
    const away: number[] = [];
    let index = 0;
    for (const [seconds, frames] of script) {
      for (let i = 0; i < seconds * 15; i++, index++) {
        const frame = { ...(frames[i % frames.length] as RgbFrame), tMs: index * FRAME_MS };
        const [face] = (await detector.detect(frame)).sort((a, b) => b.box.width - a.box.width);
        const signals = await tracking.analyze(frame, face ?? null);
        if (signals.lookingAway) away.push(frame.tMs);
      }
    }
    const { events } = tracking.finish(index * FRAME_MS);
    return { away, events: events.filter((e) => e.type === 'looking_away') };
  }

  it('refuses no face, two faces, a profile and a face too small, and says what to do', async () => {
    const check = async (frame: RgbFrame) => framingProblem(await detector.detect(frame), frame);
    expect(
      await check(decodeImage(sample3, { width: 640, height: 480, crop: FRONTAL })),
    ).toBeNull();
    expect(await check(decodeImage(sample3, { width: 640, height: 480 }))).toBe('several_faces');
    expect(await check(decodeImage(sample2, { width: 640, height: 480, crop: PROFILE }))).toBe(
      'profile',
    );
    // The frontal face at a quarter of its kiosk size, in the middle of a grey frame.
    const far = pasted(decodeImage(sample3, { width: 160, height: 120, crop: FRONTAL }));
    const farFaces = await detector.detect(far);
    expect(farFaces).toHaveLength(1);
    expect(framingProblem(farFaces, far)).toBe('too_small');
    const profile = await calibrate(footage(sample2, PROFILE), engine);
    expect(profile.baseline).toBeNull();
    expect([...profile.problems]).toEqual(['profile']);
    expect(FRAMING_GUIDANCE).toMatchObject({
      several_faces: 'Only you should be in view.',
      profile: 'Face the screen.',
      too_small: 'Move closer.',
    });
  });

  // Camera below eye level: it looks up at the face, which reads tilted up (pitch > 0).
  const placements: [string, number, [string, Crop]][] = [
    ['below', 20, LEANS_UP],
    ['above', -20, LEANS_DOWN],
  ];
  for (const [where, degrees, [photo, crop]] of placements) {
    it(`reports no looking-away with the camera 20° ${where} eye level once calibrated`, async () => {
      const frames = footage(photo, crop);
      const camera = pitched(engine, degrees);
      const { baseline } = await calibrate(frames, camera);
      expect(baseline).not.toBeNull();
      const calibrated = await track([[3, frames]], camera, baseline);
      expect(calibrated.away).toEqual([]);
      expect(calibrated.events).toEqual([]);
      // What the baseline is for: measured absolutely, the same picture is looking away.
      const absolute = await track([[3, frames]], camera, null);
      expect(absolute.away.length).toBeGreaterThan(30);
      expect(absolute.events).toHaveLength(1);
    });
  }

  it('reports no looking-away for a face at half size once calibrated', async () => {
    const frames = footage(READS_DOWN[0], READS_DOWN[1], 2);
    const { baseline, problems } = await calibrate(frames, engine);
    expect(problems.has('too_small')).toBe(false);
    expect(baseline).not.toBeNull();
    const calibrated = await track([[3, frames]], engine, baseline);
    expect(calibrated.away).toEqual([]);
    // This frontal face reads its pitch past the bound: absolutely, it is looking away.
    const absolute = await track([[3, frames]], engine, null);
    expect(absolute.away.length).toBeGreaterThan(30);
  });

  it('still reports a real head turn within 1 s after calibration', async () => {
    const { baseline } = await calibrate(footage(sample3, FRONTAL), engine);
    const turnMs = 2000;
    const result = await track(
      [
        [2, footage(sample3, FRONTAL)],
        [2, footage(sample2, PROFILE)],
      ],
      engine,
      baseline,
    );
    const first = result.away[0];
    expect(first).toBeGreaterThanOrEqual(turnMs);
    expect((first ?? Infinity) - turnMs).toBeLessThanOrEqual(1000);
    expect(result.events).toHaveLength(1);
    expect((result.events[0]?.startMs ?? Infinity) - turnMs).toBeLessThanOrEqual(1000);
  });
});
