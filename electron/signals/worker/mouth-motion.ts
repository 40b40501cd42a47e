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
   * The mouth is still when its opening varies less than this (max − min, in face heights)
   * over the window. Measured here (mouth-motion.test.ts): the mesh's jitter on a still face
   * with webcam-like noise is ~0.002, a jaw dropped by 2.5% of the face height reads +0.02.
   */
  mouthStillRange: number;
  /** The window around each moment of speech the mouth is judged over, ms. */
  mouthWindowMs: number;
}

export const DEFAULT_MOUTH: MouthThresholds = { mouthStillRange: 0.01, mouthWindowMs: 1200 };

export interface MouthSample {
  tMs: number;
  /** Null: no face, or no landmarks for it, on that frame. */
  opening: number | null;
}

/**
 * Whether the mouth was still around `tMs`: every landmark frame in the window had the face
 * and its mesh, there were at least `minSamples` of them, and the opening stayed within
 * `mouthStillRange`. Unknown (no face, too few frames) is not still: no event without evidence.
 */
export function mouthStill(
  samples: readonly MouthSample[],
  tMs: number,
  thresholds: MouthThresholds,
  minSamples: number,
): boolean {
  const half = thresholds.mouthWindowMs / 2;
  let count = 0;
  let low = Infinity;
  let high = -Infinity;
  for (const sample of samples) {
    if (sample.tMs < tMs - half || sample.tMs > tMs + half) continue;
    if (sample.opening === null) return false;
    count += 1;
    low = Math.min(low, sample.opening);
    high = Math.max(high, sample.opening);
  }
  return count >= minSamples && high - low < thresholds.mouthStillRange;
}
