/**
 * Frames and face landmarks as they travel from the camera (capture/) through the signal
 * worker (signals/worker/) to the analyzer and the analyze command: one home for their shapes.
 * Types only; imports nothing.
 */

/** A packed rgb24 frame, row after row, as ffmpeg `-pix_fmt rgb24` writes it. */
export interface RgbFrame {
  data: Uint8Array;
  width: number;
  height: number;
}

/** A frame with its time: session-clock milliseconds live, milliseconds from a file's start. */
export interface StampedFrame extends RgbFrame {
  tMs: number;
}

/** A point in pixels of the analysed frame. */
export interface Point {
  x: number;
  y: number;
}

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Where the caller's detector found the face: its box and, when known, its eye centres (the
 * candidate's right eye is on the image's left). An engine may use the eyes to level the face.
 */
export interface FaceRegion extends FaceBox {
  eyes?: { right: { x: number; y: number }; left: { x: number; y: number } };
}

export interface FaceLandmarks {
  /**
   * 478 points in MediaPipe's order: the face mesh (0–467), then the iris of the candidate's
   * right eye (the eye at 33–133; 468 centre, 469–472 around it) and of their left eye (the
   * eye at 362–263; 473 centre, 474–477). x and y are pixels of the frame; z is depth
   * relative to the face in the same pixel scale, negative towards the camera.
   */
  points: [number, number, number][];
  irisAvailable: boolean;
}

/**
 * A landmark model: human here, the faster mesh engine (mesh-landmarks.ts), or the pipeline's
 * hybrid of the two (hybrid-landmarks.ts), which sends profiles here.
 */
export interface LandmarkEngine {
  name: string;
  /**
   * Landmarks of the primary face, or null when there is no face. With `face`, only the area
   * around that box is searched, so the caller decides which face is the primary one.
   */
  landmarks(frame: RgbFrame, face?: FaceRegion): Promise<FaceLandmarks | null>;
  close(): Promise<void>;
}
