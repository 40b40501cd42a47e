import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as tfc from '@tensorflow/tfjs-core';
import type * as tfconv from '@tensorflow/tfjs-converter';
import type * as tfwasm from '@tensorflow/tfjs-backend-wasm';
import type { DetectedFace } from './face-detector';
import { eyeRoi, faceRoi, sampleRoi, toFrame, type Roi } from './face-crop';
import {
  defaultModelsDir,
  type FaceLandmarks,
  type FaceRegion,
  type LandmarkEngine,
  type RgbFrame,
} from './landmarks';
import { modelFiles, readModelArtifacts } from './landmarks-loader';

/*
 * Face landmarks the way MediaPipe's own face mesh + iris graphs compute them: the face mesh
 * and iris models bundled with @vladmandic/human, run directly on tfjs's WebAssembly backend,
 * fed from the caller's face detection instead of a detector of their own. The face is cut
 * out level (turned by the detector's eye line, 1.5x its box), the mesh's eye corners place
 * each eye's crop for the iris model, and every point is mapped back to frame pixels.
 * Only these two models are ever loaded: no detector, and never an emotion model (emotion
 * recognition at work is banned in the EU, AI Act Art. 5(1)(f); see landmarks.ts).
 *
 * Measured with `npm run bench:vision` (one thread, SIMD wasm, Node 22, 640x480 frames of
 * face-api's demo photos, a shared 2-core machine): median 21 ms, p95 32 ms a frame, against
 * 49 / 107 ms for human's engine in the same run. On the 44 non-profile faces of the demo
 * photos its |yaw| reads 0.5–11° larger than human's (median 7°), so looking-away thresholds
 * tuned on human trip sooner; pitch mostly agrees within 4° (two faces 10–12° apart).
 * It cannot level a profile (see hybrid-landmarks.ts, which the pipeline uses).
 */

type Point = [number, number, number];

const MESH_MODEL = 'facemesh.json';
const IRIS_MODEL = 'iris.json';
const MESH_POINTS = 468;
/** 71 refined eye-region points, then 5 iris points (centre first), each x, y, z. */
const IRIS_MODEL_POINTS = 76;
/**
 * The mesh model's own face score (a sigmoid); below it the crop holds no face. human uses
 * the same bar for this model (its face.detector.minConfidence in landmarks.ts).
 */
const MIN_FACE_SCORE = 0.2;

/**
 * Mesh indices of the iris model's 71 eye-region points, image-left eye (33–133) then the
 * image-right one (362–263), in the model's order: lower then upper lid contours from the
 * outer corner in, rings further out, brows. MediaPipe replaces these with the iris model's
 * finer ones (update_face_landmarks_calculator.cc in mediapipe/graphs/iris_tracking).
 */
const EYE_REGIONS = [
  [
    33, 7, 163, 144, 145, 153, 154, 155, 133, 246, 161, 160, 159, 158, 157, 173, 130, 25, 110, 24,
    23, 22, 26, 112, 243, 247, 30, 29, 27, 28, 56, 190, 226, 31, 228, 229, 230, 231, 232, 233, 244,
    113, 225, 224, 223, 222, 221, 189, 35, 124, 46, 53, 52, 65, 143, 111, 117, 118, 119, 120, 121,
    128, 245, 156, 70, 63, 105, 66, 107, 55, 193,
  ],
  [
    263, 249, 390, 373, 374, 380, 381, 382, 362, 466, 388, 387, 386, 385, 384, 398, 359, 255, 339,
    254, 253, 252, 256, 341, 463, 467, 260, 259, 257, 258, 286, 414, 446, 261, 448, 449, 450, 451,
    452, 453, 464, 342, 445, 444, 443, 442, 441, 413, 265, 353, 276, 283, 282, 295, 372, 340, 346,
    347, 348, 349, 350, 357, 465, 383, 300, 293, 334, 296, 336, 285, 417,
  ],
] as const;
/**
 * Per eye: the corners its crop is placed on (image-left first), whether the crop is mirrored
 * (the iris model is trained on the image-left eye; MediaPipe mirrors the other one), and the
 * upper and lower lid middles whose depth the iris takes, since its own depth is unreliable.
 */
const EYES = [
  { corners: [33, 133], flip: false, lids: [159, 145], region: EYE_REGIONS[0] },
  { corners: [362, 263], flip: true, lids: [386, 374], region: EYE_REGIONS[1] },
] as const;

/** Landmarks with the mesh model's face score (0–1): how surely its crop holds a face. */
export interface MeshResult extends FaceLandmarks {
  score: number;
}

/** The engine, its results carrying the face score. */
export interface MeshLandmarkEngine extends LandmarkEngine {
  landmarks(frame: RgbFrame, face?: FaceRegion): Promise<MeshResult | null>;
}

/** Finds faces when a caller gives none; FaceDetector fits. */
export interface FaceFinder {
  detect(frame: RgbFrame): Promise<DetectedFace[]>;
}

const localRequire = createRequire(import.meta.url);

/**
 * Loads tfjs (one thread, WebAssembly) once per process. The same tfjs-core copy serves
 * landmarks.ts's human, which sets the same backend; the wasm files sit beside the backend.
 */
async function loadTfjs(): Promise<{ tf: typeof tfc; converter: typeof tfconv }> {
  const tf = localRequire('@tensorflow/tfjs-core') as typeof tfc;
  const wasm = localRequire('@tensorflow/tfjs-backend-wasm') as typeof tfwasm;
  const converter = localRequire('@tensorflow/tfjs-converter') as typeof tfconv;
  if (tf.getBackend() !== 'wasm') {
    // One thread: signals share a modest kiosk with capture, encoding and the UI.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    wasm.setWasmPaths(
      path.join(path.dirname(localRequire.resolve('@tensorflow/tfjs-backend-wasm')), path.sep),
    );
    if (!(await tf.setBackend('wasm'))) throw new Error('tfjs could not start its wasm backend');
  }
  await tf.ready();
  return { tf, converter };
}

/**
 * Opens the engine: the face mesh and iris models from `modelsDir` (human's own folder by
 * default). `finder` locates the face when a caller passes no box.
 */
export async function openMeshLandmarks(opts: {
  finder: FaceFinder;
  modelsDir?: string;
}): Promise<MeshLandmarkEngine> {
  const modelsDir = path.resolve(opts.modelsDir ?? defaultModelsDir());
  const files = [MESH_MODEL, IRIS_MODEL].map((name) => path.join(modelsDir, name));
  const missing = files.flatMap(modelFiles).filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `Face landmark models are missing from ${modelsDir} (${missing.map((f) => path.basename(f)).join(', ')})`,
    );
  }
  const { tf, converter } = await loadTfjs();
  const [mesh, iris] = await Promise.all(
    files.map((file) => converter.loadGraphModel({ load: () => readModelArtifacts(file) })),
  );
  if (!mesh || !iris) throw new Error('Face landmark models failed to load');
  return new MeshLandmarks(tf, mesh, iris, opts.finder);
}

/** The square input side of a graph model taking [batch, side, side, 3]. */
function inputSide(model: tfconv.GraphModel, name: string): number {
  const side = model.inputs[0]?.shape?.[1];
  if (!side || side <= 0) throw new Error(`${name} has no fixed input size`);
  return side;
}

class MeshLandmarks implements MeshLandmarkEngine {
  readonly name = 'mediapipe-facemesh-iris';
  private readonly meshSize: number;
  private readonly irisSize: number;
  private readonly meshInput: Float32Array;
  private readonly irisInput: Float32Array;
  // Calls share the input buffers, so they run one at a time.
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly tf: typeof tfc,
    private readonly mesh: tfconv.GraphModel,
    private readonly iris: tfconv.GraphModel,
    private readonly finder: FaceFinder,
  ) {
    this.meshSize = inputSide(mesh, MESH_MODEL);
    this.irisSize = inputSide(iris, IRIS_MODEL);
    this.meshInput = new Float32Array(this.meshSize * this.meshSize * 3);
    this.irisInput = new Float32Array(2 * this.irisSize * this.irisSize * 3);
  }

  landmarks(frame: RgbFrame, face?: FaceRegion): Promise<MeshResult | null> {
    const run = this.queue.then(() => this.run(frame, face));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    this.mesh.dispose();
    this.iris.dispose();
  }

  private async run(frame: RgbFrame, face?: FaceRegion): Promise<MeshResult | null> {
    if (this.closed) throw new Error('The landmark engine is closed');
    if (frame.data.length < frame.width * frame.height * 3) {
      throw new Error(`Frame ${frame.width}x${frame.height} has only ${frame.data.length} bytes`);
    }
    const region = face ?? (await this.findFace(frame));
    if (!region || region.width < 8 || region.height < 8) return null;
    const mesh = await this.runMesh(frame, faceRoi(region, region.eyes));
    if (!mesh) return null;
    const { points, score } = mesh;
    // The eye region as the mesh model placed it: runIris refines `points` in place, but the
    // engine was measured and tested without that refinement (it moves yaw on turned faces).
    const placed = [...points];
    const irises = await this.runIris(frame, points);
    return { points: [...placed, ...irises], irisAvailable: true, score };
  }

  /** The largest face the finder sees, as MediaPipe picks its primary face. */
  private async findFace(frame: RgbFrame): Promise<FaceRegion | null> {
    const faces = await this.finder.detect(frame);
    const [largest] = faces.sort((a, b) => b.box.width - a.box.width);
    if (!largest) return null;
    const { rightEye, leftEye } = largest.keypoints;
    return { ...largest.box, eyes: { right: rightEye, left: leftEye } };
  }

  /**
   * The 468 mesh points in frame pixels and the model's face score, or null when the model
   * sees no face in the ROI.
   */
  private async runMesh(
    frame: RgbFrame,
    roi: Roi,
  ): Promise<{ points: Point[]; score: number } | null> {
    const size = this.meshSize;
    sampleRoi(frame, roi, size, this.meshInput);
    const input = this.tf.tensor4d(this.meshInput, [1, size, size, 3]);
    const outputs = this.mesh.execute(input, ['Identity_1:0', 'Identity_2:0']) as tfc.Tensor[];
    input.dispose();
    const [scoreT, meshT] = outputs;
    try {
      const [score = 0] = await (scoreT as tfc.Tensor).data();
      if (score < MIN_FACE_SCORE) return null;
      const raw = await (meshT as tfc.Tensor).data();
      // z comes in the crop's pixels, like x and y: scaled alike, the points keep their 3D shape.
      const zScale = roi.size / size;
      const points: Point[] = [];
      for (let i = 0; i < MESH_POINTS; i++) {
        const [x, y] = toFrame(roi, size, raw[i * 3] ?? 0, raw[i * 3 + 1] ?? 0);
        points.push([x, y, (raw[i * 3 + 2] ?? 0) * zScale]);
      }
      return { points, score };
    } finally {
      outputs.forEach((tensor) => tensor.dispose());
    }
  }

  /**
   * Runs the iris model on both eyes in one batch: refines the eye-region points in `points`
   * (x and y; the mesh's depth stays) and returns the 10 iris points, image-left eye first.
   */
  private async runIris(frame: RgbFrame, points: Point[]): Promise<Point[]> {
    const size = this.irisSize;
    const at = (i: number) => {
      const [x = 0, y = 0] = points[i] ?? [];
      return { x, y };
    };
    const rois = EYES.map((eye) => eyeRoi(at(eye.corners[0]), at(eye.corners[1])));
    EYES.forEach((eye, k) => {
      sampleRoi(frame, rois[k] as Roi, size, this.irisInput, k * size * size * 3, eye.flip);
    });
    const input = this.tf.tensor4d(this.irisInput, [2, size, size, 3]);
    const output = this.iris.execute(input) as tfc.Tensor;
    input.dispose();
    let raw: Float32Array | Int32Array | Uint8Array;
    try {
      raw = await output.data();
    } finally {
      output.dispose();
    }
    const irises: Point[] = [];
    EYES.forEach((eye, k) => {
      const roi = rois[k] as Roi;
      const base = k * IRIS_MODEL_POINTS * 3;
      const point = (j: number) =>
        toFrame(roi, size, raw[base + j * 3] ?? 0, raw[base + j * 3 + 1] ?? 0, eye.flip);
      eye.region.forEach((index, j) => {
        const [x, y] = point(j);
        const z = points[index]?.[2] ?? 0;
        points[index] = [x, y, z];
      });
      const z = ((points[eye.lids[0]]?.[2] ?? 0) + (points[eye.lids[1]]?.[2] ?? 0)) / 2;
      for (let j = eye.region.length; j < IRIS_MODEL_POINTS; j++) {
        const [x, y] = point(j);
        irises.push([x, y, z]);
      }
    });
    return irises;
  }
}
