import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as tfc from '@tensorflow/tfjs-core';
import type * as tfconv from '@tensorflow/tfjs-converter';
import type * as tfwasm from '@tensorflow/tfjs-backend-wasm';
import { faceRoi, sampleRoi, type Roi } from './face-crop';
import { OneAtATime } from './one-at-a-time';
import { defaultModelsDir } from './human-landmarks';
import { type FaceRegion, type RgbFrame } from '../../../shared/frames';
import { modelFiles, readModelArtifacts } from './landmarks-loader';
import {
  EYES,
  eyeRois,
  irisToFrame,
  largestFace,
  meshToFrame,
  MIN_FACE_SCORE,
  type FaceFinder,
  type MeshLandmarkEngine,
  type MeshResult,
  type Point,
} from './mesh-points';

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
 * It cannot level a profile (see hybrid-landmarks.ts). The pipeline runs the same models on
 * onnxruntime (onnx-landmarks.ts); this engine is the tfjs reference its tests compare with.
 */

const MESH_MODEL = 'facemesh.json';
const IRIS_MODEL = 'iris.json';

export { largestFace, type FaceFinder, type MeshLandmarkEngine, type MeshResult };

const localRequire = createRequire(import.meta.url);

/**
 * Loads tfjs (one thread, WebAssembly) once per process. The same tfjs-core copy serves
 * landmarks.ts's human, which sets the same backend; the wasm files sit beside the backend.
 */
export async function loadTfjs(): Promise<{ tf: typeof tfc; converter: typeof tfconv }> {
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
  private readonly calls = new OneAtATime();

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
    return this.calls.run(frame, () => this.run(frame, face));
  }

  async close(): Promise<void> {
    await this.calls.close();
    this.mesh.dispose();
    this.iris.dispose();
  }

  private async run(frame: RgbFrame, face?: FaceRegion): Promise<MeshResult | null> {
    const region = face ?? (await largestFace(this.finder, frame));
    if (!region || region.width < 8 || region.height < 8) return null;
    const mesh = await this.runMesh(frame, faceRoi(region, region.eyes));
    if (!mesh) return null;
    const { points, score } = mesh;
    // The iris model also refines the eye contours; those are not applied: the engine was
    // measured and tested with the mesh's own eye points (the refinement moves yaw on turned
    // faces, about 8° further from human's).
    const irises = await this.runIris(frame, points);
    return { points: [...points, ...irises], irisAvailable: true, score };
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
      const points = meshToFrame(await (meshT as tfc.Tensor).data(), roi, size);
      return { points, score };
    } finally {
      outputs.forEach((tensor) => tensor.dispose());
    }
  }

  /**
   * Runs the iris model on both eyes in one batch and returns the 10 iris points, image-left
   * eye first, at the depth of the eye's lids (the model's eye contour comes first per eye).
   */
  private async runIris(frame: RgbFrame, points: Point[]): Promise<Point[]> {
    const size = this.irisSize;
    const rois = eyeRois(points);
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
    return irisToFrame(raw, rois, size, points);
  }
}
