/**
 * Signal records: what the proctoring pipeline measures per frame, the events it reports and
 * the session summary. Produced in the signal worker, stored by the main thread, shown on the
 * staff screens. Types only.
 */
import type { EventType, Severity } from './enums';

/** What the pipeline measured on one analysed frame, on the session clock. */
export interface FrameSignals {
  tMs: number;
  faceCount: number;
  faceConfidence: number | null;
  faceBox: [number, number, number, number] | null;
  earLeft: number | null;
  earRight: number | null;
  earAvg: number | null;
  blink: boolean | null;
  pitch: number | null;
  yaw: number | null;
  roll: number | null;
  gazeX: number | null;
  gazeY: number | null;
  lookingAway: boolean | null;
  voiceActive: boolean | null;
  rms: number | null;
}

/** A debounced interval on the session clock. */
export interface SignalEvent {
  type: EventType;
  startMs: number;
  endMs: number;
  severity: Severity;
}

/** The frame an event started on (packed rgb24), kept as a thumbnail for the reviewer. */
export interface Evidence {
  width: number;
  height: number;
  data: Uint8Array;
}

export type EvidencedEvent = SignalEvent & { evidence?: Evidence };

/** The figures a session (or an analysed file) is summed up with. */
export interface SessionSummary {
  durationMs: number;
  framesAnalyzed: number;
  facePresentPercent: number | null;
  multipleFacesPercent: number | null;
  lookingAwayMs: number | null;
  blinksPerMinute: number | null;
  speakingRatio: number | null;
  eventsByType: Partial<Record<EventType, number>>;
  /**
   * Frames the live pipeline dropped because the analysis was still busy, and in how many
   * seconds; a file's analysis drops none and leaves them out (so do summaries stored before).
   */
  framesDropped?: number;
  secondsWithDroppedFrames?: number;
}
