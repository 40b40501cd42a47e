import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { clockTime, EVENT_LABELS, type ReviewEvent, type TimelineSignals } from './format';
import type { ReplayController } from './replay-controller';
import {
  base,
  bridgeSignals,
  LANE_COUNT,
  LANES,
  laneFigures,
  shadeEventSpans,
  timelineData,
} from './timeline-lanes';
import { applyZoom, nextWindow, rangeText, zoomFactor } from './timeline-zoom';
import { droppedSpans, droppedText, shadeDropped } from './timeline-gaps';

const HEIGHT = 190;
/** The time axis under the lanes; the lane labels beside the chart assume these sizes. */
const AXIS_HEIGHT = 40;

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
 * keyboard moves through time (arrows 5 s, Page Up/Down 1 min, Home/End) and zooms (+/−/0),
 * as do the zoom buttons, each zoom centred on the playhead.
 */
export function ReplayTimeline({ signals, events, durationMs, controller, onEvent }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const slider = useRef<HTMLDivElement>(null);
  const chartRef = useRef<uPlot | null>(null);
  // The visible window in seconds; null is the whole session.
  const [windowSec, setWindowSec] = useState<number | null>(null);
  const windowRef = useRef<number | null>(null);
  // The x range the chart shows now, as it reports it after every change of scale.
  const [shown, setShown] = useState<{ min: number; max: number } | null>(null);
  // Set by a zoom the reviewer asked for, so only that is announced, not playback paging.
  const announceNext = useRef(false);
  const [announcement, setAnnouncement] = useState('');
  const endSec = Math.max(durationMs, signals.tMs.at(-1) ?? 0, 1000) / 1000;
  const bridged = useMemo(() => {
    // Data in hand from here (bench/review.ts times it to the draw): bridging counts too.
    performance.mark('timeline-data');
    return bridgeSignals(signals);
  }, [signals]);
  const figures = useMemo(() => laneFigures(bridged, events), [bridged, events]);
  const gaps = useMemo(() => droppedSpans(signals.dropped), [signals]);
  const gapText = useMemo(() => droppedText(signals.dropped), [signals]);
  // Tracks the live pipeline could not measure (no landmarks, no microphone) say so.
  const empty = useMemo(
    () => ({
      face: signals.tMs.length === 0,
      away:
        bridged.lookingAway.every((v) => v === null) &&
        !figures.eventSpans.some((s) => s.lane === 1),
      eyes:
        bridged.eyesClosed.every((v) => v === null) &&
        !figures.eventSpans.some((s) => s.lane === 2),
      voice: signals.voiceActive.every((v) => v === null),
      events: false,
    }),
    [signals, bridged, figures],
  );

  useEffect(() => {
    const el = host.current;
    if (!el) return;
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
          // A plain element, a pointer shortcut only: a button here would nest an interactive
          // control inside the slider (WCAG 4.1.2). Keyboards and screen readers reach each
          // event through the event list's buttons.
          const marker = document.createElement('div');
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
      const zoomed = windowRef.current;
      // Zoomed in, the window pages along with playback and seeks.
      if (zoomed !== null && (sec < min || sec > max)) {
        applyZoom(chart, zoomed, sec + zoomed * 0.4, endSec);
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
      scales: {
        x: {
          time: false,
          // A function, not a fixed [0, end]: uPlot passes every setScale through the range,
          // and a fixed one put the whole session back after each zoom.
          range: (_u, min, max) =>
            Number.isFinite(min) && Number.isFinite(max) && max > min ? [min, max] : [0, endSec],
        },
        y: { range: [0, LANE_COUNT] },
      },
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
      series: [{}, ...LANES.slice(0, 4).map((lane, i) => track(i, lane.color))],
      hooks: {
        ready: [
          (u) => {
            u.over.append(markers, playhead);
            placeMarkers(u);
          },
        ],
        setSize: [placeMarkers],
        setScale: [
          (u, key) => {
            if (key !== 'x') return;
            placeMarkers(u);
            movePlayhead(controller.timeMs());
            const { min = 0, max = endSec } = u.scales.x ?? {};
            setShown({ min, max });
            if (announceNext.current) {
              announceNext.current = false;
              setAnnouncement(
                `Zoom ${zoomFactor(windowRef.current, endSec)}: ${rangeText(min, max, endSec)}`,
              );
            }
          },
        ],
        // Under the frame tracks: the seconds with dropped frames, grey across every lane, and
        // the events' spans, so they show where frames are sparse.
        drawAxes: [shadeDropped(gaps), shadeEventSpans(figures)],
        draw: [
          () => {
            performance.mark('timeline-drawn');
            el.dataset.ready = 'true';
          },
        ],
      },
    };
    const chart = new uPlot(opts, timelineData(bridged), el);
    chartRef.current = chart;
    applyZoom(chart, windowRef.current, controller.timeMs() / 1000, endSec);
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
  }, [bridged, figures, gaps, events, endSec, controller, onEvent]);

  const zoomTo = (next: number | null) => {
    windowRef.current = next;
    setWindowSec(next);
    announceNext.current = true;
    if (chartRef.current) applyZoom(chartRef.current, next, controller.timeMs() / 1000, endSec);
  };
  const zoomIn = () => zoomTo(nextWindow(windowSec, 'in', endSec));
  const zoomOut = () => zoomTo(nextWindow(windowSec, 'out', endSec));
  const canZoomIn = nextWindow(windowSec, 'in', endSec) !== windowSec;

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
    else if (e.key === '+' || e.key === '=') zoomIn();
    else if (e.key === '-') zoomOut();
    else if (e.key === '0') zoomTo(null);
    else return;
    e.preventDefault();
  };

  return (
    <div className="timeline">
      <div className="timeline-toolbar">
        <span className="muted">Click or drag to seek · arrows move 5 s · + − 0 zoom</span>
        <div role="group" aria-label="Timeline zoom" className="timeline-zoom">
          <span className="timeline-range" data-testid="timeline-range">
            {shown ? rangeText(shown.min, shown.max, endSec) : ''}
          </span>
          <button type="button" className="small" disabled={!canZoomIn} onClick={zoomIn}>
            Zoom in
          </button>
          <button type="button" className="small" disabled={windowSec === null} onClick={zoomOut}>
            Zoom out
          </button>
          <button
            type="button"
            className="small"
            disabled={windowSec === null}
            onClick={() => zoomTo(null)}
          >
            Whole session
          </button>
        </div>
        <p className="visually-hidden" role="status">
          {announcement}
        </p>
      </div>
      <ul className="timeline-lanes" aria-label="Signal lanes">
        {LANES.map((lane) => (
          <li key={lane.key} style={{ borderLeftColor: lane.color }}>
            {/* The figures as a tooltip for the mouse; a screen reader hears them instead. */}
            <span aria-hidden="true" title={figures.summaries[lane.key]}>
              {lane.label}
              {empty[lane.key] && <span className="no-data">no data</span>}
            </span>
            <span className="visually-hidden">
              {figures.summaries[lane.key] ??
                (empty[lane.key] ? `${lane.label}: no data` : lane.label)}
            </span>
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
      {gapText && (
        <p className="help timeline-gaps" data-testid="timeline-gaps">
          {gapText}
        </p>
      )}
    </div>
  );
}
