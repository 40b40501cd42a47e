import { describe, expect, it } from 'vitest';
import { droppedSpans, droppedText } from './timeline-gaps';

describe('timeline gaps', () => {
  it('joins neighbouring seconds with dropped frames into one gap', () => {
    const dropped = [
      { second: 3, count: 4 },
      { second: 4, count: 6 },
      { second: 9, count: 1 },
    ];
    expect(droppedSpans(dropped)).toEqual([
      { startMs: 3000, endMs: 5000 },
      { startMs: 9000, endMs: 10_000 },
    ]);
    expect(droppedText(dropped)).toBe(
      '11 frames were dropped under load in 3 seconds (0:03–0:05, 0:09): the signals there ' +
        'rest on fewer frames (shaded grey).',
    );
  });

  it('says nothing when no frame was dropped', () => {
    expect(droppedSpans([])).toEqual([]);
    expect(droppedText([])).toBeNull();
  });
});
