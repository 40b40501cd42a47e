import * as ort from 'onnxruntime-node';
import { modelPath, openOnnxModel } from './models';
import type { Point, RgbFrame } from '../../../shared/frames';

/** One face found in a frame; every coordinate is in pixels of that frame. */
export interface DetectedFace {
  score: number;
  box: { x: number; y: number; width: number; height: number };
  /**
   * Right and left are the person's own: a person facing the camera has the right eye on the
   * image's left.
   */
  keypoints: {
    rightEye: Point;
    leftEye: Point;
    nose: Point;
    mouth: Point;
    rightEar: Point;
    leftEar: Point;
  };
}

/**
 * Measured on this machine (one core, one intra-op thread, the six face-api demo group photos
 * letterboxed to 640x480, 22 faces in all, median of 600 detect() calls including the letterbox):
 * - `back256`, the default: 22/22 faces (3, 3, 3, 4, 5, 4), 6.9 ms per frame (6.0 ms inference,
 *   0.7 ms letterbox). Proctoring cares most about the small face of a second person behind the
 *   candidate, and only this variant finds those; at 15 fps it costs about 10% of one core.
 * - `front128`: 16/22 faces (3, 1, 2, 3, 3, 4), 1.4 ms per frame. It misses exactly the smaller
 *   and turned faces of a group, so it suits only a fallback for a very weak machine.
 */
export type FaceDetectorVariant = 'back256' | 'front128';

export interface FaceDetectorOptions {
  /** Minimum face probability; MediaPipe's own graphs use 0.5. */
  scoreThreshold?: number;
  /** Overlap above which two detections are merged into one face (MediaPipe uses 0.3). */
  iouThreshold?: number;
  /**
   * Faces narrower than this many frame pixels are dropped; 0 keeps every face, since a small
   * face in the background is precisely what proctoring should report.
   */
  minFaceSize?: number;
}

const VARIANTS = {
  back256: { model: 'blazefaceBack', size: 256 },
  front128: { model: 'blazefaceFront', size: 128 },
} as const;

// Both converted models predict on the same two grids: 16x16 cells with 2 anchors each
// (Identity:0 / Identity_2:0, 512 rows) and 8x8 cells with 6 anchors each (Identity_1:0 /
// Identity_3:0, 384 rows), checked against session.outputNames and the output dims.
const HEADS = [
  { scores: 'Identity:0', boxes: 'Identity_2:0', cells: 16, perCell: 2 },
  { scores: 'Identity_1:0', boxes: 'Identity_3:0', cells: 8, perCell: 6 },
] as const;
const VALUES_PER_ANCHOR = 16;
const KEYPOINT_NAMES = ['rightEye', 'leftEye', 'nose', 'mouth', 'rightEar', 'leftEar'] as const;
// MediaPipe clips logits before the sigmoid so a saturated score cannot overflow.
const LOGIT_CLIP = 100;

/** Where the frame lands inside the square model input, and the per-pixel sampling tables. */
interface Letterbox {
  width: number;
  height: number;
  scale: number;
  padX: number;
  padY: number;
  columns: number;
  rows: number;
  x0: Int32Array;
  x1: Int32Array;
  fx: Float32Array;
  y0: Int32Array;
  y1: Int32Array;
  fy: Float32Array;
}

/** A detection in model-input units ([0, 1] of the square input), before undoing the letterbox. */
interface Candidate {
  score: number;
  // xMin, yMin, xMax, yMax, then 6 keypoints as x, y.
  coords: Float32Array;
}

/** BlazeFace on onnxruntime-node: faces, boxes and six keypoints for every frame. */
export class FaceDetector {
  private readonly input: Float32Array;
  private readonly feeds: Record<string, ort.Tensor>;
  private readonly anchors: Float32Array;
  private letterbox: Letterbox | undefined;
  // detect() awaits inference while `input` holds the frame, so calls run one at a time.
  private pending: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly size: number,
    private readonly options: Required<FaceDetectorOptions>,
  ) {
    this.input = new Float32Array(size * size * 3);
    const inputName = session.inputNames[0] ?? 'input:0';
    this.feeds = { [inputName]: new ort.Tensor('float32', this.input, [1, size, size, 3]) };
    this.anchors = buildAnchors();
  }

  /** Opens a BlazeFace model from `resourcesDir/models`; throws ModelError if it is missing. */
  static async open(
    resourcesDir: string,
    variant: FaceDetectorVariant = 'back256',
    options: FaceDetectorOptions = {},
  ): Promise<FaceDetector> {
    const { model, size } = VARIANTS[variant];
    const session = await openOnnxModel(modelPath(resourcesDir, model));
    return new FaceDetector(session, size, {
      scoreThreshold: options.scoreThreshold ?? 0.5,
      iouThreshold: options.iouThreshold ?? 0.3,
      minFaceSize: options.minFaceSize ?? 0,
    });
  }

  /** Finds the faces in one frame, best first. */
  detect(frame: RgbFrame): Promise<DetectedFace[]> {
    const run = this.pending.then(() => this.detectNow(frame));
    this.pending = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.pending;
    await this.session.release();
  }

  private async detectNow(frame: RgbFrame): Promise<DetectedFace[]> {
    if (frame.data.length < frame.width * frame.height * 3) {
      throw new Error(
        `Frame data holds ${frame.data.length} bytes, expected ${frame.width}x${frame.height}x3`,
      );
    }
    const box = this.fillInput(frame);
    const outputs = await this.session.run(this.feeds);
    const candidates: Candidate[] = [];
    let anchorOffset = 0;
    for (const head of HEADS) {
      const scores = outputs[head.scores]?.data as Float32Array | undefined;
      const boxes = outputs[head.boxes]?.data as Float32Array | undefined;
      if (!scores || !boxes) throw new Error(`BlazeFace output ${head.scores} is missing`);
      this.decode(scores, boxes, anchorOffset, candidates);
      anchorOffset += scores.length;
    }
    return weightedNms(candidates, this.options.iouThreshold)
      .map((candidate) => toFace(candidate, box, this.size))
      .filter((face) => face.box.width >= this.options.minFaceSize);
  }

  /** Letterboxes the frame into the model input with bilinear sampling, RGB in [-1, 1]. */
  private fillInput(frame: RgbFrame): Letterbox {
    let box = this.letterbox;
    if (!box || box.width !== frame.width || box.height !== frame.height) {
      box = planLetterbox(frame.width, frame.height, this.size);
      this.letterbox = box;
      // Only the padding keeps its value between frames: the picture area is rewritten whole
      // on every frame, so the buffer carries nothing from one frame to the next.
      this.input.fill(-1);
    }
    const { data, width } = frame;
    const { x0, x1, fx, y0, y1, fy, padX, padY, columns, rows } = box;
    const input = this.input;
    for (let row = 0; row < rows; row++) {
      const top = (y0[row] as number) * width;
      const bottom = (y1[row] as number) * width;
      const wy = fy[row] as number;
      let out = ((padY + row) * this.size + padX) * 3;
      for (let column = 0; column < columns; column++) {
        const left = (x0[column] as number) * 3;
        const right = (x1[column] as number) * 3;
        const wx = fx[column] as number;
        const a = top * 3 + left;
        const b = top * 3 + right;
        const c = bottom * 3 + left;
        const d = bottom * 3 + right;
        for (let channel = 0; channel < 3; channel++) {
          const upper =
            (data[a + channel] as number) +
            ((data[b + channel] as number) - (data[a + channel] as number)) * wx;
          const lower =
            (data[c + channel] as number) +
            ((data[d + channel] as number) - (data[c + channel] as number)) * wx;
          input[out++] = (upper + (lower - upper) * wy) / 127.5 - 1;
        }
      }
    }
    return box;
  }

  private decode(
    scores: Float32Array,
    boxes: Float32Array,
    anchorOffset: number,
    candidates: Candidate[],
  ): void {
    const logitThreshold = Math.log(
      this.options.scoreThreshold / (1 - this.options.scoreThreshold),
    );
    for (let i = 0; i < scores.length; i++) {
      const logit = Math.max(-LOGIT_CLIP, Math.min(LOGIT_CLIP, scores[i] as number));
      if (logit < logitThreshold) continue;
      const ax = this.anchors[(anchorOffset + i) * 2] as number;
      const ay = this.anchors[(anchorOffset + i) * 2 + 1] as number;
      const raw = i * VALUES_PER_ANCHOR;
      const cx = ax + (boxes[raw] as number) / this.size;
      const cy = ay + (boxes[raw + 1] as number) / this.size;
      const halfW = (boxes[raw + 2] as number) / this.size / 2;
      const halfH = (boxes[raw + 3] as number) / this.size / 2;
      const coords = new Float32Array(4 + KEYPOINT_NAMES.length * 2);
      coords.set([cx - halfW, cy - halfH, cx + halfW, cy + halfH]);
      for (let k = 0; k < KEYPOINT_NAMES.length * 2; k += 2) {
        coords[4 + k] = ax + (boxes[raw + 4 + k] as number) / this.size;
        coords[5 + k] = ay + (boxes[raw + 5 + k] as number) / this.size;
      }
      candidates.push({ score: 1 / (1 + Math.exp(-logit)), coords });
    }
  }
}

/** Anchor centres in input units, in output-row order: grid by grid, row-major, then anchor. */
function buildAnchors(): Float32Array {
  const total = HEADS.reduce((sum, head) => sum + head.cells * head.cells * head.perCell, 0);
  const anchors = new Float32Array(total * 2);
  let i = 0;
  for (const { cells, perCell } of HEADS) {
    for (let cy = 0; cy < cells; cy++) {
      for (let cx = 0; cx < cells; cx++) {
        for (let n = 0; n < perCell; n++) {
          anchors[i++] = (cx + 0.5) / cells;
          anchors[i++] = (cy + 0.5) / cells;
        }
      }
    }
  }
  return anchors;
}

function planLetterbox(width: number, height: number, size: number): Letterbox {
  const scale = size / Math.max(width, height);
  const columns = Math.max(1, Math.min(size, Math.round(width * scale)));
  const rows = Math.max(1, Math.min(size, Math.round(height * scale)));
  const horizontal = samplingTable(width, columns);
  const vertical = samplingTable(height, rows);
  return {
    width,
    height,
    scale,
    padX: Math.floor((size - columns) / 2),
    padY: Math.floor((size - rows) / 2),
    columns,
    rows,
    x0: horizontal.lower,
    x1: horizontal.upper,
    fx: horizontal.weight,
    y0: vertical.lower,
    y1: vertical.upper,
    fy: vertical.weight,
  };
}

/** For each output pixel, the two source pixels around its centre and the weight of the second. */
function samplingTable(source: number, target: number) {
  const lower = new Int32Array(target);
  const upper = new Int32Array(target);
  const weight = new Float32Array(target);
  const step = source / target;
  for (let i = 0; i < target; i++) {
    const centre = Math.max(0, Math.min(source - 1, (i + 0.5) * step - 0.5));
    const first = Math.floor(centre);
    lower[i] = first;
    upper[i] = Math.min(source - 1, first + 1);
    weight[i] = centre - first;
  }
  return { lower, upper, weight };
}

/**
 * MediaPipe's weighted non-maximum suppression: overlapping detections of one face are averaged,
 * weighted by score, which steadies the box and keypoints from frame to frame.
 */
function weightedNms(candidates: Candidate[], iouThreshold: number): Candidate[] {
  const remaining = [...candidates].sort((a, b) => b.score - a.score);
  const kept: Candidate[] = [];
  while (remaining.length > 0) {
    const best = remaining[0] as Candidate;
    const cluster: Candidate[] = [];
    const rest: Candidate[] = [];
    for (const candidate of remaining) {
      (iou(best.coords, candidate.coords) > iouThreshold ? cluster : rest).push(candidate);
    }
    const merged = new Float32Array(best.coords.length);
    let total = 0;
    for (const { score, coords } of cluster) {
      total += score;
      for (let i = 0; i < coords.length; i++)
        merged[i] = (merged[i] as number) + score * (coords[i] as number);
    }
    for (let i = 0; i < merged.length; i++) merged[i] = (merged[i] as number) / total;
    kept.push({ score: best.score, coords: merged });
    remaining.splice(0, remaining.length, ...rest);
  }
  return kept;
}

function iou(a: Float32Array, b: Float32Array): number {
  const [ax0, ay0, ax1, ay1] = a as unknown as [number, number, number, number];
  const [bx0, by0, bx1, by1] = b as unknown as [number, number, number, number];
  const overlapW = Math.min(ax1, bx1) - Math.max(ax0, bx0);
  const overlapH = Math.min(ay1, by1) - Math.max(ay0, by0);
  if (overlapW <= 0 || overlapH <= 0) return 0;
  const overlap = overlapW * overlapH;
  const union = (ax1 - ax0) * (ay1 - ay0) + (bx1 - bx0) * (by1 - by0) - overlap;
  return union > 0 ? overlap / union : 0;
}

/** Undoes the letterbox and clamps to the frame, so callers only ever see frame pixels. */
function toFace(candidate: Candidate, box: Letterbox, size: number): DetectedFace {
  const toX = (u: number) => clamp((u * size - box.padX) / box.scale, 0, box.width);
  const toY = (v: number) => clamp((v * size - box.padY) / box.scale, 0, box.height);
  const c = candidate.coords;
  const at = (i: number) => c[i] as number;
  const x = toX(at(0));
  const y = toY(at(1));
  const keypoints = Object.fromEntries(
    KEYPOINT_NAMES.map((name, k) => [name, { x: toX(at(4 + 2 * k)), y: toY(at(5 + 2 * k)) }]),
  ) as DetectedFace['keypoints'];
  return {
    score: candidate.score,
    box: { x, y, width: toX(at(2)) - x, height: toY(at(3)) - y },
    keypoints,
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
