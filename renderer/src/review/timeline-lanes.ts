import type uPlot from 'uplot';
import type { ReviewEvent, TimelineSignals } from './format';
import {
  bridgeGaps,
  describeLane,
  eventIntervals,
  mergeIntervals,
  runsWhere,
  type Flag,
  type Interval,
} from './lane-intervals';

/** Track lanes from the top; each is one unit high on the chart's y scale. */
export const LANES = [
  { key: 'face', label: 'Face count', color: '#1f5fbf' },
  { key: 'away', label: 'Looking away', color: '#b35c00' },
  { key: 'eyes', label: 'Eyes closed', color: '#7a3db8' },
  { key: 'voice', label: 'Voice', color: '#1a7f4b' },
  { key: 'events', label: 'Events', color: '#b00020' },
] as const;
export type LaneKey = (typeof LANES)[number]['key'];
export const LANE_COUNT = LANES.length;
/** The lane's bottom on the y scale: lane 0 (face) is at the top. */
export const base = (lane: number) => LANE_COUNT - 1 - lane;

/** The landmark tracks with their short holes bridged (lane-intervals.ts says why). */
export interface BridgedSignals {
  tMs: readonly number[];
  faceCount: readonly number[];
  lookingAway: Flag[];
  eyesClosed: Flag[];
  voiceActive: readonly Flag[];
}

export function bridgeSignals(signals: TimelineSignals): BridgedSignals {
  const noFace = signals.faceCount.map((count) => count === 0);
  return {
    tMs: signals.tMs,
    faceCount: signals.faceCount,
    lookingAway: bridgeGaps(signals.tMs, signals.lookingAway, undefined, noFace),
    eyesClosed: bridgeGaps(signals.tMs, signals.eyesClosed, undefined, noFace),
    voiceActive: signals.voiceActive,
  };
}

/**
 * Turns the signal columns into uPlot's data: x in seconds, then one series per track drawn
 * in its lane (flags 0/1 as a band; face count 0, 1, 2+ as three heights; unknown as a gap).
 */
export function timelineData(signals: BridgedSignals): uPlot.AlignedData {
  const n = signals.tMs.length;
  const x = new Float64Array(n);
  const face: (number | null)[] = new Array(n);
  const away: (number | null)[] = new Array(n);
  const eyes: (number | null)[] = new Array(n);
  const voice: (number | null)[] = new Array(n);
  const flag = (v: Flag, lane: number) => (v === null ? null : base(lane) + v * 0.8);
  for (let i = 0; i < n; i++) {
    x[i] = (signals.tMs[i] ?? 0) / 1000;
    face[i] = base(0) + Math.min(signals.faceCount[i] ?? 0, 2) * 0.4;
    away[i] = flag(signals.lookingAway[i] ?? null, 1);
    eyes[i] = flag(signals.eyesClosed[i] ?? null, 2);
    voice[i] = flag(signals.voiceActive[i] ?? null, 3);
  }
  return [x as unknown as number[], face, away, eyes, voice];
}

/** The event type whose spans a flag lane also draws. */
const LANE_EVENTS = { away: 'looking_away', eyes: 'eyes_closed' } as const;

export interface LaneFigures {
  /** Event spans to shade per lane index (events say so even where frames are sparse). */
  eventSpans: { lane: number; color: string; spans: Interval[] }[];
  /** One sentence per flag lane: what it shows, for screen readers and the lane's tooltip. */
  summaries: Partial<Record<LaneKey, string>>;
}

/** What each flag lane shows: its frames' runs joined with its events' spans, in figures. */
export function laneFigures(signals: BridgedSignals, events: readonly ReviewEvent[]): LaneFigures {
  const eventSpans: LaneFigures['eventSpans'] = [];
  const summaries: LaneFigures['summaries'] = {};
  const flagLanes = [
    ['away', signals.lookingAway],
    ['eyes', signals.eyesClosed],
    ['voice', signals.voiceActive],
  ] as const;
  for (const [key, values] of flagLanes) {
    const lane = LANES.findIndex((l) => l.key === key);
    const type = key === 'voice' ? null : LANE_EVENTS[key];
    const fromEvents = type ? eventIntervals(events, type) : [];
    if (fromEvents.length > 0)
      eventSpans.push({ lane, color: LANES[lane]?.color ?? '#000', spans: fromEvents });
    const spans = mergeIntervals([
      ...runsWhere(signals.tMs, values, (v) => v === 1),
      ...fromEvents,
    ]);
    const unmeasured = runsWhere(signals.tMs, values, (v) => v === null);
    const anyData = values.some((v) => v !== null);
    summaries[key] = describeLane(LANES[lane]?.label ?? key, spans, unmeasured, anyData);
  }
  return { eventSpans, summaries };
}

/**
 * A uPlot `drawAxes` hook shading the event spans in their lanes under the frame tracks, each
 * at least 2 px wide so a momentary event still shows.
 */
export function shadeEventSpans(figures: LaneFigures): (u: uPlot) => void {
  return (u) => {
    const { ctx } = u;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    for (const { lane, color, spans } of figures.eventSpans) {
      const y0 = u.valToPos(base(lane) + 0.9, 'y', true);
      const y1 = u.valToPos(base(lane) + 0.05, 'y', true);
      ctx.fillStyle = `${color}40`;
      ctx.strokeStyle = color;
      ctx.lineWidth = Math.max(1, devicePixelRatio);
      for (const span of spans) {
        const x0 = u.valToPos(span.startMs / 1000, 'x', true);
        const x1 = Math.max(x0 + 2 * devicePixelRatio, u.valToPos(span.endMs / 1000, 'x', true));
        ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
        ctx.beginPath();
        ctx.moveTo(x0, y0);
        ctx.lineTo(x1, y0);
        ctx.stroke();
      }
    }
    ctx.restore();
  };
}
