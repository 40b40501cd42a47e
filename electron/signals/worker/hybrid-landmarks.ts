import { largestFace, type FaceFinder } from './mesh-points';
import { openHumanLandmarks } from './human-landmarks';
import { openOnnxLandmarks, type TrackingLandmarkEngine } from './onnx-landmarks';
import {
  type FaceLandmarks,
  type FaceRegion,
  type LandmarkEngine,
  type RgbFrame,
} from '../../../shared/frames';

/*
 * The pipeline's landmark engine: the fast mesh engine (onnx-landmarks.ts: MediaPipe's face
 * mesh and iris on onnxruntime; mesh-landmarks.ts is the same on tfjs) on faces it can level,
 * human (human-landmarks.ts) on the rest. The mesh engine turns the face crop by the
 * detector's eye line; on a profile BlazeFace puts both eyes on nearly the same spot, the line
 * points anywhere (sample2's profile: 0.01 box widths apart, ~-90°), the crop comes out
 * sideways and the mesh finds no face. human runs a detector of its own and copes, so such
 * frames go to it. Both engines stay open; only human uses tfjs now.
 *
 * Thresholds from BlazeFace's eye keypoints on every face of face-api's six demo photos, at
 * 640x480 and 1920x1440 (46 detections): frontal to three-quarter faces have their eyes
 * 0.32–0.52 box widths apart and a mesh face score ≥ 0.998; the one profile 0.01–0.05, score
 * 0.0002–0.70. No face fell between 0.06 and 0.31.
 *
 * Measured with `npm run bench:vision`: see onnx-landmarks.ts; a profile costs human's price.
 */

/** Eyes closer than this (in box widths) are a turned head the eye line cannot level. */
export const MIN_EYE_DISTANCE = 0.25;
/**
 * Mesh face scores below this hand the frame to human. MediaPipe's face mesh drops a tracked
 * face below the same default (min_tracking_confidence 0.5):
 * https://github.com/google/mediapipe/blob/master/docs/solutions/face_mesh.md
 */
export const MIN_MESH_SCORE = 0.5;

/** Which engine measured a frame. */
export type LandmarkPath = 'mesh' | 'human';

export interface HybridResult extends FaceLandmarks {
  path: LandmarkPath;
}

export interface HybridLandmarkEngine extends LandmarkEngine {
  landmarks(frame: RgbFrame, face?: FaceRegion): Promise<HybridResult | null>;
}

/**
 * Opens both engines: the ONNX mesh from `resourcesDir/models`, human from `modelsDir`
 * (human's own folder by default). `finder` locates the face when a caller passes no box.
 */
export async function openHybridLandmarks(opts: {
  finder: FaceFinder;
  resourcesDir: string;
  modelsDir?: string;
}): Promise<HybridLandmarkEngine> {
  const mesh = await openOnnxLandmarks(opts);
  try {
    const human = await openHumanLandmarks({ modelsDir: opts.modelsDir });
    return new HybridLandmarks(mesh, human, opts.finder);
  } catch (error) {
    await mesh.close();
    throw error;
  }
}

/** Whether the detector saw both eyes far enough apart to level the face by them. */
export function levelable(face: FaceRegion): boolean {
  if (!face.eyes || face.width <= 0) return false;
  const { right, left } = face.eyes;
  return Math.hypot(left.x - right.x, left.y - right.y) / face.width >= MIN_EYE_DISTANCE;
}

/** Exported for tests of its routing; the pipeline opens it with openHybridLandmarks. */
export class HybridLandmarks implements HybridLandmarkEngine {
  readonly name = 'hybrid-onnx-mesh-human';
  private closed = false;

  constructor(
    private readonly mesh: TrackingLandmarkEngine,
    private readonly human: LandmarkEngine,
    private readonly finder: FaceFinder,
  ) {}

  async landmarks(frame: RgbFrame, face?: FaceRegion): Promise<HybridResult | null> {
    if (this.closed) throw new Error('The landmark engine is closed');
    const region = face ?? (await largestFace(this.finder, frame));
    if (!region) return null;
    // A face the mesh is tracking stays on it as it turns into profile (onnx-landmarks.ts).
    if (levelable(region) || this.mesh.tracks(region)) {
      const fast = await this.mesh.landmarks(frame, region);
      if (fast && fast.score >= MIN_MESH_SCORE) {
        return { points: fast.points, irisAvailable: fast.irisAvailable, path: 'mesh' };
      }
    }
    this.mesh.forget();
    const slow = await this.human.landmarks(frame, region);
    return slow && { ...slow, path: 'human' };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([this.mesh.close(), this.human.close()]);
  }
}
