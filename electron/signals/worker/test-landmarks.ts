/**
 * Test tooling: synthetic 478-point landmark sets with eyes open to a given height and heads
 * posed at known angles, for the signal maths and the tracking built on it.
 */
import type { Point3 } from './face-signals';

export type Mutable = [number, number, number][];

/** 478 points at the origin, with the given ones placed. */
export function landmarks(placed: Record<number, Point3>, count = 478): Mutable {
  const points: Mutable = Array.from({ length: count }, () => [0, 0, 0]);
  for (const [index, point] of Object.entries(placed)) points[Number(index)] = [...point];
  return points;
}

/**
 * An eye 40 px wide with lids `opening` px apart and the iris at `iris` (relative to the
 * image-left corner), the EAR six, corners and lids placed as the mesh places them.
 */
export function eye(
  ids: { left: number; right: number; upper: number[]; lower: number[]; lids: number[] },
  x0: number,
  opening: number,
  iris?: { index: number; at: [number, number] },
): Record<number, Point3> {
  const y0 = 200;
  const placed: Record<number, Point3> = { [ids.left]: [x0, y0, 0], [ids.right]: [x0 + 40, y0, 0] };
  ids.upper.forEach((i, k) => (placed[i] = [x0 + 13 + 14 * k, y0 - opening / 2, 0]));
  ids.lower.forEach((i, k) => (placed[i] = [x0 + 13 + 14 * k, y0 + opening / 2, 0]));
  const [upperLid = 0, lowerLid = 0] = ids.lids;
  placed[upperLid] = [x0 + 20, y0 - opening / 2, 0];
  placed[lowerLid] = [x0 + 20, y0 + opening / 2, 0];
  if (iris) placed[iris.index] = [x0 + iris.at[0], y0 + iris.at[1], 0];
  return placed;
}

// The candidate's right eye is on the image's left: outer corner 33, inner 133.
export const RIGHT = {
  left: 33,
  right: 133,
  upper: [160, 158],
  lower: [144, 153],
  lids: [159, 145],
};
export const LEFT = {
  left: 362,
  right: 263,
  upper: [385, 387],
  lower: [380, 373],
  lids: [386, 374],
};

/**
 * Four points of MediaPipe's canonical face model (mediapipe/modules/face_geometry/data/
 * canonical_face_model.obj, cm, y up, z towards the camera): outer eye corners, forehead, chin.
 */
const CANONICAL: Record<number, Point3> = {
  33: [-4.445859, 2.663991, 3.173422],
  263: [4.445859, 2.663991, 3.173422],
  10: [0, 8.261778, 4.481535],
  152: [0, -9.403378, 4.264492],
};

/** The canonical face posed in camera pixels (x right, y down, z away), yaw-pitch-roll. */
export function posedFace(yaw: number, pitch: number, roll: number): Mutable {
  const rad = Math.PI / 180;
  // Roll first, then pitch, then yaw: R = Ry(-yaw)·Rx(-pitch)·Rz(roll) in camera axes, the
  // minus signs because +yaw turns the face to the image right and +pitch tilts it up.
  const [cy, sy] = [Math.cos(-yaw * rad), Math.sin(-yaw * rad)];
  const [cp, sp] = [Math.cos(-pitch * rad), Math.sin(-pitch * rad)];
  const [cr, sr] = [Math.cos(roll * rad), Math.sin(roll * rad)];
  const placed: Record<number, Point3> = {};
  for (const [index, [x, y, z]] of Object.entries(CANONICAL)) {
    let p: [number, number, number] = [x * 30, -y * 30, -z * 30];
    p = [cr * p[0] - sr * p[1], sr * p[0] + cr * p[1], p[2]];
    p = [p[0], cp * p[1] - sp * p[2], sp * p[1] + cp * p[2]];
    p = [cy * p[0] + sy * p[2], p[1], -sy * p[0] + cy * p[2]];
    placed[Number(index)] = [320 + p[0], 240 + p[1], p[2]];
  }
  return landmarks(placed);
}
