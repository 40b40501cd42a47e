/**
 * What staff see of the interview running on the station, as it happens: who it is, where
 * they are, the newest proctoring signals and the events stored so far. Capture feeds it
 * (signals, events, devices) and the session runner's hooks tell it when sessions start,
 * move on and end; listeners get every change pushed. Plain Node: it never polls.
 */
import type { Db } from '../../db/open';
import type { Clock } from '../core/clock';
import type { StationDevice } from '../domain/notice-board';
import type { SessionPhase, EventType, Severity } from '../../shared/enums';
import type { SignalEvent, FrameSignals } from '../../shared/signals';
import { withOverrides, type ThresholdOverrides } from '../signals/worker/thresholds';
import { loadSessionInfo, type SessionInfo } from './session-info';

/** The session as shown, with its clock at the moment the update was sent. */
export type LiveSession = SessionInfo & { clockMs: number };

/** The newest measurements, merged so that frames without landmarks do not blank them. */
export interface LiveSignals {
  /** Session-clock time of the newest analysed frame. */
  tMs: number;
  faceCount: number;
  lookingAway: boolean | null;
  earAvg: number | null;
  /** Eye aspect ratio under the station's "closed" threshold on the latest measurement. */
  eyesClosed: boolean | null;
  pitch: number | null;
  yaw: number | null;
  roll: number | null;
  /**
   * Where the eyes point, in the candidate's own terms (their left is the image's right), from
   * the latest measurement; null without iris points. A direction, never a verdict.
   */
  gaze: GazeDirection | null;
  /** Null without a microphone. */
  voiceActive: boolean | null;
  /** Frames analysed per second over the last two seconds. */
  fps: number | null;
}

export type GazeDirection = 'centre' | 'left' | 'right' | 'up' | 'down';

export interface LiveEvent {
  /** Stable while the event is shown (a device event is sent again when it ends). */
  id: number;
  type: EventType;
  startMs: number;
  /** Null while a device is still lost. */
  endMs: number | null;
  severity: Severity;
}

export type LiveUpdate =
  | {
      kind: 'snapshot';
      session: LiveSession | null;
      signals: LiveSignals | null;
      events: LiveEvent[];
    }
  | { kind: 'progress'; session: LiveSession }
  | { kind: 'signals'; sessionId: number; signals: LiveSignals }
  | { kind: 'event'; sessionId: number; event: LiveEvent };

export interface LiveMonitorOptions {
  db: Db;
  clock: Clock;
  /** The station's signal thresholds (for "eyes closed" and the gaze direction). */
  thresholds?: ThresholdOverrides;
  log?: (line: string) => void;
  /** Signals go out at most this often per session; frames come at about 15 per second. */
  signalsEveryMs?: number;
}

/** How many events the live panel keeps; the full list is in the review. */
export const MAX_LIVE_EVENTS = 50;
const FPS_WINDOW_MS = 2000;

interface Watched {
  info: SessionInfo;
  signals: LiveSignals | null;
  frameTimes: number[];
  events: LiveEvent[];
  lostDevices: Map<StationDevice, LiveEvent>;
  sentSignalsAt: number;
  timer: ReturnType<typeof setTimeout> | null;
}

export class LiveMonitor {
  private readonly watched = new Map<number, Watched>();
  private readonly listeners = new Set<(update: LiveUpdate) => void>();
  private nextEventId = 1;
  private readonly earClosed: number;
  private readonly gazeBounds: { x: number; y: number };
  private readonly every: number;

  constructor(private readonly opts: LiveMonitorOptions) {
    const thresholds = withOverrides(opts.thresholds);
    this.earClosed = thresholds.earClosed;
    this.gazeBounds = { x: thresholds.maxGazeX, y: thresholds.maxGazeY };
    this.every = opts.signalsEveryMs ?? 200;
  }

  /** A session started or resumed running. */
  started(sessionId: number): void {
    const info = this.load(sessionId);
    if (!info) return;
    this.stopTimer(this.watched.get(sessionId));
    this.watched.set(sessionId, {
      info,
      signals: null,
      frameTimes: [],
      events: [],
      lostDevices: new Map(),
      sentSignalsAt: 0,
      timer: null,
    });
    this.emit(this.snapshot());
  }

  /** The session entered a phase (a new question starts with one). */
  phase(sessionId: number, _phase: SessionPhase): void {
    const watched = this.watched.get(sessionId);
    const info = watched && this.load(sessionId);
    if (!watched || !info) return;
    watched.info = info;
    this.emit({ kind: 'progress', session: this.describe(info) });
  }

  ended(sessionId: number): void {
    const watched = this.watched.get(sessionId);
    if (!watched) return;
    this.stopTimer(watched);
    this.watched.delete(sessionId);
    this.emit(this.snapshot());
  }

  /** One analysed frame. Sent on at most every `signalsEveryMs`, always the newest. */
  signals(sessionId: number, frame: FrameSignals): void {
    const watched = this.watched.get(sessionId);
    if (!watched) return;
    watched.signals = this.merge(watched, frame);
    if (this.listeners.size === 0 || watched.timer) return;
    const wait = watched.sentSignalsAt + this.every - this.opts.clock.now();
    if (wait <= 0) {
      this.sendSignals(sessionId, watched);
      return;
    }
    watched.timer = setTimeout(() => {
      watched.timer = null;
      if (this.watched.get(sessionId) === watched) this.sendSignals(sessionId, watched);
    }, wait);
    watched.timer.unref?.();
  }

  /** An event the signal pipeline has just stored. */
  event(sessionId: number, event: SignalEvent): void {
    const watched = this.watched.get(sessionId);
    if (!watched) return;
    this.addEvent(sessionId, watched, {
      id: this.nextEventId++,
      type: event.type,
      startMs: Math.round(event.startMs),
      endMs: Math.round(event.endMs),
      severity: event.severity,
    });
  }

  /** A device was lost (an open event) or is back (the same event, now ended). */
  device(sessionId: number, device: StationDevice, lost: boolean): void {
    const watched = this.watched.get(sessionId);
    if (!watched) return;
    const clockMs = this.opts.clock.now() - watched.info.startedAt;
    const open = watched.lostDevices.get(device);
    if (lost && !open) {
      const event: LiveEvent = {
        id: this.nextEventId++,
        type: device === 'camera' ? 'camera_lost' : 'mic_lost',
        startMs: Math.round(clockMs),
        endMs: null,
        severity: 'high',
      };
      watched.lostDevices.set(device, event);
      this.addEvent(sessionId, watched, event);
    } else if (!lost && open) {
      watched.lostDevices.delete(device);
      open.endMs = Math.round(clockMs);
      this.emit({ kind: 'event', sessionId, event: { ...open } });
    }
  }

  /** Everything about the running session now (the newest one, should there be several). */
  snapshot(): Extract<LiveUpdate, { kind: 'snapshot' }> {
    const watched = [...this.watched.values()].at(-1);
    if (!watched) return { kind: 'snapshot', session: null, signals: null, events: [] };
    return {
      kind: 'snapshot',
      session: this.describe(watched.info),
      signals: watched.signals && { ...watched.signals },
      events: watched.events.map((event) => ({ ...event })),
    };
  }

  /** Frames analysed per second in the running session, or null without frames. */
  analysedFps(): number | null {
    return [...this.watched.values()].at(-1)?.signals?.fps ?? null;
  }

  subscribe(listener: (update: LiveUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Listeners now (a closed subscription must leave none behind). */
  listenerCount(): number {
    return this.listeners.size;
  }

  private describe(info: SessionInfo): LiveSession {
    return { ...info, clockMs: this.opts.clock.now() - info.startedAt };
  }

  // A lookup that fails must never reach the session runner that called the hook: the
  // interview goes on, only the live panel misses it.
  private load(sessionId: number): SessionInfo | null {
    try {
      return loadSessionInfo(this.opts.db, sessionId);
    } catch (error) {
      this.opts.log?.(`monitor: session ${sessionId}: ${(error as Error).message}`);
      return null;
    }
  }

  private merge(watched: Watched, frame: FrameSignals): LiveSignals {
    const times = watched.frameTimes;
    times.push(frame.tMs);
    while (times.length > 0 && (times[0] ?? 0) < frame.tMs - FPS_WINDOW_MS) times.shift();
    const first = times[0] ?? frame.tMs;
    const fps =
      times.length > 1 && frame.tMs > first
        ? Math.round(((times.length - 1) / (frame.tMs - first)) * 10_000) / 10
        : null;
    const before = watched.signals;
    // Landmarks run on every other frame: keep the last measurement while a face is in view,
    // drop it as soon as none is.
    const measured = frame.earAvg !== null || frame.pitch !== null || frame.lookingAway !== null;
    const keep = frame.faceCount > 0 && !measured && before !== null;
    const earAvg = keep ? before.earAvg : frame.earAvg;
    return {
      tMs: frame.tMs,
      faceCount: frame.faceCount,
      lookingAway: keep ? before.lookingAway : frame.lookingAway,
      earAvg,
      eyesClosed: earAvg === null ? null : earAvg < this.earClosed,
      pitch: keep ? before.pitch : frame.pitch,
      yaw: keep ? before.yaw : frame.yaw,
      roll: keep ? before.roll : frame.roll,
      gaze: keep ? before.gaze : gazeDirection(frame.gazeX, frame.gazeY, this.gazeBounds),
      voiceActive: frame.voiceActive,
      fps,
    };
  }

  private sendSignals(sessionId: number, watched: Watched): void {
    if (!watched.signals) return;
    watched.sentSignalsAt = this.opts.clock.now();
    this.emit({ kind: 'signals', sessionId, signals: { ...watched.signals } });
  }

  private addEvent(sessionId: number, watched: Watched, event: LiveEvent): void {
    watched.events.push(event);
    if (watched.events.length > MAX_LIVE_EVENTS) watched.events.shift();
    this.emit({ kind: 'event', sessionId, event: { ...event } });
  }

  private stopTimer(watched: Watched | undefined): void {
    if (watched?.timer) clearTimeout(watched.timer);
    if (watched) watched.timer = null;
  }

  private emit(update: LiveUpdate): void {
    for (const listener of this.listeners) {
      // One broken listener must not keep the others (or capture, which called us) from going on.
      try {
        listener(update);
      } catch (error) {
        this.opts.log?.(`monitor: a listener failed: ${(error as Error).message}`);
      }
    }
  }
}

/**
 * The gaze as a word: the axis that is furthest out, measured against the station's
 * looking-away bounds, once past half of its bound (about the screen's edge with the default
 * bounds, see DEFAULT_THRESHOLDS); otherwise centre. gazeX > 0 points towards the image's
 * right edge, which is the candidate's left; gazeY > 0 points down.
 */
export function gazeDirection(
  x: number | null,
  y: number | null,
  bounds: { x: number; y: number },
): GazeDirection | null {
  if (x === null || y === null) return null;
  const across = Math.abs(x) / bounds.x;
  const upDown = Math.abs(y) / bounds.y;
  if (Math.max(across, upDown) < 0.5) return 'centre';
  if (across >= upDown) return x > 0 ? 'left' : 'right';
  return y > 0 ? 'down' : 'up';
}
