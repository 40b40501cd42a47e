import { describe, expect, it } from 'vitest';
import type { EventType } from '../../../shared/enums';
import type { DetectedFace } from './face-detector';
import { FaceTracking, type FaceTrackingOptions } from './face-tracking';
import type { LandmarkEngine } from '../../../shared/frames';
import { debounceWith } from './thresholds';
import { eye, landmarks, LEFT, RIGHT, type Mutable } from './test-landmarks';

const FRAME_MS = 1000 / 15;

/** A frontal face: eyes `opening` px apart (40 px wide, so EAR = opening / 40), irises at `iris`. */
function face(opening: number, iris: [number, number] = [20, 0]): Mutable {
  return landmarks({
    ...eye(RIGHT, 100, opening, { index: 468, at: iris }),
    ...eye(LEFT, 200, opening, { index: 473, at: iris }),
    10: [170, 120, 0],
    152: [170, 330, 0],
  });
}

const box: DetectedFace = {
  score: 0.9,
  box: { x: 80, y: 100, width: 200, height: 250 },
  keypoints: {
    rightEye: { x: 120, y: 200 },
    leftEye: { x: 220, y: 200 },
    nose: { x: 170, y: 250 },
    mouth: { x: 170, y: 290 },
    rightEar: { x: 90, y: 220 },
    leftEar: { x: 260, y: 220 },
  },
};

/** Runs a script of [frames, points] through FaceTracking with a scripted landmark engine. */
async function track(script: [number, Mutable][], more: Partial<FaceTrackingOptions> = {}) {
  let current: Mutable = face(12);
  const engine: LandmarkEngine = {
    name: 'scripted',
    landmarks: async () => ({ points: current, irisAvailable: true }),
    close: async () => {},
  };
  const tracking = new FaceTracking(engine, { every: 1, periodMs: FRAME_MS, ...more });
  const evidence: [EventType, number][] = [];
  tracking.setEvidenceSink((type, frame) => evidence.push([type, frame.tMs]));
  let index = 0;
  for (const [frames, points] of script) {
    current = points;
    for (let i = 0; i < frames; i++, index++) {
      const tMs = index * FRAME_MS;
      await tracking.analyze({ tMs, data: new Uint8Array(3), width: 1, height: 1 }, box);
    }
  }
  return { ...tracking.finish(index * FRAME_MS), evidence };
}

describe('FaceTracking', () => {
  it('finds eyes closed and looking away, keeps their first frames, and counts blinks', async () => {
    const result = await track([
      [15, face(12)], // open 1 s
      [45, face(2)], // closed 3 s
      [15, face(12)],
      [45, face(12, [2, 0])], // eyes to the corner: looking away 3 s
      [15, face(12)],
      [3, face(2)], // a blink
      [15, face(12)],
    ]);
    const closed = result.events.find((e) => e.type === 'eyes_closed');
    const away = result.events.find((e) => e.type === 'looking_away');
    expect(closed?.startMs).toBeCloseTo(1000, 0);
    expect(closed?.endMs).toBeCloseTo(4000, 0);
    expect(away?.startMs).toBeCloseTo(5000, 0);
    expect(away?.endMs).toBeCloseTo(8000, 0);
    expect(result.lookingAwayMs).toBe(3000);
    // Evidence is the first frame of each, so thumbnails show the moment it began.
    expect(result.evidence).toContainEqual(['eyes_closed', closed?.startMs]);
    expect(result.evidence).toContainEqual(['looking_away', away?.startMs]);
    // One blink (3 frames); the 3 s closure is not a blink.
    expect(result.blinksPerMinute).toBeCloseTo(1 / (153 / 15 / 60), 0);
  });

  it('runs landmarks only on every Nth frame and reports nothing in between', async () => {
    let calls = 0;
    const engine: LandmarkEngine = {
      name: 'counting',
      landmarks: async () => {
        calls += 1;
        return { points: face(12), irisAvailable: true };
      },
      close: async () => {},
    };
    const tracking = new FaceTracking(engine, { every: 3, periodMs: FRAME_MS });
    const seen = [];
    for (let i = 0; i < 9; i++) {
      const frame = { tMs: i * FRAME_MS, data: new Uint8Array(3), width: 1, height: 1 };
      seen.push((await tracking.analyze(frame, box)).earAvg);
    }
    expect(calls).toBe(3);
    expect(seen).toEqual([0.3, null, null, 0.3, null, null, 0.3, null, null]);
  });

  it('merges or splits eyes-closed and looking-away events by the station’s debouncing', async () => {
    // Eyes closed 2.5 s, open 0.6 s, closed 2.5 s; then eyes to the corner for 1 s.
    const script: [number, Mutable][] = [
      [15, face(12)],
      [38, face(2)],
      [9, face(12)],
      [38, face(2)],
      [15, face(12)],
      [15, face(12, [2, 0])],
      [15, face(12)],
    ];
    const spans = (events: { type: string; startMs: number; endMs: number }[], type: string) =>
      events
        .filter((e) => e.type === type)
        .map((e) => [Math.round(e.startMs / 100) / 10, Math.round(e.endMs / 100) / 10]);

    // By default a 0.6 s look up splits the closure, and a 1 s glance is too short to report.
    const byDefault = await track(script);
    expect(spans(byDefault.events, 'eyes_closed')).toEqual([
      [1, 3.5],
      [4.1, 6.7],
    ]);
    expect(spans(byDefault.events, 'looking_away')).toEqual([]);

    const tuned = await track(script, {
      debounce: debounceWith({
        debounce: { eyes_closed: { mergeGapMs: 1000 }, looking_away: { minDurationMs: 500 } },
      }),
    });
    expect(spans(tuned.events, 'eyes_closed')).toEqual([[1, 6.7]]);
    expect(spans(tuned.events, 'looking_away')).toEqual([[7.7, 8.7]]);
  });

  it('measures from the calibration baseline, smoothing away one-frame jitter', async () => {
    // Irises resting 0.5 towards the image's right (a camera beside the screen), with a
    // one-frame spike to the corner every second; then a real 2 s look to the far corner.
    const resting = face(12, [30, 0]);
    const spike = face(12, [38, 0]);
    const script: [number, Mutable][] = [];
    for (let s = 0; s < 3; s++) script.push([14, resting], [1, spike]);
    script.push([30, face(12, [2, 0])], [15, resting]);
    const baseline = { yaw: 0, pitch: 0, roll: 0, gazeX: 0.5, gazeY: 0, frames: 20 };
    const calibrated = await track(script, { baseline });
    const away = calibrated.events.filter((e) => e.type === 'looking_away');
    // Only the real look; it starts within the median's half window of the frames.
    expect(away).toHaveLength(1);
    expect(away[0]?.startMs).toBeGreaterThanOrEqual(3000);
    expect(away[0]?.startMs).toBeLessThan(3000 + 400);
    // The spikes (0.4 from the baseline for one frame) count for nothing: 2 s, give or take
    // a frame or two.
    expect(Math.abs((calibrated.lookingAwayMs ?? 0) - 2000)).toBeLessThanOrEqual(100);
    // Without a baseline the same resting gaze is past the bound from the first frame.
    const absolute = await track(script);
    expect(absolute.events.find((e) => e.type === 'looking_away')?.startMs).toBe(0);
  });
});
