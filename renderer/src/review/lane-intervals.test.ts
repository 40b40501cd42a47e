import { describe, expect, it } from 'vitest';
import { bridgeGaps, describeLane, mergeIntervals, runsWhere, type Flag } from './lane-intervals';

// 15 frames a second, as the station samples.
const times = (n: number) => Array.from({ length: n }, (_, i) => Math.round((i * 1000) / 15));

describe('bridgeGaps', () => {
  it('carries each value over the frames landmarks skipped (every 2nd frame)', () => {
    const values: Flag[] = [0, null, 1, null, 1, null, 0, null];
    expect(bridgeGaps(times(8), values)).toEqual([0, 0, 1, 1, 1, 1, 0, 0]);
  });

  it('leaves a hole longer than the limit as a gap, both sides of it kept', () => {
    // Known at 0 ms and at 600 ms: 600 ms apart, over the 500 ms limit.
    const t = [0, 100, 200, 300, 400, 500, 600];
    const values: Flag[] = [1, null, null, null, null, null, 0];
    expect(bridgeGaps(t, values)).toEqual(values);
    // The same hole bridged once the limit allows it.
    expect(bridgeGaps(t, values, 600)).toEqual([1, 1, 1, 1, 1, 1, 0]);
  });

  it('bridges a short run at the end of the session, and none at its start', () => {
    expect(bridgeGaps([0, 67, 133], [1, null, null])).toEqual([1, 1, 1]);
    expect(bridgeGaps([0, 67, 133], [null, null, 1])).toEqual([null, null, 1]);
    expect(bridgeGaps([0, 400, 800], [1, null, null])).toEqual([1, null, null]);
  });

  it('never fills a frame without a face, nor carries a value across one', () => {
    const values: Flag[] = [1, null, null, null, 1];
    const noFace = [false, false, true, false, false];
    expect(bridgeGaps(times(5), values, 500, noFace)).toEqual([1, null, null, null, 1]);
  });

  it('does not change its input', () => {
    const values: Flag[] = [1, null, 1];
    bridgeGaps(times(3), values);
    expect(values).toEqual([1, null, 1]);
  });
});

describe('runsWhere and mergeIntervals', () => {
  it('gives each run until the next frame, the last one a frame step past its frame', () => {
    const t = [0, 100, 200, 300, 400];
    expect(runsWhere(t, [0, 1, 1, 0, 1], (v) => v === 1)).toEqual([
      { startMs: 100, endMs: 300 },
      { startMs: 400, endMs: 500 },
    ]);
    expect(runsWhere(t, [0, null, 0, 0, 0], (v) => v === null)).toEqual([
      { startMs: 100, endMs: 200 },
    ]);
  });

  it('joins overlapping and touching intervals, in time order', () => {
    expect(
      mergeIntervals([
        { startMs: 5000, endMs: 6000 },
        { startMs: 1000, endMs: 3000 },
        { startMs: 2500, endMs: 4000 },
        { startMs: 4000, endMs: 4500 },
      ]),
    ).toEqual([
      { startMs: 1000, endMs: 4500 },
      { startMs: 5000, endMs: 6000 },
    ]);
  });
});

describe('describeLane', () => {
  it('says how many spans, how long in all, and how long the lane could not tell', () => {
    const spans = [
      { startMs: 20_000, endMs: 24_000 },
      { startMs: 50_000, endMs: 54_000 },
    ];
    expect(describeLane('Looking away', spans, [], true)).toBe('Looking away: 2 spans, 8.0 s');
    expect(describeLane('Eyes closed', spans.slice(1), [{ startMs: 0, endMs: 2600 }], true)).toBe(
      'Eyes closed: 1 span, 4.0 s, 2.6 s not measured',
    );
    expect(describeLane('Voice', [], [], true)).toBe('Voice: none');
    expect(describeLane('Voice', [], [{ startMs: 0, endMs: 9000 }], false)).toBe('Voice: no data');
  });
});
