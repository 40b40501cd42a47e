import type { Landmarks, Point3 } from './face-signals';

/** Mesh indices: the inner lips at the middle of the mouth, and forehead to chin. */
const UPPER_INNER_LIP = 13;
const LOWER_INNER_LIP = 14;
const FOREHEAD = 10;
const CHIN = 152;

const dist2d = (a: Point3, b: Point3): number => Math.hypot(a[0] - b[0], a[1] - b[1]);

/**
 * How far the mouth is open: the inner lips' distance (13–14) over the face's height (10–152),
 * so a candidate further back reads the same as one close to the camera. About 0.01 for a
 * closed mouth, 0.05–0.15 mid-syllable. Null when the mesh gave too few points.
 */
export function mouthOpening(points: Landmarks): number | null {
  const upper = points[UPPER_INNER_LIP];
  const lower = points[LOWER_INNER_LIP];
  const top = points[FOREHEAD];
  const bottom = points[CHIN];
  if (!upper || !lower || !top || !bottom) return null;
  const height = dist2d(top, bottom);
  return height > 0 ? dist2d(upper, lower) / height : null;
}

export interface MouthThresholds {
  /**
   * The mouth is still when its opening's standard deviation over the window (in face heights)
   * is below this. Measured (mouth-motion.test.ts, a real face under webcam-like noise, on the
   * ONNX mesh tracking the face from frame to frame as the station runs it): a still mouth
   * spreads 0.0013 with the face 322 px tall and 0.0016 at 162 px; a mouth that opens by a
   * small syllable's 2.5% of the face height on half the frames spreads 0.0047 and 0.0046.
   * The threshold is their geometric middle. (The tfjs mesh on the detector's crop read
   * 0.0005/0.0022 and 0.0106/0.0087: the tracked crop damps the jaw's swing but also the
   * jitter.) Standard deviation rather than max − min, so one jittery frame is not speech.
   */
  mouthStillSpread: number;
  /** The window around each moment of speech the mouth is judged over, ms. */
  mouthWindowMs: number;
}

export const DEFAULT_MOUTH: MouthThresholds = { mouthStillSpread: 0.0027, mouthWindowMs: 1200 };

export interface MouthSample {
  tMs: number;
  /** Null: no face, or no landmarks for it, on that frame. */
  opening: number | null;
}

/** Standard deviation of the openings (population), 0 for fewer than two. */
export function spreadOf(openings: readonly number[]): number {
  if (openings.length < 2) return 0;
  const mean = openings.reduce((a, b) => a + b, 0) / openings.length;
  const variance = openings.reduce((sum, v) => sum + (v - mean) ** 2, 0) / openings.length;
  return Math.sqrt(variance);
}

/**
 * Whether the mouth was still around `tMs`: every landmark frame in the window had the face
 * and its mesh, there were at least `minSamples` of them, and the opening's spread stayed
 * under `mouthStillSpread`. Unknown (no face, too few frames) is not still: no event without
 * evidence. `samples` are in time order; the scan starts at `from` and stops past the window,
 * so a long file's frames cost only the window's.
 */
export function mouthStill(
  samples: readonly MouthSample[],
  tMs: number,
  thresholds: MouthThresholds,
  minSamples: number,
  from = 0,
): boolean {
  const half = thresholds.mouthWindowMs / 2;
  const openings: number[] = [];
  for (let i = from; i < samples.length; i++) {
    const sample = samples[i];
    if (!sample || sample.tMs < tMs - half) continue;
    if (sample.tMs > tMs + half) break;
    if (sample.opening === null) return false;
    openings.push(sample.opening);
  }
  return openings.length >= minSamples && spreadOf(openings) < thresholds.mouthStillSpread;
}
