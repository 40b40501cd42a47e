/*
 * Rotated square crops of a frame, the way MediaPipe feeds its face mesh and iris models:
 * a region of interest (ROI) turned so the eye line is level, resampled to the model's input
 * size, and the model's points mapped back to frame pixels through the same transform.
 * Pure maths and pixel sampling, no model.
 */
import type { RgbFrame } from '../../../shared/frames';

export interface Point2 {
  x: number;
  y: number;
}

/** A square of `size` frame pixels centred on (cx, cy), turned clockwise by `angle` radians. */
export interface Roi {
  cx: number;
  cy: number;
  size: number;
  angle: number;
}

/**
 * Face ROI from a detector's box and eye centres, as MediaPipe's face_detection_front_
 * detection_to_roi graph builds it: centred on the box, its longer side enlarged 1.5x, turned
 * by the line from the image-left eye to the image-right eye so that line comes out level.
 * https://github.com/google/mediapipe/blob/master/mediapipe/modules/face_landmark/face_detection_front_detection_to_roi.pbtxt
 */
export function faceRoi(
  box: { x: number; y: number; width: number; height: number },
  eyes?: { right: Point2; left: Point2 },
  scale = 1.5,
): Roi {
  // The candidate's right eye is on the image's left.
  const angle = eyes ? Math.atan2(eyes.left.y - eyes.right.y, eyes.left.x - eyes.right.x) : 0;
  return {
    cx: box.x + box.width / 2,
    cy: box.y + box.height / 2,
    size: Math.max(box.width, box.height) * scale,
    angle,
  };
}

/**
 * Eye ROI from its two corners (image-left one first), as MediaPipe's iris_landmark_landmarks_
 * to_roi graph builds it: centred between them, 2.3x their distance, turned along them.
 * https://github.com/google/mediapipe/blob/master/mediapipe/modules/iris_landmark/iris_landmark_landmarks_to_roi.pbtxt
 */
export function eyeRoi(a: Point2, b: Point2, scale = 2.3): Roi {
  return {
    cx: (a.x + b.x) / 2,
    cy: (a.y + b.y) / 2,
    size: Math.hypot(b.x - a.x, b.y - a.y) * scale,
    angle: Math.atan2(b.y - a.y, b.x - a.x),
  };
}

/** Maps a point of an `inputSize`-pixel crop of `roi` (flipped if the crop was) to the frame. */
export function toFrame(
  roi: Roi,
  inputSize: number,
  x: number,
  y: number,
  flip = false,
): [number, number] {
  const scale = roi.size / inputSize;
  const u = ((flip ? inputSize - x : x) - inputSize / 2) * scale;
  const v = (y - inputSize / 2) * scale;
  const cos = Math.cos(roi.angle);
  const sin = Math.sin(roi.angle);
  return [roi.cx + cos * u - sin * v, roi.cy + sin * u + cos * v];
}

/**
 * Taps per side when a crop shrinks the picture: 2x2 bilinear taps already span a 4x4-pixel
 * footprint (a tent filter), enough against aliasing at a kiosk's close framing, where the
 * face crop shrinks 3–4x; 4x4 taps made this loop cost more than both models together.
 */
const MAX_TAPS = 2;

/**
 * Writes the ROI resampled to `inputSize` x `inputSize` into `out` at `offset`, as rgb floats
 * in [0, 1] (what both models take); `flip` mirrors it left to right. Bilinear, averaging
 * several taps per output pixel when the crop shrinks the picture more than 1.5x, so a large
 * face in a big frame does not alias. Pixels past the frame's edge repeat the edge, as
 * MediaPipe's ImageToTensorCalculator does by default.
 */
export function sampleRoi(
  frame: RgbFrame,
  roi: Roi,
  inputSize: number,
  out: Float32Array,
  offset = 0,
  flip = false,
): void {
  const { data, width, height } = frame;
  const scale = roi.size / inputSize;
  const taps = Math.min(MAX_TAPS, Math.max(1, Math.round(scale)));
  const weight = 1 / (255 * taps * taps);
  const cos = Math.cos(roi.angle) * scale;
  const sin = Math.sin(roi.angle) * scale;
  const half = inputSize / 2;
  const maxX = width - 1;
  const maxY = height - 1;
  // Each tap's offset from its output pixel's centre, in frame pixels (the transform is
  // linear, so the taps of every pixel sit at the same offsets).
  const tapOffsets = new Float64Array(taps * taps * 2);
  for (let ty = 0, t = 0; ty < taps; ty++) {
    const v = (ty + 0.5) / taps;
    for (let tx = 0; tx < taps; tx++, t += 2) {
      const u = (tx + 0.5) / taps;
      tapOffsets[t] = cos * u - sin * v;
      tapOffsets[t + 1] = sin * u + cos * v;
    }
  }
  // The hot loop of every landmark frame (it once cost more than both models): plain locals,
  // the bytes read as numbers, the taps' offsets precomputed, clamps as comparisons.
  let o = offset;
  for (let row = 0; row < inputSize; row++) {
    const v = row - half;
    for (let col = 0; col < inputSize; col++) {
      const u = (flip ? inputSize - 1 - col : col) - half;
      // Pixel centres sit at .5: shift to index space before interpolating.
      const baseX = roi.cx + cos * u - sin * v - 0.5;
      const baseY = roi.cy + sin * u + cos * v - 0.5;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let t = 0; t < tapOffsets.length; t += 2) {
        const tapX = baseX + (tapOffsets[t] as number);
        const tapY = baseY + (tapOffsets[t + 1] as number);
        const x = tapX < 0 ? 0 : tapX > maxX ? maxX : tapX;
        const y = tapY < 0 ? 0 : tapY > maxY ? maxY : tapY;
        const x0 = x | 0;
        const y0 = y | 0;
        const fx = x - x0;
        const fy = y - y0;
        const i00 = (y0 * width + x0) * 3;
        const i01 = x0 < maxX ? i00 + 3 : i00;
        const i10 = y0 < maxY ? i00 + width * 3 : i00;
        const i11 = x0 < maxX ? i10 + 3 : i10;
        const w00 = (1 - fx) * (1 - fy);
        const w01 = fx * (1 - fy);
        const w10 = (1 - fx) * fy;
        const w11 = fx * fy;
        r +=
          (data[i00] as number) * w00 +
          (data[i01] as number) * w01 +
          (data[i10] as number) * w10 +
          (data[i11] as number) * w11;
        g +=
          (data[i00 + 1] as number) * w00 +
          (data[i01 + 1] as number) * w01 +
          (data[i10 + 1] as number) * w10 +
          (data[i11 + 1] as number) * w11;
        b +=
          (data[i00 + 2] as number) * w00 +
          (data[i01 + 2] as number) * w01 +
          (data[i10 + 2] as number) * w10 +
          (data[i11 + 2] as number) * w11;
      }
      out[o++] = r * weight;
      out[o++] = g * weight;
      out[o++] = b * weight;
    }
  }
}
