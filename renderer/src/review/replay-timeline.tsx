import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { clockTime, EVENT_LABELS, type ReviewEvent, type TimelineSignals } from './format';
import type { ReplayController } from './replay-controller';

/** Track lanes from the top; each is one unit high on the chart's y scale. */
const LANES = [
  { key: 'face', label: 'Face count', color: '#1f5fbf' },
  { key: 'away', label: 'Looking away', color: '#b35c00' },
  { key: 'eyes', label: 'Eyes closed', color: '#7a3db8' },
  { key: 'voice', label: 'Voice', color: '#1a7f4b' },
  { key: 'events', label: 'Events', color: '#b00020' },
] as const;
const LANE_COUNT = LANES.length;
const HEIGHT = 190;
/** The time axis under the lanes; the lane labels beside the chart assume these sizes. */
const AXIS_HEIGHT = 40;
/** The lane's bottom on the y scale: lane 0 (face) is at the top. */
const base = (lane: number) => LANE_COUNT - 1 - lane;

/**
 * Turns the signal columns into uPlot's data: x in seconds, then one series per track drawn
 * in its lane (flags 0/1 as a band; face count 0, 1, 2+ as three heights; unknown as a gap).
 */
export function timelineData(signals: TimelineSignals): uPlot.AlignedData {
  const n = signals.tMs.length;
  const x = new Float64Array(n);
  const face: (number | null)[] = new Array(n);
  const away: (number | null)[] = new Array(n);
  const eyes: (number | null)[] = new Array(n);
  const voice: (number | null)[] = new Array(n);
  const flag = (v: 0 | 1 | null, lane: number) => (v === null ? null : base(lane) + v * 0.8);
  for (let i = 0; i < n; i++) {
    x[i] = (signals.tMs[i] ?? 0) / 1000;
    face[i] = base(0) + Math.min(signals.faceCount[i] ?? 0, 2) * 0.4;
    away[i] = flag(signals.lookingAway[i] ?? null, 1);
    eyes[i] = flag(signals.eyesClosed[i] ?? null, 2);
    voice[i] = flag(signals.voiceActive[i] ?? null, 3);
  }
  return [x as unknown as number[], face, away, eyes, voice];
}

/** Zoom levels: the whole session, or a window of this many seconds around the playhead. */
const ZOOMS = [
  { id: 'all', label: 'Whole session', seconds: null },
  { id: '10m', label: '10 min', seconds: 600 },
  { id: '2m', label: '2 min', seconds: 120 },
] as const;
type Zoom = (typeof ZOOMS)[number];

/** Sets the visible x range for a zoom level, centred on `centreSec`, kept inside the session. */
function applyZoom(chart: uPlot, zoom: Zoom, centreSec: number, endSec: number): void {
  if (zoom.seconds === null || zoom.seconds >= endSec) {
    chart.setScale('x', { min: 0, max: endSec });
    return;
  }
  const min = Math.min(Math.max(0, centreSec - zoom.seconds / 2), endSec - zoom.seconds);
  chart.setScale('x', { min, max: min + zoom.seconds });
}

interface Props {
  signals: TimelineSignals;
  events: ReviewEvent[];
  durationMs: number;
  controller: ReplayController;
  onEvent(event: ReviewEvent): void;
}

/**
 * The replay timeline: four signal tracks and the integrity events under the video, drawn by
 * uPlot on one canvas. Click or drag anywhere to seek; the playhead follows playback; the
 * keyboard moves through time (arrows 5 s, Page Up/Down 1 min, Home/End) and zooms (+/−).
 */
export function ReplayTimeline({ signals, events, durationMs, controller, onEvent }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const slider = useRef<HTMLDivElement>(null);
  const chartRef = useRef<uPlot | null>(null);
  const [zoom, setZoom] = useState<Zoom>(ZOOMS[0]);
  const zoomRef = useRef<Zoom>(zoom);
  const endSec = Math.max(durationMs, signals.tMs.at(-1) ?? 0, 1000) / 1000;
  // Tracks the live pipeline could not measure (no landmarks, no microphone) say so.
  const empty = useMemo(
    () => ({
      face: signals.tMs.length === 0,
      away: signals.lookingAway.every((v) => v === null),
      eyes: signals.eyesClosed.every((v) => v === null),
      voice: signals.voiceActive.every((v) => v === null),
      events: false,
    }),
    [signals],
  );

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    performance.mark('timeline-data');
    const stepped = uPlot.paths.stepped?.({ align: 1 });
    const track = (lane: number, color: string): uPlot.Series => ({
      stroke: color,
      fill: `${color}55`,
      width: 1,
      fillTo: base(lane),
      paths: stepped,
      points: { show: false },
      spanGaps: false,
    });
    const markers = document.createElement('div');
    markers.className = 'timeline-markers';
    markers.setAttribute('aria-hidden', 'true');
    const playhead = document.createElement('div');
    playhead.className = 'timeline-playhead';
    const placeMarkers = (u: uPlot) => {
      markers.replaceChildren(
        ...events.map((event) => {
          const left = u.valToPos(event.startMs / 1000, 'x');
          const right = u.valToPos((event.endMs ?? event.startMs) / 1000, 'x');
          const marker = document.createElement('button');
          marker.type = 'button';
          marker.tabIndex = -1;
          marker.className = `timeline-marker severity-${event.severity}`;
          marker.dataset.eventId = String(event.id);
          marker.title = `${EVENT_LABELS[event.type]} at ${clockTime(event.startMs)}`;
          marker.style.left = `${left}px`;
          marker.style.width = `${Math.max(8, right - left)}px`;
          marker.addEventListener('pointerdown', (e) => e.stopPropagation());
          marker.addEventListener('click', () => onEvent(event));
          return marker;
        }),
      );
    };
    const movePlayhead = (ms: number) => {
      const sec = ms / 1000;
      const { min = 0, max = endSec } = chart.scales.x ?? {};
      // Zoomed in, the window pages along with playback and seeks.
      if (zoomRef.current.seconds !== null && (sec < min || sec > max)) {
        applyZoom(chart, zoomRef.current, sec + zoomRef.current.seconds * 0.4, endSec);
        return; // setScale calls back here with the new window.
      }
      const x = chart.valToPos(sec, 'x');
      playhead.style.transform = `translateX(${Math.round(x)}px)`;
      const s = slider.current;
      if (s) {
        s.setAttribute('aria-valuenow', String(Math.round(ms / 1000)));
        s.setAttribute('aria-valuetext', `${clockTime(ms)} of ${clockTime(endSec * 1000)}`);
      }
    };
    const opts: uPlot.Options = {
      width: Math.max(320, el.clientWidth),
      height: HEIGHT,
      legend: { show: false },
      padding: [0, 12, 0, 16],
      cursor: {
        y: false,
        points: { show: false },
        drag: { x: false, y: false, setScale: false },
      },
      scales: { x: { time: false, range: [0, endSec] }, y: { range: [0, LANE_COUNT] } },
      axes: [
        {
          stroke: '#556270',
          grid: { stroke: '#e3e8ee', width: 1 },
          ticks: { stroke: '#c9d2db', width: 1 },
          values: (_u, splits) => splits.map((s) => clockTime(s * 1000)),
          space: 70,
          size: AXIS_HEIGHT,
        },
        { show: false, grid: { show: false } },
      ],
      series: [
        {},
        track(0, LANES[0].color),
        track(1, LANES[1].color),
        track(2, LANES[2].color),
        track(3, LANES[3].color),
      ],
      hooks: {
        ready: [
          (u) => {
            u.over.append(markers, playhead);
            placeMarkers(u);
          },
        ],
        setSize: [placeMarkers],
        setScale: [
          (u) => {
            placeMarkers(u);
            movePlayhead(controller.timeMs());
          },
        ],
        draw: [
          () => {
            performance.mark('timeline-drawn');
            el.dataset.ready = 'true';
          },
        ],
      },
    };
    const chart = new uPlot(opts, timelineData(signals), el);
    chartRef.current = chart;
    applyZoom(chart, zoomRef.current, controller.timeMs() / 1000, endSec);
    const unsubscribe = controller.subscribe(movePlayhead);

    // Click or drag to seek; one seek per frame while dragging.
    let dragging = false;
    let queued: number | null = null;
    const seekTo = (clientX: number) => {
      const rect = chart.over.getBoundingClientRect();
      const sec = chart.posToVal(Math.min(Math.max(0, clientX - rect.left), rect.width), 'x');
      queued = Math.max(0, Math.min(endSec, sec)) * 1000;
      requestAnimationFrame(() => {
        if (queued === null) return;
        controller.seek(queued);
        queued = null;
      });
    };
    const down = (e: PointerEvent) => {
      dragging = true;
      try {
        chart.over.setPointerCapture(e.pointerId);
      } catch {
        // A pointer the browser no longer tracks cannot be captured; the drag still works.
      }
      seekTo(e.clientX);
    };
    const move = (e: PointerEvent) => {
      if (dragging) seekTo(e.clientX);
    };
    const up = () => {
      dragging = false;
    };
    chart.over.addEventListener('pointerdown', down);
    chart.over.addEventListener('pointermove', move);
    chart.over.addEventListener('pointerup', up);
    chart.over.addEventListener('pointercancel', up);
    const resize = new ResizeObserver(() => {
      const width = Math.max(320, el.clientWidth);
      if (width !== chart.width) {
        chart.setSize({ width, height: HEIGHT });
        movePlayhead(controller.timeMs());
      }
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      unsubscribe();
      chartRef.current = null;
      chart.destroy();
      delete el.dataset.ready;
    };
  }, [signals, events, endSec, controller, onEvent]);

  const chooseZoom = (next: Zoom) => {
    zoomRef.current = next;
    setZoom(next);
    if (chartRef.current) applyZoom(chartRef.current, next, controller.timeMs() / 1000, endSec);
  };

  const onKey = (e: KeyboardEvent) => {
    const steps: Record<string, number> = {
      ArrowLeft: -5000,
      ArrowRight: 5000,
      PageDown: -60_000,
      PageUp: 60_000,
    };
    const now = controller.timeMs();
    if (e.key in steps)
      controller.seek(Math.max(0, Math.min(durationMs, now + (steps[e.key] ?? 0))));
    else if (e.key === 'Home') controller.seek(0);
    else if (e.key === 'End') controller.seek(durationMs);
    else if (e.key === '+' || e.key === '=')
      chooseZoom(ZOOMS[Math.min(ZOOMS.length - 1, ZOOMS.indexOf(zoom) + 1)] ?? zoom);
    else if (e.key === '-') chooseZoom(ZOOMS[Math.max(0, ZOOMS.indexOf(zoom) - 1)] ?? zoom);
    else return;
    e.preventDefault();
  };

  return (
    <div className="timeline">
      <div className="timeline-toolbar">
        <span className="muted">Click or drag to seek · arrows move 5 s · + and − zoom</span>
        <div role="group" aria-label="Timeline zoom" className="timeline-zoom">
          {ZOOMS.map((z) => (
            <button
              key={z.id}
              type="button"
              className="small"
              aria-pressed={zoom.id === z.id}
              onClick={() => chooseZoom(z)}
            >
              {z.label}
            </button>
          ))}
        </div>
      </div>
      <ul className="timeline-lanes" aria-hidden="true">
        {LANES.map((lane) => (
          <li key={lane.key} style={{ borderLeftColor: lane.color }}>
            {lane.label}
            {empty[lane.key] && <span className="no-data">no data</span>}
          </li>
        ))}
      </ul>
      <div
        ref={slider}
        className="timeline-slider"
        role="slider"
        tabIndex={0}
        aria-label="Session timeline"
        aria-valuemin={0}
        aria-valuemax={Math.round(durationMs / 1000)}
        aria-valuenow={0}
        aria-valuetext={`0:00 of ${clockTime(durationMs)}`}
        onKeyDown={onKey}
      >
        <div ref={host} className="timeline-chart" />
      </div>
    </div>
  );
}
