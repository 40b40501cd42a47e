/**
 * Head pose and gaze as the looking-away check sees them: relative to the candidate's
 * calibrated neutral pose (when the device check recorded one) and smoothed over a short
 * window, so landmark jitter on a still face does not cross a threshold.
 */
import type { CalibrationBaseline } from '../../../shared/calibration';
import type { FaceSignals, Gaze, HeadPose } from './face-signals';

/**
 * The median window. At 15 fps with landmarks on every 2nd frame it holds 3 measurements, on
 * every frame 6: a one- or two-frame spike is gone, while a real turn passes the median half
 * a window (~200 ms) after it starts, well inside the second issue 17 allows.
 */
export const SMOOTHING_WINDOW_MS = 400;

const clamp1 = (v: number): number => Math.max(-1, Math.min(1, v));

/** The signals with pose and gaze measured from the baseline; unchanged without one. */
export function relativeTo(
  signals: FaceSignals,
  baseline: CalibrationBaseline | null | undefined,
): FaceSignals {
  if (!baseline) return signals;
  const pose: HeadPose = {
    yaw: signals.pose.yaw - baseline.yaw,
    pitch: signals.pose.pitch - baseline.pitch,
    roll: signals.pose.roll - baseline.roll,
  };
  const { gazeX, gazeY } = baseline;
  const gaze: Gaze | null =
    signals.gaze && gazeX !== null && gazeY !== null
      ? { x: clamp1(signals.gaze.x - gazeX), y: clamp1(signals.gaze.y - gazeY) }
      : signals.gaze;
  return { ...signals, pose, gaze };
}

interface Sample {
  tMs: number;
  signals: FaceSignals;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/**
 * A running median of pose and gaze over the last `windowMs`. Eye aspect ratio passes through
 * untouched: a blink lasts 100–300 ms and a median would erase it. Forget the past (reset)
 * when the face is lost, so a new face does not inherit the old one's angles.
 */
export class SignalSmoother {
  private samples: Sample[] = [];

  constructor(private readonly windowMs = SMOOTHING_WINDOW_MS) {}

  push(tMs: number, signals: FaceSignals): FaceSignals {
    this.samples.push({ tMs, signals });
    this.samples = this.samples.filter((s) => s.tMs > tMs - this.windowMs);
    const all = this.samples.map((s) => s.signals);
    const of = (pick: (s: FaceSignals) => number) => median(all.map(pick));
    const gazes = all.flatMap((s) => (s.gaze ? [s.gaze] : []));
    return {
      ear: signals.ear,
      pose: {
        yaw: of((s) => s.pose.yaw),
        pitch: of((s) => s.pose.pitch),
        roll: of((s) => s.pose.roll),
      },
      gaze:
        signals.gaze && gazes.length > 0
          ? { x: median(gazes.map((g) => g.x)), y: median(gazes.map((g) => g.y)) }
          : signals.gaze,
    };
  }

  reset(): void {
    this.samples = [];
  }
}
