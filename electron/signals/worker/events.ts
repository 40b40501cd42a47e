import type { EventType, Severity } from '../../../shared/enums';
import type { SignalEvent } from '../../../shared/signals';

export interface DebounceOptions {
  /** Shorter intervals are dropped: a missed detection for a frame or two is not an event. */
  minDurationMs: number;
  /** Gaps shorter than this inside an interval are bridged instead of splitting it. */
  mergeGapMs: number;
}

/**
 * Starting points, tunable per station (`debounce` in thresholds.ts). eyes_closed's minimum is
 * the `eyesClosedMs` threshold; this one only documents its default.
 */
export const DEFAULT_DEBOUNCE: Record<EventType, DebounceOptions> = {
  no_face: { minDurationMs: 1000, mergeGapMs: 500 },
  multiple_faces: { minDurationMs: 1000, mergeGapMs: 500 },
  looking_away: { minDurationMs: 1500, mergeGapMs: 500 },
  eyes_closed: { minDurationMs: 2000, mergeGapMs: 300 },
  speech_during_reading: { minDurationMs: 500, mergeGapMs: 500 },
  // A second of speech with the lips still: shorter is a pause the hangover kept as speech.
  other_voice: { minDurationMs: 1000, mergeGapMs: 500 },
  camera_lost: { minDurationMs: 0, mergeGapMs: 0 },
  mic_lost: { minDurationMs: 0, mergeGapMs: 0 },
  restart: { minDurationMs: 0, mergeGapMs: 0 },
  remote_tool: { minDurationMs: 0, mergeGapMs: 0 },
  second_display: { minDurationMs: 0, mergeGapMs: 0 },
  focus_lost: { minDurationMs: 0, mergeGapMs: 0 },
  virtual_machine: { minDurationMs: 0, mergeGapMs: 0 },
};

/** How much a reviewer should look; never a verdict. */
export const SEVERITY: Record<EventType, Severity> = {
  no_face: 'medium',
  multiple_faces: 'high',
  looking_away: 'low',
  eyes_closed: 'low',
  speech_during_reading: 'medium',
  other_voice: 'medium',
  camera_lost: 'high',
  mic_lost: 'high',
  restart: 'medium',
  remote_tool: 'high',
  second_display: 'high',
  focus_lost: 'medium',
  virtual_machine: 'medium',
};

/**
 * Turns a per-frame condition ("no face in this frame") into debounced intervals, streaming:
 * feed every analysed frame in time order, then `finish` at the end of the media.
 */
export class IntervalDetector {
  private openStart: number | null = null;
  private lastTrue = 0;
  private pending: { startMs: number; endMs: number } | null = null;
  private readonly done: SignalEvent[] = [];

  constructor(
    readonly type: EventType,
    private readonly options: DebounceOptions = DEFAULT_DEBOUNCE[type],
  ) {}

  /**
   * `frameEndMs` is when this frame stops being the latest picture (its time plus one frame
   * period), so an interval ends where the condition was last seen, not a frame early.
   * Returns true when this frame may start a new event (its first frame).
   */
  push(tMs: number, active: boolean, frameEndMs = tMs): boolean {
    if (active) {
      // A new run that will not be bridged into the pending interval starts a new event: the
      // caller keeps this frame as the event's evidence.
      const startsEvent =
        this.openStart === null &&
        !(this.pending && tMs - this.pending.endMs <= this.options.mergeGapMs);
      if (this.openStart === null) this.openStart = tMs;
      this.lastTrue = frameEndMs;
      return startsEvent;
    }
    if (this.openStart !== null) this.close(this.openStart, this.lastTrue);
    this.openStart = null;
    // A pending interval is final once the gap after it can no longer be bridged.
    if (this.pending && tMs - this.pending.endMs > this.options.mergeGapMs) this.settle();
    return false;
  }

  /** Closes what is open at the end of the media and returns every event, in time order. */
  finish(endMs: number): SignalEvent[] {
    // An interval still open ends where it was last seen, and never after the media ends.
    if (this.openStart !== null) this.close(this.openStart, Math.min(this.lastTrue, endMs));
    this.openStart = null;
    this.settle();
    return [...this.done];
  }

  /** Events already final (for live use, where `finish` never comes). */
  settled(): SignalEvent[] {
    return [...this.done];
  }

  private close(startMs: number, endMs: number): void {
    if (this.pending && startMs - this.pending.endMs <= this.options.mergeGapMs) {
      this.pending.endMs = endMs;
      return;
    }
    this.settle();
    this.pending = { startMs, endMs };
  }

  private settle(): void {
    const interval = this.pending;
    this.pending = null;
    if (!interval || interval.endMs - interval.startMs < this.options.minDurationMs) return;
    this.done.push({ type: this.type, ...interval, severity: SEVERITY[this.type] });
  }
}

/** Counts events by type, for the session summary. */
export function countByType<E extends { type: EventType }>(
  events: E[],
): Partial<Record<EventType, number>> {
  const counts: Partial<Record<EventType, number>> = {};
  for (const event of events) counts[event.type] = (counts[event.type] ?? 0) + 1;
  return counts;
}
