/**
 * The signal worker's calibration mode (signal-worker.ts): the detector and landmark engine
 * the session will use, so the baseline is measured exactly as later angles are.
 */
import { CalibrationSession } from './calibration-session';
import { FaceDetector } from './face-detector';
import { openHybridLandmarks } from './hybrid-landmarks';
import type { FromWorker, ToWorker } from './signal-messages';

/** Opens the models and returns the handler of the device check's messages. */
export async function openCalibration(
  resourcesDir: string,
  post: (message: FromWorker) => void,
): Promise<(message: ToWorker) => Promise<void>> {
  const faces = await FaceDetector.open(resourcesDir);
  const landmarks = await openHybridLandmarks({ finder: faces, resourcesDir });
  const session = new CalibrationSession(faces, landmarks);
  return async (message) => {
    // Only frames: the device check ends calibration by terminating the worker.
    if (message.type !== 'frame') return;
    const report = await session.frame({
      data: new Uint8Array(message.data),
      width: message.width,
      height: message.height,
    });
    post({ type: 'calibration', ...report });
  };
}
