import type { SessionView } from '../state/candidate-store';
import { CameraPreview, LevelMeter } from './device-views';
import { useDevices } from './use-devices';

/**
 * While an audio or video answer records (main's devices do the recording): what the camera
 * sees, the microphone level, which take this is, and a retake while the policy allows.
 */
export function RecordingPanel(props: {
  view: SessionView;
  token: string;
  busy: boolean;
  onRetake: () => void;
}) {
  const { view } = props;
  const snapshot = useDevices(props.token);
  const video = view.question?.type === 'video';
  const take = view.take;
  return (
    <div className="recording-panel">
      {video && <CameraPreview snapshot={snapshot} />}
      <div className="recording-side">
        <p className="recording-badge" role="status">
          <span aria-hidden="true">●</span> Recording your {video ? 'video' : 'spoken'} answer
          {take && take.attempt > 1 ? ` (take ${take.attempt})` : ''}
        </p>
        <LevelMeter levelDb={snapshot?.levelDb ?? null} />
        <p className="help">Speak clearly, and submit when you have finished.</p>
        {take && take.retakesLeft > 0 && (
          <button type="button" disabled={props.busy} onClick={props.onRetake}>
            Start this answer again ({take.retakesLeft} {take.retakesLeft === 1 ? 'time' : 'times'}{' '}
            left)
          </button>
        )}
      </div>
    </div>
  );
}
