import type { DeviceSnapshot } from './use-devices';

// The meter spans the levels speech reaches: -60 dBFS is a quiet room, -10 loud speech.
const FLOOR_DB = -60;
const CEILING_DB = -10;

/** The microphone level as a bar, readable by screen readers as a meter. */
export function LevelMeter({ levelDb }: { levelDb: number | null }) {
  const level = levelDb === null ? FLOOR_DB : Math.max(FLOOR_DB, Math.min(CEILING_DB, levelDb));
  const percent = Math.round(((level - FLOOR_DB) / (CEILING_DB - FLOOR_DB)) * 100);
  return (
    <div
      className="level-meter"
      role="meter"
      aria-label="Microphone level"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={levelDb === null ? 'No sound' : `${percent}%`}
    >
      <div className="level-meter-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}

/** The live camera picture from main; a calm placeholder while there is none. */
export function CameraPreview({ snapshot }: { snapshot: DeviceSnapshot | null }) {
  if (snapshot?.preview) {
    return (
      <img className="camera-preview" src={snapshot.preview} alt="What the station’s camera sees" />
    );
  }
  const state = snapshot?.camera ?? 'starting';
  return (
    <div className="camera-preview camera-preview-empty" role="img" aria-label="No camera picture">
      {state === 'reconnecting'
        ? 'Reconnecting the camera…'
        : state === 'failed'
          ? 'The camera is not working.'
          : 'Starting the camera…'}
    </div>
  );
}
