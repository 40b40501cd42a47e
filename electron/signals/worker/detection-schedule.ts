import type { DetectedFace } from './face-detector';

/**
 * The detector runs on one frame in DETECT_EVERY while the face mesh tracks a single face,
 * the way MediaPipe's face mesh graph runs its detector only to find a face it is not
 * tracking yet: between detections the previous frame's landmarks give the mesh its crop
 * (onnx-landmarks.ts), and the face count stands as last detected. The detector runs again
 * at once on the frame after the track is lost (the candidate left or turned away), when
 * the last detection found no face or several, and every DETECT_EVERY frames so a second
 * person walking in is found within that many frames (200 ms at 15 fps).
 * https://github.com/google/mediapipe/blob/master/mediapipe/graphs/face_mesh/face_mesh_desktop_live.pbtxt
 */
export const DETECT_EVERY = 3;

export class DetectionSchedule {
  private last: DetectedFace[] = [];
  private sinceDetection = 0;
  private tracked = false;

  /** `every` 1 detects on every frame; so does a pipeline without landmarks to track with. */
  constructor(private readonly every: number) {}

  /** The faces of this frame: detected, or the last detection's while the track holds. */
  async faces(detect: () => Promise<DetectedFace[]>): Promise<DetectedFace[]> {
    const reuse = this.tracked && this.last.length === 1 && this.sinceDetection < this.every;
    if (reuse) {
      this.sinceDetection += 1;
      return this.last;
    }
    this.last = await detect();
    this.sinceDetection = 1;
    return this.last;
  }

  /** Whether this frame's landmarks found the face: a lost track detects on the next frame. */
  landmarksFound(found: boolean): void {
    this.tracked = found;
  }
}
