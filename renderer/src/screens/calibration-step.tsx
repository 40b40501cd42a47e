import { FRAMING_GUIDANCE } from '../../../shared/calibration';
import type { DeviceSnapshot } from './use-devices';

/**
 * The device check's calibration step: the candidate looks at the screen for a few seconds
 * while the station records how they normally sit, with one plain instruction when the
 * picture will not do (too far, someone else in view, turned away) and the progress.
 */
export function CalibrationStep({
  calibration,
  step,
  skipped,
  onSkip,
}: {
  calibration: DeviceSnapshot['calibration'];
  step: number;
  skipped: boolean;
  /** The candidate goes on without it: the session then measures angles as without one. */
  onSkip: () => void;
}) {
  const done = calibration.state === 'done';
  const percent = Math.round(calibration.progress * 100);
  const say = done
    ? '✓ Thank you, that’s done.'
    : calibration.problem
      ? FRAMING_GUIDANCE[calibration.problem]
      : calibration.state === 'recording'
        ? 'Keep looking at the screen…'
        : 'Getting ready…';
  return (
    <>
      <h2>{step}. Look at the screen</h2>
      <p>
        Sit as you will for the interview and look at the middle of the screen for a few seconds.
        The station notes how you normally sit, so that your seat or the camera’s place is not
        mistaken for looking away.
      </p>
      <progress
        className="calibration-progress"
        max={100}
        value={percent}
        aria-label="Looking at the screen"
      />
      <p role="status" className={done ? 'check-passed' : 'help'}>
        {skipped && !done ? 'Skipped. You can start the interview.' : say}
      </p>
      {/* Offered once it has started over: a candidate it cannot see well is never stuck. */}
      {!done && !skipped && calibration.retries > 0 && (
        <button type="button" onClick={onSkip}>
          Skip this step
        </button>
      )}
    </>
  );
}
