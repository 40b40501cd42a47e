import type uPlot from 'uplot';
import { clockTime, type TimelineSignals } from './format';
import { mergeIntervals, type Interval } from './lane-intervals';

type Dropped = TimelineSignals['dropped'];

/** The seconds with dropped frames as spans, neighbours joined (a burst is one gap). */
export function droppedSpans(dropped: Dropped): Interval[] {
  return mergeIntervals(
    dropped.map(({ second }) => ({ startMs: second * 1000, endMs: (second + 1) * 1000 })),
  );
}

/**
 * What the gaps mean, in a sentence for everyone (the shading alone says nothing to a screen
 * reader, and nothing of how many frames): the tracks there rest on fewer frames than usual.
 */
export function droppedText(dropped: Dropped): string | null {
  if (dropped.length === 0) return null;
  const frames = dropped.reduce((sum, s) => sum + s.count, 0);
  const spans = droppedSpans(dropped);
  const listed = spans
    .slice(0, 5)
    .map((s) =>
      s.endMs - s.startMs <= 1000
        ? clockTime(s.startMs)
        : `${clockTime(s.startMs)}–${clockTime(s.endMs)}`,
    )
    .join(', ');
  const more = spans.length > 5 ? ` and ${spans.length - 5} more` : '';
  const seconds = dropped.length === 1 ? '1 second' : `${dropped.length} seconds`;
  return (
    `${frames} ${frames === 1 ? 'frame was' : 'frames were'} dropped under load in ${seconds} ` +
    `(${listed}${more}): the signals there rest on fewer frames (shaded grey).`
  );
}

/**
 * A uPlot `drawAxes` hook shading the seconds with dropped frames across every lane, under
 * the tracks, each at least 2 px wide so one second still shows on a long session.
 */
export function shadeDropped(spans: readonly Interval[]): (u: uPlot) => void {
  return (u) => {
    if (spans.length === 0) return;
    const { ctx } = u;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    ctx.fillStyle = 'rgba(90, 98, 112, 0.22)';
    for (const span of spans) {
      const x0 = u.valToPos(span.startMs / 1000, 'x', true);
      const x1 = Math.max(x0 + 2 * devicePixelRatio, u.valToPos(span.endMs / 1000, 'x', true));
      ctx.fillRect(x0, top, x1 - x0, height);
    }
    ctx.restore();
  };
}
