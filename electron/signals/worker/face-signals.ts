/*
 * Signals computed from the 478 face landmarks of landmarks.ts (MediaPipe order). Pure maths,
 * no model: eye aspect ratio, head pose, gaze, per-frame classification, and two streaming
 * trackers (blinks, eyes closed). Left and right always mean the candidate's own left and
 * right; image directions are said as such.
 *
 * No emotion inference, and nothing here should grow into it: it is banned for workplace use
 * in the EU (AI Act, Art. 5(1)(f)) and unreliable anyway. Every signal here is geometry.
 */

export type Point3 = readonly [number, number, number];
/** 478 points (468 mesh + 10 iris) in frame pixels; see FaceLandmarks in landmarks.ts. */
export type Landmarks = readonly Point3[];

export interface EyeAspectRatio {
  left: number;
  right: number;
  average: number;
}

/**
 * Degrees. yaw > 0: the face turns towards the image's right edge. pitch > 0: the face tilts
 * up. roll > 0: the face turns clockwise as seen in the image. All 0 for a face looking
 * straight into the camera.
 */
export interface HeadPose {
  pitch: number;
  yaw: number;
  roll: number;
}

/**
 * Where the irises sit inside the eyes, each axis in [-1, 1]: x > 0 towards the image's right
 * edge, y > 0 downwards; 0 is the middle of the eye.
 */
export interface Gaze {
  x: number;
  y: number;
}

export interface FaceSignals {
  ear: EyeAspectRatio;
  pose: HeadPose;
  /** Null when the engine gave no iris points. */
  gaze: Gaze | null;
}

export interface SignalThresholds {
  /** Average EAR above this: eyes open. */
  earOpen: number;
  /** Average EAR below this: a blink-depth dip. */
  earBlink: number;
  /** Average EAR below this: eyes closed (an event once it lasts `eyesClosedMs`). */
  earClosed: number;
  eyesClosedMs: number;
  /** A dip below `earBlink` is a blink when it lasts this many frames... */
  blinkMinFrames: number;
  /** ...up to this many; longer is a closure, not a blink. */
  blinkMaxFrames: number;
  /** Head pose beyond these (absolute degrees) counts as looking away or turned. */
  maxPitch: number;
  maxYaw: number;
  maxRoll: number;
  /**
   * The yaw bound once a session is calibrated, measured from the candidate's neutral pose.
   * Absolute yaw needs ±45° to absorb the camera's place and the mesh's per-face bias
   * (frontal faces in face-api's demo photos read -29° to +33°); from a baseline both are
   * gone, and a 30° turn is a real one (issue 17 asks it be reported).
   */
  calibratedMaxYaw: number;
  /** Gaze beyond these (absolute, in the [-1, 1] scale) counts as looking away. */
  maxGazeX: number;
  maxGazeY: number;
}

/**
 * PRODUCT.md's starting points, tunable per station. The gaze bounds are ours: the iris centre
 * travels about ±0.3 of the half-eye when looking at the screen's edges from 60 cm and about
 * ±0.5 at 40° off-screen, so 0.45 sits between; y is looser because the lids follow the eyes.
 */
export const DEFAULT_THRESHOLDS: SignalThresholds = {
  earOpen: 0.25,
  earBlink: 0.2,
  earClosed: 0.15,
  eyesClosedMs: 2000,
  blinkMinFrames: 1,
  blinkMaxFrames: 8,
  maxPitch: 30,
  maxYaw: 45,
  maxRoll: 20,
  calibratedMaxYaw: 30,
  maxGazeX: 0.45,
  maxGazeY: 0.6,
};

/** Mesh indices. The EAR six follow Soukupová & Čech (2016): corners p1/p4, lids p2/p3/p5/p6. */
const RIGHT_EYE = { corners: [33, 133], upper: [160, 158], lower: [144, 153], lids: [159, 145] };
const LEFT_EYE = { corners: [362, 263], upper: [385, 387], lower: [380, 373], lids: [386, 374] };
/** The candidate's right iris centre (in their right eye, 33–133), then the left (362–263). */
const IRIS_CENTRES = { right: 468, left: 473 } as const;
const FOREHEAD = 10;
const CHIN = 152;
/** Outer eye corners, image-left then image-right: the face's left-right axis. */
const EYE_OUTER = [33, 263] as const;

function at(points: Landmarks, index: number): Point3 {
  const point = points[index];
  if (!point) throw new Error(`Landmark ${index} is missing (got ${points.length} points)`);
  return point;
}

const dist2d = (a: Point3, b: Point3): number => Math.hypot(a[0] - b[0], a[1] - b[1]);

function eyeRatio(points: Landmarks, eye: typeof LEFT_EYE): number {
  const [p1, p4] = eye.corners.map((i) => at(points, i)) as [Point3, Point3];
  const [p2, p3] = eye.upper.map((i) => at(points, i)) as [Point3, Point3];
  const [p6, p5] = eye.lower.map((i) => at(points, i)) as [Point3, Point3];
  const width = dist2d(p1, p4);
  if (width === 0) return 0;
  return (dist2d(p2, p6) + dist2d(p3, p5)) / (2 * width);
}

/** Eye aspect ratio per eye, measured in the image plane: ~0.3 open, near 0 closed. */
export function eyeAspectRatio(points: Landmarks): EyeAspectRatio {
  const left = eyeRatio(points, LEFT_EYE);
  const right = eyeRatio(points, RIGHT_EYE);
  return { left, right, average: (left + right) / 2 };
}

type Vec = [number, number, number];
const sub = (a: Point3, b: Point3): Vec => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: Vec, b: Vec): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const scale = (a: Vec, k: number): Vec => [a[0] * k, a[1] * k, a[2] * k];
const unit = (a: Vec): Vec => scale(a, 1 / (Math.hypot(...a) || 1));
const cross = (a: Vec, b: Vec): Vec => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const degrees = (radians: number): number => (radians * 180) / Math.PI;

/**
 * Head pose from the face's own axes in 3D: left-right through the outer eye corners, down
 * from forehead (10) to chin (152), made orthogonal; the third axis points into the head.
 * Camera axes: x right, y down, z away from the camera; angles are the yaw-pitch-roll
 * (Y-X-Z) decomposition of that rotation, so roll is the eye-corner line's tilt in the image
 * once yaw and pitch are taken out. Exact on ideal points (the tests pose MediaPipe's
 * canonical face). On real faces yaw and pitch inherit the mesh's predicted depth and have
 * no ground truth here: the far eye corner is guessed past ~50° of yaw, and frontal faces in
 * face-api's demo photos read pitch -6° to -18° (chins tucked, or a bias of the mesh).
 */
export function headPose(points: Landmarks): HeadPose {
  const across = unit(sub(at(points, EYE_OUTER[1]), at(points, EYE_OUTER[0])));
  const downRaw = sub(at(points, CHIN), at(points, FOREHEAD));
  const down = unit(sub(downRaw, scale(across, dot(downRaw, across))));
  const back = cross(across, down);
  return {
    yaw: degrees(Math.atan2(-back[0], back[2])),
    pitch: degrees(Math.asin(Math.max(-1, Math.min(1, back[1])))),
    roll: degrees(Math.atan2(across[1], down[1])),
  };
}

const clamp1 = (v: number): number => Math.max(-1, Math.min(1, v));

function eyeGaze(points: Landmarks, eye: typeof LEFT_EYE, iris: number): Gaze {
  const [a, b] = eye.corners.map((i) => at(points, i)) as [Point3, Point3];
  const centre = at(points, iris);
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  if (length2 === 0) return { x: 0, y: 0 };
  // Along the corner line (0 at the image-left corner, 1 at the image-right one)...
  const along = ((centre[0] - a[0]) * dx + (centre[1] - a[1]) * dy) / length2;
  // ...and across it, between the lids, on the line's downward normal.
  const across = (p: Point3): number => ((p[1] - a[1]) * dx - (p[0] - a[0]) * dy) / length2;
  const [upper, lower] = eye.lids.map((i) => across(at(points, i))) as [number, number];
  const opening = lower - upper;
  const y = opening > 1e-6 ? (2 * (across(centre) - upper)) / opening - 1 : 0;
  return { x: clamp1(2 * along - 1), y: clamp1(y) };
}

/** Gaze from the iris centres' places between the eye corners and lids, averaged over eyes. */
export function gaze(points: Landmarks): Gaze {
  const right = eyeGaze(points, RIGHT_EYE, IRIS_CENTRES.right);
  const left = eyeGaze(points, LEFT_EYE, IRIS_CENTRES.left);
  return { x: (left.x + right.x) / 2, y: (left.y + right.y) / 2 };
}

/** All per-frame signals of one face; gaze only when the iris points are there. */
export function faceSignals(points: Landmarks): FaceSignals {
  return {
    ear: eyeAspectRatio(points),
    pose: headPose(points),
    gaze: points.length > IRIS_CENTRES.left ? gaze(points) : null,
  };
}

export interface FrameClass {
  eyesOpen: boolean;
  /** Blink-depth dip in this frame; BlinkCounter decides whether it was a blink. */
  blink: boolean;
  /** Closed in this frame; FaceTracking's interval decides whether it lasted long enough. */
  eyesClosed: boolean;
  lookingAway: boolean;
}

/** Thresholds one frame's signals; EAR values between blink and open are neither. */
export function classify(
  signals: FaceSignals,
  thresholds: SignalThresholds = DEFAULT_THRESHOLDS,
): FrameClass {
  const { ear, pose, gaze: eyes } = signals;
  const turned =
    Math.abs(pose.pitch) > thresholds.maxPitch ||
    Math.abs(pose.yaw) > thresholds.maxYaw ||
    Math.abs(pose.roll) > thresholds.maxRoll;
  const glancing =
    eyes !== null &&
    (Math.abs(eyes.x) > thresholds.maxGazeX || Math.abs(eyes.y) > thresholds.maxGazeY);
  return {
    eyesOpen: ear.average > thresholds.earOpen,
    blink: ear.average < thresholds.earBlink,
    eyesClosed: ear.average < thresholds.earClosed,
    lookingAway: turned || glancing,
  };
}

/**
 * Counts blinks in a stream of per-frame EAR values: a dip below the blink threshold for
 * `blinkMinFrames`–`blinkMaxFrames` frames that then recovers above the open threshold. Values
 * between the two thresholds neither count nor break a dip (hysteresis), so jitter around one
 * threshold is not a blink. The eyes must be seen open first, so a stream that starts closed,
 * or a face that is lost mid-dip (push null), never yields a blink.
 */
export class BlinkCounter {
  count = 0;
  private armed = false;
  private framesBelow = 0;

  constructor(private readonly thresholds: SignalThresholds = DEFAULT_THRESHOLDS) {}

  /** Feeds one frame's average EAR (null without a face); true when it completes a blink. */
  push(ear: number | null): boolean {
    if (ear === null || Number.isNaN(ear)) {
      this.armed = false;
      this.framesBelow = 0;
      return false;
    }
    if (ear < this.thresholds.earBlink) {
      if (this.armed) this.framesBelow += 1;
      return false;
    }
    if (ear <= this.thresholds.earOpen) return false;
    const below = this.framesBelow;
    const wasArmed = this.armed;
    this.armed = true;
    this.framesBelow = 0;
    const blinked =
      wasArmed &&
      below >= this.thresholds.blinkMinFrames &&
      below <= this.thresholds.blinkMaxFrames;
    if (blinked) this.count += 1;
    return blinked;
  }
}
