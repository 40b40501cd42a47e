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
 * The converted graphs give tfjs's numbers (onnx-parity.test.ts), without tfjs's WebAssembly
 * backend and its per-op dispatch.
 *
 * Measured with `npm run bench:vision` (one thread, 640x480 frames of face-api's demo photos,
 * a 2-core machine shared with other jobs, so absolute figures drift between runs): landmarks
 * median 10.3–12.7 ms a frame, about one BlazeFace detection (8.9–12.6 ms), 0.15–0.19 of stock
 * human.detect() in the same run; the whole pipeline with landmarks every frame 19.4–26.1 ms,
 * 0.30–0.36 of stock human (0.62 with the tfjs mesh engine). onnxruntime's profile
 * puts the face mesh at 2.4 ms and the iris pair at 3.7 ms a run on a quiet core.
 *
 * Tracking, the way MediaPipe's face mesh graph does it: the previous frame's landmarks give
 * the next frame's crop (face_landmarks_to_roi.pbtxt: the box around the mesh, 1.5x, turned
 * by the eye corners 33 → 263), which follows a head turning into profile where the
 * detector's eyes can no longer level it. The detector's crop is used again when the track
 * is lost (mesh score below MediaPipe's min_tracking_confidence), when the detector's face is
 * elsewhere (another face became the primary one), and every REDETECT_EVERY frames.
 * https://github.com/google/mediapipe/blob/master/mediapipe/modules/face_landmark/face_landmarks_to_roi.pbtxt
 */

const MESH_SIZE = 192;
const IRIS_SIZE = 64;
// Output names follow tfjs's signature (the converter keeps them): score, then the 468 points.
const MESH_SCORE = 'Identity_1:0';
const MESH_POINTS_OUT = 'Identity_2:0';
// The converted iris model keeps only its 5 iris points per eye (no eye contours).
const IRIS_OUT = 'iris:0';
const IRIS_ONLY = { perEye: 5, first: 0 };
/** The detector's crop replaces the tracked one at least this often: once a second at 15 fps. */
export const REDETECT_EVERY = 15;
/** MediaPipe's face mesh default min_tracking_confidence: below it the track is lost. */
export const MIN_TRACK_SCORE = 0.5;

/** The landmark engine, able to follow a face from frame to frame. */
export interface TrackingLandmarkEngine extends MeshLandmarkEngine {
  /** Whether the next call for `face` would use the previous landmarks' crop. */
  tracks(face: FaceRegion): boolean;
  /** Drops the track (the caller measured a frame elsewhere, so it is stale). */
  forget(): void;
}

/** The crop MediaPipe derives from a face's landmarks (face_landmarks_to_roi.pbtxt). */
export function landmarkRoi(points: Point[]): Roi {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const [rx = 0, ry = 0] = points[33] ?? [];
  const [lx = 0, ly = 0] = points[263] ?? [];
  const box = { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
  return faceRoi(box, { right: { x: rx, y: ry }, left: { x: lx, y: ly } });
}

/**
 * Whether the detector's face is the tracked one: its centre within half a box width of the
 * track's, and the track's crop 1–4 box widths wide (it spans the whole mesh, 1.5x, where the
 * detector's box spans eyebrows to mouth).
 */
function sameFace(roi: Roi, face: FaceRegion): boolean {
  const cx = face.x + face.width / 2;
  const cy = face.y + face.height / 2;
  const near = Math.hypot(roi.cx - cx, roi.cy - cy) <= face.width / 2;
  return near && roi.size >= face.width && roi.size <= face.width * 4;
}

/** Opens both converted models from `resourcesDir/models`; throws ModelError if one is missing. */
export async function openOnnxLandmarks(opts: {
  finder: FaceFinder;
  resourcesDir: string;
}): Promise<TrackingLandmarkEngine> {
  const mesh = await openOnnxModel(modelPath(opts.resourcesDir, 'faceMesh'));
  try {
    const iris = await openOnnxModel(modelPath(opts.resourcesDir, 'iris'));
    return new OnnxLandmarks(mesh, iris, opts.finder);
  } catch (error) {
    await mesh.release();
    throw error;
  }
}

class OnnxLandmarks implements TrackingLandmarkEngine {
  readonly name = 'mediapipe-facemesh-iris-onnx';
  private readonly meshInput = new Float32Array(MESH_SIZE * MESH_SIZE * 3);
  private readonly irisInput = new Float32Array(2 * IRIS_SIZE * IRIS_SIZE * 3);
  private readonly meshFeeds: Record<string, ort.Tensor>;
  private readonly irisFeeds: Record<string, ort.Tensor>;
  // Calls share the input buffers, so they run one at a time.
  private readonly calls = new OneAtATime();
  /** The crop the last landmarks give, and the frames measured since the detector's crop. */
  private track: { roi: Roi; frames: number } | null = null;

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

  tracks(face: FaceRegion): boolean {
    return !!this.track && this.track.frames < REDETECT_EVERY && sameFace(this.track.roi, face);
  }

  forget(): void {
    this.track = null;
  }

  private async run(frame: RgbFrame, face?: FaceRegion): Promise<MeshResult | null> {
    const region = face ?? (await largestFace(this.finder, frame));
    if (!region || region.width < 8 || region.height < 8) {
      this.track = null;
      return null;
    }
    const followed = this.tracks(region) ? this.track : null;
    let mesh = followed && (await this.runMesh(frame, followed.roi));
    if (!mesh || mesh.score < MIN_TRACK_SCORE) {
      // Lost, elsewhere or due: the detector's crop, and a new track from it.
      mesh = await this.runMesh(frame, faceRoi(region, region.eyes));
      this.track = null;
    }
    if (!mesh) return null;
    if (mesh.score >= MIN_TRACK_SCORE) {
      this.track = { roi: landmarkRoi(mesh.points), frames: followed ? followed.frames + 1 : 1 };
    }
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
