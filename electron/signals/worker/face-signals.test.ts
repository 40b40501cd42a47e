import { describe, expect, it } from 'vitest';
import {
  BlinkCounter,
  classify,
  DEFAULT_THRESHOLDS,
  eyeAspectRatio,
  faceSignals,
  gaze,
  headPose,
  type FaceSignals,
} from './face-signals';
import { eye, LEFT, landmarks, posedFace, RIGHT, type Mutable } from './test-landmarks';

describe('eyeAspectRatio', () => {
  it('is lid distance over twice the eye width, per eye', () => {
    const points = landmarks({ ...eye(RIGHT, 100, 12), ...eye(LEFT, 200, 8) });
    const ear = eyeAspectRatio(points);
    expect(ear.right).toBeCloseTo(0.3, 6);
    expect(ear.left).toBeCloseTo(0.2, 6);
    expect(ear.average).toBeCloseTo(0.25, 6);
  });

  it('is 0 for a closed eye', () => {
    expect(eyeAspectRatio(landmarks({ ...eye(RIGHT, 100, 0), ...eye(LEFT, 200, 0) })).average).toBe(
      0,
    );
  });
});

describe('headPose', () => {
  it('reads 0 for a face looking into the camera', () => {
    const pose = headPose(posedFace(0, 0, 0));
    expect(Math.abs(pose.yaw)).toBeLessThan(0.5);
    // The canonical chin sits 2 mm behind the forehead: 0.7° of built-in pitch.
    expect(Math.abs(pose.pitch)).toBeLessThan(1);
    expect(Math.abs(pose.roll)).toBeLessThan(0.5);
  });

  it.each([
    [30, 0, 0],
    [-40, 0, 0],
    [0, 25, 0],
    [0, -25, 0],
    [0, 0, 15],
    [20, -15, 10],
    [-35, 20, -18],
  ])('recovers yaw %d°, pitch %d°, roll %d° within 1.5°', (yaw, pitch, roll) => {
    const pose = headPose(posedFace(yaw, pitch, roll));
    expect(Math.abs(pose.yaw - yaw)).toBeLessThan(1.5);
    expect(Math.abs(pose.pitch - pitch)).toBeLessThan(1.5);
    expect(Math.abs(pose.roll - roll)).toBeLessThan(1.5);
  });

  it('signs: nose to the image right is +yaw, chin up is +pitch, clockwise is +roll', () => {
    // Turning towards the image's right brings the image-left eye corner nearer the camera.
    const turned = posedFace(20, 0, 0);
    expect(turned[33]?.[2]).toBeLessThan(turned[263]?.[2] ?? -Infinity);
    const tilted = posedFace(0, 0, 20);
    expect(tilted[263]?.[1]).toBeGreaterThan(tilted[33]?.[1] ?? Infinity);
    const up = posedFace(0, 20, 0);
    expect(up[152]?.[2]).toBeLessThan(up[10]?.[2] ?? -Infinity);
  });
});

describe('gaze', () => {
  const eyes = (rightIris: [number, number], leftIris: [number, number]): Mutable =>
    landmarks({
      ...eye(RIGHT, 100, 12, { index: 468, at: rightIris }),
      ...eye(LEFT, 200, 12, { index: 473, at: leftIris }),
    });

  it('is 0 with both irises in the middle of the eyes', () => {
    const g = gaze(eyes([20, 0], [20, 0]));
    expect(g.x).toBeCloseTo(0, 6);
    expect(g.y).toBeCloseTo(0, 6);
  });

  it('moves towards +x as the irises move to the image right, +y as they move down', () => {
    expect(gaze(eyes([30, 0], [30, 0])).x).toBeCloseTo(0.5, 6);
    expect(gaze(eyes([10, 0], [10, 0])).x).toBeCloseTo(-0.5, 6);
    expect(gaze(eyes([20, 3], [20, 3])).y).toBeCloseTo(0.5, 6);
    expect(gaze(eyes([20, -6], [20, -6])).y).toBeCloseTo(-1, 6);
  });

  it('stays within [-1, 1] and averages the eyes', () => {
    expect(gaze(eyes([60, 0], [60, 0])).x).toBe(1);
    expect(gaze(eyes([30, 0], [20, 0])).x).toBeCloseTo(0.25, 6);
  });

  it('is left out when the engine gave no iris points', () => {
    expect(
      faceSignals(landmarks({ ...eye(RIGHT, 100, 12), ...eye(LEFT, 200, 12) }, 468)).gaze,
    ).toBeNull();
  });
});

describe('classify', () => {
  const signals = (
    ear: number,
    pose = { pitch: 0, yaw: 0, roll: 0 },
    g = { x: 0, y: 0 },
  ): FaceSignals => ({
    ear: { left: ear, right: ear, average: ear },
    pose,
    gaze: g,
  });

  it('applies the EAR thresholds: > 0.25 open, < 0.20 blink, < 0.15 closed', () => {
    expect(classify(signals(0.3))).toMatchObject({
      eyesOpen: true,
      blink: false,
      eyesClosed: false,
    });
    expect(classify(signals(0.22))).toMatchObject({
      eyesOpen: false,
      blink: false,
      eyesClosed: false,
    });
    expect(classify(signals(0.18))).toMatchObject({
      eyesOpen: false,
      blink: true,
      eyesClosed: false,
    });
    expect(classify(signals(0.1))).toMatchObject({
      eyesOpen: false,
      blink: true,
      eyesClosed: true,
    });
  });

  it('counts a head past ±30° pitch, ±45° yaw or ±20° roll as looking away', () => {
    const away = (pose: { pitch: number; yaw: number; roll: number }): boolean =>
      classify(signals(0.3, pose)).lookingAway;
    expect(away({ pitch: 29, yaw: 44, roll: 19 })).toBe(false);
    expect(away({ pitch: -31, yaw: 0, roll: 0 })).toBe(true);
    expect(away({ pitch: 0, yaw: 46, roll: 0 })).toBe(true);
    expect(away({ pitch: 0, yaw: 0, roll: -21 })).toBe(true);
  });

  it('counts eyes turned past the gaze bound as looking away, and takes tuned thresholds', () => {
    const still = { pitch: 0, yaw: 0, roll: 0 };
    expect(classify(signals(0.3, still, { x: 0.5, y: 0 })).lookingAway).toBe(true);
    expect(classify(signals(0.3, still, { x: 0.3, y: 0 })).lookingAway).toBe(false);
    const tuned = { ...DEFAULT_THRESHOLDS, maxGazeX: 0.2, earOpen: 0.35 };
    expect(classify(signals(0.3, still, { x: 0.3, y: 0 }), tuned)).toMatchObject({
      lookingAway: true,
      eyesOpen: false,
    });
  });
});

describe('BlinkCounter', () => {
  const feed = (values: (number | null)[]): { counter: BlinkCounter; at: number[] } => {
    const counter = new BlinkCounter();
    const at: number[] = [];
    values.forEach((v, i) => counter.push(v) && at.push(i));
    return { counter, at };
  };
  const open = (n: number): number[] => Array<number>(n).fill(0.3);
  const shut = (n: number): number[] => Array<number>(n).fill(0.1);

  it('counts a dip of 1 to 8 frames that recovers above the open threshold', () => {
    const { counter, at } = feed([...open(3), ...shut(1), ...open(3), ...shut(8), ...open(2)]);
    expect(counter.count).toBe(2);
    expect(at).toEqual([4, 15]);
  });

  it('does not count a closure of 9 frames or more', () => {
    expect(feed([...open(3), ...shut(9), ...open(3)]).counter.count).toBe(0);
  });

  it('needs the recovery to pass the open threshold; in-between values bridge', () => {
    expect(feed([...open(2), ...shut(2), 0.22, 0.23, ...shut(1)]).counter.count).toBe(0);
    expect(feed([...open(2), ...shut(2), 0.22, ...shut(1), 0.3]).counter.count).toBe(1);
  });

  it('needs open eyes first, and forgets a dip when the face is lost', () => {
    expect(feed([...shut(3), ...open(3)]).counter.count).toBe(0);
    expect(feed([...open(3), ...shut(2), null, ...open(3)]).counter.count).toBe(0);
  });
});
