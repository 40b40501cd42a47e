import type { ReviewEvent } from './format';

/** A flag the timeline draws: 1 set, 0 clear, null when the frame could not tell. */
export type Flag = 0 | 1 | null;

/** A stretch of session time, `[startMs, endMs)`. */
export interface Interval {
  startMs: number;
  endMs: number;
}

/**
 * Landmarks run on every 2nd frame (and skip frames under load), so the landmark tracks have a
 * null between most pairs of values. The station did measure on both sides of such a hole; a
 * hole this short or shorter is carried over. A longer one is a real gap and stays one.
 */
export const BRIDGE_MS = 500;

/**
 * Fills each run of nulls with the value before it when the known values on either side are at
 * most `maxGapMs` apart (a run at the very end: when it is that short). A frame where `breaks`
 * is true (no face in view) is never filled and ends the run, so a lost face is not papered over.
 */
export function bridgeGaps(
  tMs: readonly number[],
  values: readonly Flag[],
  maxGapMs = BRIDGE_MS,
  breaks?: readonly boolean[],
): Flag[] {
  const out = values.slice();
  let last = -1; // index of the last known value
  for (let i = 0; i < values.length; i++) {
    if (breaks?.[i]) {
      last = -1;
      continue;
    }
    if (values[i] === null) continue;
    if (last >= 0 && last < i - 1 && (tMs[i] ?? 0) - (tMs[last] ?? 0) <= maxGapMs)
      out.fill(values[last] ?? null, last + 1, i);
    last = i;
  }
  // A short run of nulls closing the session: nothing after it, the same rule from its start.
  const end = values.length - 1;
  if (last >= 0 && last < end && !breaks?.[end]) {
    if ((tMs[end] ?? 0) - (tMs[last] ?? 0) <= maxGapMs) out.fill(values[last] ?? null, last + 1);
  }
  return out;
}

/**
 * The runs of frames where `pick` holds, each lasting until the next frame's time (the last
 * frame: one typical frame step), as the stepped chart draws them.
 */
export function runsWhere(
  tMs: readonly number[],
  values: readonly Flag[],
  pick: (value: Flag) => boolean,
): Interval[] {
  const n = tMs.length;
  const step = n > 1 ? ((tMs[n - 1] ?? 0) - (tMs[0] ?? 0)) / (n - 1) : 0;
  const runs: Interval[] = [];
  let start: number | null = null;
  for (let i = 0; i <= n; i++) {
    const held = i < n && pick(values[i] ?? null);
    if (held && start === null) start = tMs[i] ?? 0;
    if (!held && start !== null) {
      runs.push({ startMs: start, endMs: i < n ? (tMs[i] ?? 0) : (tMs[n - 1] ?? 0) + step });
      start = null;
    }
  }
  return runs;
}

/** The union of some intervals, sorted, with overlapping and touching ones joined. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.startMs - b.startMs);
  const out: Interval[] = [];
  for (const next of sorted) {
    const prev = out.at(-1);
    if (prev && next.startMs <= prev.endMs) prev.endMs = Math.max(prev.endMs, next.endMs);
    else out.push({ ...next });
  }
  return out;
}

/** The spans the session's events of one type cover (an event still open: its start only). */
export function eventIntervals(events: readonly ReviewEvent[], type: ReviewEvent['type']) {
  return events
    .filter((e) => e.type === type)
    .map((e) => ({ startMs: e.startMs, endMs: Math.max(e.startMs, e.endMs ?? e.startMs) }));
}

const totalMs = (intervals: readonly Interval[]) =>
  intervals.reduce((sum, i) => sum + (i.endMs - i.startMs), 0);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * What a lane shows, in words, for screen readers and for a reviewer who wants the figure:
 * "Looking away: 2 spans, 8.0 s, 2.6 s not measured".
 */
export function describeLane(
  label: string,
  spans: readonly Interval[],
  unmeasured: readonly Interval[],
  anyData: boolean,
): string {
  if (!anyData && spans.length === 0) return `${label}: no data`;
  const shown =
    spans.length === 0
      ? 'none'
      : `${spans.length} ${spans.length === 1 ? 'span' : 'spans'}, ${seconds(totalMs(spans))}`;
  const gap = totalMs(unmeasured);
  return gap > 0 ? `${label}: ${shown}, ${seconds(gap)} not measured` : `${label}: ${shown}`;
}
