import { describe, expect, it } from 'vitest';
import { locate, type ReplaySegment } from './replay-controller';

// Two recordings with a gap between them, as after a crash and a resume.
const segments: ReplaySegment[] = [
  { src: 'a', startMs: 200, endMs: 10_200 },
  { src: 'b', startMs: 15_000, endMs: 30_000 },
];

describe('locate', () => {
  it('maps a session time to its segment and the seconds into that recording', () => {
    expect(locate(segments, 3200)).toEqual({ index: 0, seconds: 3 });
    expect(locate(segments, 16_500)).toEqual({ index: 1, seconds: 1.5 });
  });

  it('sends a time before the first recording or in a gap to the next recording start', () => {
    expect(locate(segments, 0)).toEqual({ index: 0, seconds: 0 });
    expect(locate(segments, 12_000)).toEqual({ index: 1, seconds: 0 });
  });

  it('holds a time past the end on the last frame, and has nothing without recordings', () => {
    expect(locate(segments, 99_000)?.index).toBe(1);
    expect(locate(segments, 99_000)?.seconds).toBeCloseTo(14.95);
    expect(locate([], 5000)).toBeNull();
  });
});
