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
import { mouthOpening } from './mouth-motion';
import type { CalibrationBaseline } from '../../../shared/calibration';
import { relativeTo, SignalSmoother } from './calibrated-signals';

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
  /**
   * The candidate's neutral pose and gaze from the device check: angles are measured from it.
   * None (an old session, calibration skipped): absolute angles, as before calibration existed.
   */
  baseline?: CalibrationBaseline | null;
}

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Eyes, head pose and gaze of the primary face, from landmarks at a reduced rate: per-frame
 * values, blinks, and the looking-away and eyes-closed events. With the session's calibration
 * baseline, pose and gaze are measured from it and median-smoothed (calibrated-signals.ts).
 */
export class FaceTracking {
  private frame = 0;
  private readonly lookingAway: IntervalDetector;
  private readonly blinks: BlinkCounter;
  private readonly closed: IntervalDetector;
  private readonly thresholds: SignalThresholds;
  private lookingAwayMs = 0;
  private evidenceSink: ((type: EventType, frame: StampedFrame) => void) | null = null;
  private mouthSink: ((frame: StampedFrame, opening: number | null) => void) | null = null;
  private landmarkFrames = 0;
  private readonly smoother = new SignalSmoother();

  constructor(
    private readonly engine: LandmarkEngine,
    private readonly options: FaceTrackingOptions,
  ) {
    const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
    // From a baseline the yaw bound is the calibrated one (see SignalThresholds).
    this.thresholds = options.baseline
      ? { ...thresholds, maxYaw: Math.min(thresholds.maxYaw, thresholds.calibratedMaxYaw) }
      : thresholds;
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
      this.mouthSink?.(frame, null);
      this.blinks.push(null);
      this.smoother.reset();
      // Without a face we cannot tell whether the eyes are closed; no-face has its own event.
      this.closed.push(frame.tMs, false, frame.tMs + spanMs);
      this.lookingAway.push(frame.tMs, false, frame.tMs + spanMs);
      return NONE;
    }
    this.landmarkFrames += 1;
    this.mouthSink?.(frame, mouthOpening(landmarks.points));
    // Pose and gaze as judged (and stored): from the baseline, smoothed; EAR as measured.
    // Without a baseline (older sessions, calibration skipped) everything is as it was.
    const measured = faceSignals(landmarks.points);
    const baseline = this.options.baseline;
    const signals = baseline
      ? this.smoother.push(frame.tMs, relativeTo(measured, baseline))
      : measured;
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

  /** Where each landmark frame's mouth opening goes (null: no face or mesh), for other_voice. */
  setMouthSink(sink: (frame: StampedFrame, opening: number | null) => void): void {
    this.mouthSink = sink;
  }

  async close(): Promise<void> {
    await this.engine.close();
  }
}
