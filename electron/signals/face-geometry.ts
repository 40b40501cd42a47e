import type { DetectedFace, Point } from './face-detector';

/**
 * In-plane head roll in degrees, from the angle of the line from the right eye to the left eye.
 * 0 = eyes level; positive = the head is turned clockwise on screen (the left eye, on the image's
 * right, sits lower than the right eye); range (-180, 180].
 */
export function rollDegrees(face: Pick<DetectedFace, 'keypoints'>): number {
  const { rightEye, leftEye } = face.keypoints;
  // Image y grows downwards, so atan2 of screen coordinates already measures clockwise.
  return (Math.atan2(leftEye.y - rightEye.y, leftEye.x - rightEye.x) * 180) / Math.PI;
}

/** The centre of the face's box, in frame pixels. */
export function faceCentre(face: Pick<DetectedFace, 'box'>): Point {
  const { x, y, width, height } = face.box;
  return { x: x + width / 2, y: y + height / 2 };
}
