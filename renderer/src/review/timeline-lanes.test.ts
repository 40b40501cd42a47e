import { describe, expect, it } from 'vitest';
import type { ReviewEvent, TimelineSignals } from './format';
import { bridgeSignals, laneFigures, timelineData } from './timeline-lanes';

/**
 * 30 s at 15 fps with landmarks on every 2nd frame only, as the station stores them: looking
 * away 5–8 s, eyes closed 12–14 s, and no landmarks at all 20–23 s.
 */
function sparseSignals(): TimelineSignals {
  const tMs = Array.from({ length: 450 }, (_, i) => Math.round((i * 1000) / 15));
  const measured = (i: number, t: number) => i % 2 === 0 && !(t >= 20_000 && t < 23_000);
  return {
    tMs,
    faceCount: tMs.map(() => 1),
    lookingAway: tMs.map((t, i) => (measured(i, t) ? (t >= 5000 && t < 8000 ? 1 : 0) : null)),
    eyesClosed: tMs.map((t, i) => (measured(i, t) ? (t >= 12_000 && t < 14_000 ? 1 : 0) : null)),
    voiceActive: tMs.map(() => 0),
    eyesClosedBelow: 0.2,
    dropped: [],
  };
}

const event = (type: ReviewEvent['type'], startMs: number, endMs: number) =>
  ({ id: startMs, type, severity: 'low', startMs, endMs }) as ReviewEvent;

describe('timeline lanes', () => {
  it('draws the landmark tracks without the holes of skipped frames, real gaps kept', () => {
    const [, , away] = timelineData(bridgeSignals(sparseSignals()));
    const values = away as (number | null)[];
    const at = (ms: number) => Math.round((ms * 15) / 1000);
    // Every frame up to the landmark-free stretch (the skipped frame before it is in it) has a
    // value to draw, in the right state.
    expect(values.slice(0, at(20_000) - 1).every((v) => v !== null)).toBe(true);
    expect(values[at(6000) + 1]).toBeGreaterThan(values[at(3000) + 1] ?? 0);
    expect(values.slice(at(20_000) - 1, at(23_000) + 1).every((v) => v === null)).toBe(true);
    expect(values.slice(at(23_000) + 1).every((v) => v !== null)).toBe(true);
  });

  it('joins the events with the frames and says what each lane shows', () => {
    const figures = laneFigures(bridgeSignals(sparseSignals()), [
      event('looking_away', 5000, 8000),
      event('eyes_closed', 21_000, 22_500),
      event('no_face', 1000, 2000),
    ]);
    expect(figures.summaries.away).toBe('Looking away: 1 span, 3.0 s, 3.1 s not measured');
    expect(figures.summaries.eyes).toBe('Eyes closed: 2 spans, 3.5 s, 3.1 s not measured');
    expect(figures.summaries.voice).toBe('Voice: none');
    expect(figures.eventSpans.map((s) => [s.lane, s.spans.length])).toEqual([
      [1, 1],
      [2, 1],
    ]);
  });
});
