import { DEFAULT_DEBOUNCE, IntervalDetector } from './events';
import { type SignalEvent, type FrameSignals } from '../../../shared/signals';
import { type EventType } from '../../../shared/enums';
import type { DetectedFace } from './face-detector';
import {
  BlinkCounter,
  classify,
  DEFAULT_THRESHOLDS,
  faceSignals,
  type SignalThresholds,
} from './face-signals';
import type { LandmarkEngine, StampedFrame } from '../../../shared/frames';
import type { DebounceTable } from './thresholds';

export type LandmarkSignals = Pick<
  FrameSignals,
  | 'earLeft'
  | 'earRight'
  | 'earAvg'
  | 'blink'
  | 'pitch'
  | 'yaw'
  | 'roll'
  | 'gazeX'
  | 'gazeY'
  | 'lookingAway'
>;

const NONE: LandmarkSignals = {
  earLeft: null,
  earRight: null,
  earAvg: null,
  blink: null,
  pitch: null,
  yaw: null,
  roll: null,
  gazeX: null,
  gazeY: null,
  lookingAway: null,
};

export interface FaceTrackingOptions {
  /** Landmarks run on every Nth analysed frame (1: every frame, the default). */
  every: number;
  /** Milliseconds one analysed frame stands for. */
  periodMs: number;
  thresholds?: SignalThresholds;
  /** Minimum duration and merge gap of looking-away and eyes-closed events. */
  debounce?: Pick<DebounceTable, 'looking_away' | 'eyes_closed'>;
}

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Eyes, head pose and gaze of the primary face, from landmarks at a reduced rate: per-frame
 * values, blinks, and the looking-away and eyes-closed events.
 */
export class FaceTracking {
  private frame = 0;
  private readonly lookingAway: IntervalDetector;
  private readonly blinks: BlinkCounter;
  private readonly closed: IntervalDetector;
  private readonly thresholds: SignalThresholds;
  private lookingAwayMs = 0;
  private evidenceSink: ((type: EventType, frame: StampedFrame) => void) | null = null;
  private landmarkFrames = 0;

  constructor(
    private readonly engine: LandmarkEngine,
    private readonly options: FaceTrackingOptions,
  ) {
    this.thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
    this.blinks = new BlinkCounter(this.thresholds);
    const debounce = options.debounce;
    this.lookingAway = new IntervalDetector(
      'looking_away',
      debounce?.looking_away ?? DEFAULT_DEBOUNCE.looking_away,
    );
    // Eyes closed lasts at least eyesClosedMs, whatever the table says.
    this.closed = new IntervalDetector('eyes_closed', {
      mergeGapMs: debounce?.eyes_closed.mergeGapMs ?? DEFAULT_DEBOUNCE.eyes_closed.mergeGapMs,
      minDurationMs: this.thresholds.eyesClosedMs,
    });
  }

  /** Landmark signals for this frame, or nulls on frames between landmark runs. */
  async analyze(frame: StampedFrame, face: DetectedFace | null): Promise<LandmarkSignals> {
    const due = this.frame % this.options.every === 0;
    this.frame += 1;
    if (!due) return NONE;
    const spanMs = this.options.periodMs * this.options.every;
    // The detector's eyes let the engine level the face before measuring it.
    const region = face && {
      ...face.box,
      eyes: { right: face.keypoints.rightEye, left: face.keypoints.leftEye },
    };
    const landmarks = region ? await this.engine.landmarks(frame, region) : null;
    if (!landmarks) {
      this.blinks.push(null);
      // Without a face we cannot tell whether the eyes are closed; no-face has its own event.
      this.closed.push(frame.tMs, false, frame.tMs + spanMs);
      this.lookingAway.push(frame.tMs, false, frame.tMs + spanMs);
      return NONE;
    }
    this.landmarkFrames += 1;
    const signals = faceSignals(landmarks.points);
    const verdict = classify(signals, this.thresholds);
    this.blinks.push(signals.ear.average);
    // The first closed frame may start an eyes-closed event (dated from it): keep it as evidence.
    if (this.closed.push(frame.tMs, verdict.eyesClosed, frame.tMs + spanMs)) {
      this.evidenceSink?.('eyes_closed', frame);
    }
    if (this.lookingAway.push(frame.tMs, verdict.lookingAway, frame.tMs + spanMs)) {
      this.evidenceSink?.('looking_away', frame);
    }
    if (verdict.lookingAway) this.lookingAwayMs += spanMs;
    return {
      earLeft: round(signals.ear.left),
      earRight: round(signals.ear.right),
      earAvg: round(signals.ear.average),
      blink: verdict.blink,
      pitch: round(signals.pose.pitch, 1),
      yaw: round(signals.pose.yaw, 1),
      roll: round(signals.pose.roll, 1),
      gazeX: signals.gaze ? round(signals.gaze.x) : null,
      gazeY: signals.gaze ? round(signals.gaze.y) : null,
      lookingAway: verdict.lookingAway,
    };
  }

  /** Looking-away and eyes-closed events that are final so far. */
  settled(): SignalEvent[] {
    return [...this.lookingAway.settled(), ...this.closed.settled()];
  }

  /** Closes what is open at `endMs` and returns every event and the totals. */
  finish(endMs: number) {
    const minutes = (this.landmarkFrames * this.options.periodMs * this.options.every) / 60_000;
    return {
      events: [...this.lookingAway.finish(endMs), ...this.closed.finish(endMs)],
      // Like blinks: with no face ever measured (or no video at all) it is unknown, not 0.
      lookingAwayMs: this.landmarkFrames > 0 ? Math.round(this.lookingAwayMs) : null,
      blinksPerMinute: minutes > 0 ? round(this.blinks.count / minutes, 1) : null,
    };
  }

  /** Where the first frame of each new looking-away or eyes-closed event goes, as evidence. */
  setEvidenceSink(sink: (type: EventType, frame: StampedFrame) => void): void {
    this.evidenceSink = sink;
  }

  async close(): Promise<void> {
    await this.engine.close();
  }
}
