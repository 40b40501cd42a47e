import { describe, expect, it } from 'vitest';
import type { Point } from './face-detector';
import { faceCentre, rollDegrees } from './face-geometry';

function eyes(rightEye: Point, leftEye: Point) {
  const origin = { x: 0, y: 0 };
  return {
    keypoints: {
      rightEye,
      leftEye,
      nose: origin,
      mouth: origin,
      rightEar: origin,
      leftEar: origin,
    },
  };
}

describe('rollDegrees', () => {
  it('is zero when the eyes are level', () => {
    expect(rollDegrees(eyes({ x: 100, y: 50 }, { x: 140, y: 50 }))).toBe(0);
  });

  it('is positive when the head turns clockwise on screen', () => {
    // The left eye (image right) drops: the head leans towards the person's left shoulder.
    expect(rollDegrees(eyes({ x: 100, y: 50 }, { x: 140, y: 90 }))).toBeCloseTo(45);
  });

  it('is negative when the head turns anticlockwise on screen', () => {
    const tilt = (15 * Math.PI) / 180;
    const leftEye = { x: 100 + 40 * Math.cos(tilt), y: 50 - 40 * Math.sin(tilt) };
    expect(rollDegrees(eyes({ x: 100, y: 50 }, leftEye))).toBeCloseTo(-15);
  });

  it('reads an upside-down face as a half turn', () => {
    expect(Math.abs(rollDegrees(eyes({ x: 140, y: 50 }, { x: 100, y: 50 })))).toBe(180);
  });
});

describe('faceCentre', () => {
  it('is the middle of the box', () => {
    expect(faceCentre({ box: { x: 10, y: 20, width: 100, height: 60 } })).toEqual({ x: 60, y: 50 });
  });
});
