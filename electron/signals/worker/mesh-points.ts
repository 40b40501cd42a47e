/*
 * What the face mesh and iris models' outputs mean, shared by both engines that run them
 * (mesh-landmarks.ts on tfjs, onnx-landmarks.ts on onnxruntime): the result types, where each
 * eye's crop goes, and how model points map back to frame pixels. No model runs here.
 */
import type { DetectedFace } from './face-detector';
import { eyeRoi, toFrame, type Roi } from './face-crop';
import type { FaceLandmarks, FaceRegion, LandmarkEngine, RgbFrame } from '../../../shared/frames';

export type Point = [number, number, number];

export const MESH_POINTS = 468;
/** 71 refined eye-region points, then 5 iris points (centre first), each x, y, z. */
export const IRIS_MODEL_POINTS = 76;
/**
 * The mesh model's own face score (a sigmoid); below it the crop holds no face. human uses
 * the same bar for this model (its face.detector.minConfidence in landmarks.ts).
 */
export const MIN_FACE_SCORE = 0.2;

/**
 * The iris model's eye-contour points per eye, which come before its 5 iris points. MediaPipe
 * writes them over 71 mesh points (update_face_landmarks_calculator.cc in
 * mediapipe/graphs/iris_tracking); the engines keep the mesh's own.
 */
const EYE_CONTOUR_POINTS = 71;
/**
 * Per eye: the corners its crop is placed on (image-left first), whether the crop is mirrored
 * (the iris model is trained on the image-left eye; MediaPipe mirrors the other one), and the
 * upper and lower lid middles whose depth the iris takes, since its own depth is unreliable.
 */
export const EYES = [
  { corners: [33, 133], flip: false, lids: [159, 145] },
  { corners: [362, 263], flip: true, lids: [386, 374] },
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

/**
 * The largest face the finder sees, with its eyes, as MediaPipe (and the pipeline) picks the
 * primary face; for callers that pass no box.
 */
export async function largestFace(finder: FaceFinder, frame: RgbFrame): Promise<FaceRegion | null> {
  const [largest] = (await finder.detect(frame)).sort((a, b) => b.box.width - a.box.width);
  if (!largest) return null;
  const { rightEye, leftEye } = largest.keypoints;
  return { ...largest.box, eyes: { right: rightEye, left: leftEye } };
}

/** The 468 mesh points of a `size`-pixel crop of `roi`, in frame pixels. */
export function meshToFrame(raw: ArrayLike<number>, roi: Roi, size: number): Point[] {
  // z comes in the crop's pixels, like x and y: scaled alike, the points keep their 3D shape.
  const zScale = roi.size / size;
  const points: Point[] = [];
  for (let i = 0; i < MESH_POINTS; i++) {
    const [x, y] = toFrame(roi, size, raw[i * 3] ?? 0, raw[i * 3 + 1] ?? 0);
    points.push([x, y, (raw[i * 3 + 2] ?? 0) * zScale]);
  }
  return points;
}

/** Each eye's crop (EYES order), placed on the mesh's eye corners. */
export function eyeRois(points: Point[]): Roi[] {
  const at = (i: number) => {
    const [x = 0, y = 0] = points[i] ?? [];
    return { x, y };
  };
  return EYES.map((eye) => eyeRoi(at(eye.corners[0]), at(eye.corners[1])));
}

/** Where the 5 iris points sit in the iris model's output for one eye. */
export interface IrisLayout {
  perEye: number;
  first: number;
}
/** human's iris model: 71 eye-contour points, then the 5 iris points. */
export const FULL_IRIS: IrisLayout = { perEye: IRIS_MODEL_POINTS, first: EYE_CONTOUR_POINTS };

/**
 * The 10 iris points from the iris model's batch of both eyes, image-left eye first, at the
 * depth of the eye's lids.
 */
export function irisToFrame(
  raw: ArrayLike<number>,
  rois: Roi[],
  size: number,
  points: Point[],
  layout: IrisLayout = FULL_IRIS,
): Point[] {
  const irises: Point[] = [];
  EYES.forEach((eye, k) => {
    const roi = rois[k] as Roi;
    const base = k * layout.perEye * 3;
    const z = ((points[eye.lids[0]]?.[2] ?? 0) + (points[eye.lids[1]]?.[2] ?? 0)) / 2;
    for (let j = layout.first; j < layout.first + 5; j++) {
      const [x, y] = toFrame(
        roi,
        size,
        raw[base + j * 3] ?? 0,
        raw[base + j * 3 + 1] ?? 0,
        eye.flip,
      );
      irises.push([x, y, z]);
    }
  });
  return irises;
}
