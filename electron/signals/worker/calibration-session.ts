/**
 * The device check's calibration in the signal worker: each frame goes through the framing
 * check, then the landmarks, into the calibrator. When too many frames pass without enough
 * good ones it starts over, so a candidate who moved closer or turned back to the screen
 * calibrates without pressing anything; the status says what to do meanwhile.
 */
import type { CalibrationBaseline, CalibrationStatus } from '../../../shared/calibration';
import type { LandmarkEngine, RgbFrame } from '../../../shared/frames';
import {
  Calibrator,
  DEFAULT_CALIBRATION,
  framingProblem,
  poseProblem,
  type CalibrationOptions,
} from './calibration';
import type { FaceDetector } from './face-detector';
import { faceSignals } from './face-signals';

export interface CalibrationReport {
  status: CalibrationStatus;
  /** Set once, on the frame that completed the calibration. */
  baseline: CalibrationBaseline | null;
}

export class CalibrationSession {
  private calibrator: Calibrator;
  private baseline: CalibrationBaseline | null = null;
  private failures = 0;

  constructor(
    private readonly faces: Pick<FaceDetector, 'detect'>,
    private readonly landmarks: LandmarkEngine,
    private readonly options: CalibrationOptions = DEFAULT_CALIBRATION,
  ) {
    this.calibrator = new Calibrator(options);
  }

  async frame(frame: RgbFrame): Promise<CalibrationReport> {
    if (this.baseline) return { status: this.status(null), baseline: null };
    const found = await this.faces.detect(frame);
    let problem = framingProblem(found, frame);
    const [face] = found;
    if (!problem && face) {
      const region = {
        ...face.box,
        eyes: { right: face.keypoints.rightEye, left: face.keypoints.leftEye },
      };
      const result = await this.landmarks.landmarks(frame, region);
      const signals = result ? faceSignals(result.points) : null;
      problem = signals ? poseProblem(signals) : 'no_face';
      this.calibrator.push(problem ? null : signals);
    } else {
      this.calibrator.push(null);
    }
    if (this.calibrator.done) {
      this.baseline = this.calibrator.baseline();
      return { status: this.status(null), baseline: this.baseline };
    }
    if (this.calibrator.failed) {
      // Too few good frames in the window: start over rather than average a restless minute.
      this.failures += 1;
      this.calibrator = new Calibrator(this.options);
    }
    return { status: this.status(problem), baseline: null };
  }

  private status(problem: CalibrationStatus['problem']): CalibrationStatus {
    const retries = this.failures;
    if (this.baseline) return { state: 'done', problem: null, progress: 1, retries };
    const progress = Math.round(this.calibrator.progress * 100) / 100;
    if (problem) return { state: 'framing', problem, progress, retries };
    return { state: 'recording', problem: null, progress, retries };
  }
}
