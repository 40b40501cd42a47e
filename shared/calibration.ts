/**
 * A candidate's neutral head pose and gaze, recorded by the device check while they look at
 * the screen: later angles are measured against it, so a camera above or below eye level, or
 * a candidate sitting further back, is not "looking away" all interview. Geometry only (no
 * picture, no identity); stored with the session and re-applied when it resumes.
 */
import { z } from 'zod';

const angle = z.number().min(-90).max(90);
const gazeAxis = z.number().min(-1).max(1);

export const calibrationBaselineSchema = z.strictObject({
  /** Degrees, in face-signals.ts's convention (HeadPose). */
  yaw: angle,
  pitch: angle,
  roll: angle,
  /** Null when the landmark engine gave no irises during calibration. */
  gazeX: gazeAxis.nullable(),
  gazeY: gazeAxis.nullable(),
  /** How many frames the medians were taken over. */
  frames: z.number().int().min(1).max(10_000),
});

export type CalibrationBaseline = z.infer<typeof calibrationBaselineSchema>;

/** Why the device check cannot calibrate on the current picture; null when framing is fine. */
export type FramingProblem = 'no_face' | 'several_faces' | 'profile' | 'too_small';

/** What the candidate reads for each framing problem: one plain instruction. */
export const FRAMING_GUIDANCE: Record<FramingProblem, string> = {
  no_face: 'We can’t see your face. Sit in front of the camera.',
  several_faces: 'Only you should be in view.',
  profile: 'Face the screen.',
  too_small: 'Move closer.',
};

/** The device check's calibration as the candidate's page sees it. */
export interface CalibrationStatus {
  state: 'off' | 'framing' | 'recording' | 'done';
  /** The current framing problem, while framing. */
  problem: FramingProblem | null;
  /** 0–1: good frames recorded of those needed. */
  progress: number;
  /** How often it started over for want of good frames: after one, the candidate may skip. */
  retries: number;
}
