import * as ort from 'onnxruntime-node';
import { faceRoi, sampleRoi, type Roi } from './face-crop';
import { modelPath, openOnnxModel } from './models';
import { OneAtATime } from './one-at-a-time';
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
import type { FaceRegion, RgbFrame } from '../../../shared/frames';

/*
 * The face mesh and iris models of mesh-landmarks.ts, converted to ONNX (resources/models,
 * `npm run models:convert`) and run on onnxruntime-node with one thread, like the detector.
 * Same crops, same outputs: the converted graphs give tfjs's numbers (onnx-parity.test.ts),
 * without tfjs's WebAssembly backend and its per-op dispatch.
 */

const MESH_SIZE = 192;
const IRIS_SIZE = 64;
// Output names follow tfjs's signature (the converter keeps them): score, then the 468 points.
const MESH_SCORE = 'Identity_1:0';
const MESH_POINTS_OUT = 'Identity_2:0';
// The converted iris model keeps only its 5 iris points per eye (no eye contours).
const IRIS_OUT = 'iris:0';
const IRIS_ONLY = { perEye: 5, first: 0 };

/** Opens both converted models from `resourcesDir/models`; throws ModelError if one is missing. */
export async function openOnnxLandmarks(opts: {
  finder: FaceFinder;
  resourcesDir: string;
}): Promise<MeshLandmarkEngine> {
  const mesh = await openOnnxModel(modelPath(opts.resourcesDir, 'faceMesh'));
  try {
    const iris = await openOnnxModel(modelPath(opts.resourcesDir, 'iris'));
    return new OnnxLandmarks(mesh, iris, opts.finder);
  } catch (error) {
    await mesh.release();
    throw error;
  }
}

class OnnxLandmarks implements MeshLandmarkEngine {
  readonly name = 'mediapipe-facemesh-iris-onnx';
  private readonly meshInput = new Float32Array(MESH_SIZE * MESH_SIZE * 3);
  private readonly irisInput = new Float32Array(2 * IRIS_SIZE * IRIS_SIZE * 3);
  private readonly meshFeeds: Record<string, ort.Tensor>;
  private readonly irisFeeds: Record<string, ort.Tensor>;
  // Calls share the input buffers, so they run one at a time.
  private readonly calls = new OneAtATime();

  constructor(
    private readonly mesh: ort.InferenceSession,
    private readonly iris: ort.InferenceSession,
    private readonly finder: FaceFinder,
  ) {
    const feed = (session: ort.InferenceSession, data: Float32Array, dims: number[]) => ({
      [session.inputNames[0] ?? 'input_1']: new ort.Tensor('float32', data, dims),
    });
    this.meshFeeds = feed(mesh, this.meshInput, [1, MESH_SIZE, MESH_SIZE, 3]);
    this.irisFeeds = feed(iris, this.irisInput, [2, IRIS_SIZE, IRIS_SIZE, 3]);
  }

  landmarks(frame: RgbFrame, face?: FaceRegion): Promise<MeshResult | null> {
    return this.calls.run(frame, () => this.run(frame, face));
  }

  async close(): Promise<void> {
    await this.calls.close();
    await Promise.all([this.mesh.release(), this.iris.release()]);
  }

  private async run(frame: RgbFrame, face?: FaceRegion): Promise<MeshResult | null> {
    const region = face ?? (await largestFace(this.finder, frame));
    if (!region || region.width < 8 || region.height < 8) return null;
    const mesh = await this.runMesh(frame, faceRoi(region, region.eyes));
    if (!mesh) return null;
    // As in mesh-landmarks.ts, the iris model's eye contours are not applied.
    const irises = await this.runIris(frame, mesh.points);
    return { points: [...mesh.points, ...irises], irisAvailable: true, score: mesh.score };
  }

  private async runMesh(
    frame: RgbFrame,
    roi: Roi,
  ): Promise<{ points: Point[]; score: number } | null> {
    sampleRoi(frame, roi, MESH_SIZE, this.meshInput);
    const out = await this.mesh.run(this.meshFeeds, [MESH_SCORE, MESH_POINTS_OUT]);
    const score = (out[MESH_SCORE]?.data as Float32Array | undefined)?.[0] ?? 0;
    if (score < MIN_FACE_SCORE) return null;
    const raw = out[MESH_POINTS_OUT]?.data as Float32Array;
    return { points: meshToFrame(raw, roi, MESH_SIZE), score };
  }

  private async runIris(frame: RgbFrame, points: Point[]): Promise<Point[]> {
    const rois = eyeRois(points);
    EYES.forEach((eye, k) => {
      const offset = k * IRIS_SIZE * IRIS_SIZE * 3;
      sampleRoi(frame, rois[k] as Roi, IRIS_SIZE, this.irisInput, offset, eye.flip);
    });
    const out = await this.iris.run(this.irisFeeds);
    return irisToFrame(out[IRIS_OUT]?.data as Float32Array, rois, IRIS_SIZE, points, IRIS_ONLY);
  }
}
