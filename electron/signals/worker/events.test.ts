import { describe, expect, it } from 'vitest';
import { countByType, IntervalDetector } from './events';

const FRAME = 1000 / 15;

/** Feeds a per-frame pattern at 15 fps: each entry is [seconds, active]. */
function run(detector: IntervalDetector, pattern: [number, boolean][]) {
  let t = 0;
  for (const [seconds, active] of pattern) {
    const until = t + seconds * 1000;
    for (; t < until - 1e-6; t += FRAME) detector.push(t, active, t + FRAME);
  }
  return detector.finish(t);
}

describe('IntervalDetector', () => {
  it('reports an interval from the first to the last frame the condition held', () => {
    const events = run(new IntervalDetector('no_face'), [
      [3, false],
      [4, true],
      [3, false],
    ]);
    expect(events).toHaveLength(1);
    expect(events[0]?.startMs).toBeCloseTo(3000, -2);
    expect(events[0]?.endMs).toBeCloseTo(7000, -2);
    expect(events[0]?.severity).toBe('medium');
  });

  it('drops blips shorter than the minimum duration', () => {
    const events = run(new IntervalDetector('no_face', { minDurationMs: 1000, mergeGapMs: 0 }), [
      [2, false],
      [0.4, true],
      [2, false],
    ]);
    expect(events).toEqual([]);
  });

  it('bridges short gaps, so a missed frame does not split an event', () => {
    const events = run(new IntervalDetector('multiple_faces'), [
      [1, false],
      [2, true],
      [0.2, false],
      [2, true],
      [1, false],
    ]);
    expect(events).toHaveLength(1);
    expect(events[0]?.endMs).toBeCloseTo(5200, -2);
  });

  it('keeps intervals apart when the gap is long', () => {
    const events = run(new IntervalDetector('no_face'), [
      [2, true],
      [2, false],
      [2, true],
    ]);
    expect(events.map((e) => Math.round(e.startMs / 100) * 100)).toEqual([0, 4000]);
  });

  it('closes an interval still open at the end of the media', () => {
    const events = run(new IntervalDetector('no_face'), [
      [1, false],
      [2, true],
    ]);
    expect(events).toHaveLength(1);
    expect(events[0]?.endMs).toBeCloseTo(3000, -2);
  });

  it('counts events by type for the summary', () => {
    expect(
      countByType([
        { type: 'no_face', startMs: 0, endMs: 1, severity: 'medium' },
        { type: 'no_face', startMs: 2, endMs: 3, severity: 'medium' },
        { type: 'multiple_faces', startMs: 4, endMs: 5, severity: 'high' },
      ]),
    ).toEqual({ no_face: 2, multiple_faces: 1 });
  });
});

describe('IntervalDetector evidence', () => {
  it('flags the first frame of each new event, not frames bridged into one', () => {
    const detector = new IntervalDetector('no_face', { minDurationMs: 0, mergeGapMs: 300 });
    const starts: number[] = [];
    const pattern: [number, boolean][] = [
      [0, false],
      [100, true],
      [200, true],
      [300, false],
      [400, true], // 100 ms gap: bridged, same event
      [500, false],
      [1500, false],
      [1600, true], // long gap: a new event
    ];
    for (const [t, active] of pattern) if (detector.push(t, active, t + 100)) starts.push(t);
    expect(starts).toEqual([100, 1600]);
  });
});
