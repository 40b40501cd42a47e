/**
 * What the candidate reads when a device fails during the device check. Candidates cannot
 * fix a missing ffmpeg or a busy camera, so every sentence is plain and sends them to staff;
 * the technical code stays in the station log and diagnostics (see `deviceProblemLog`).
 */
import { CameraError, type CameraErrorCode } from './camera-errors';
import { MicrophoneError, type MicrophoneErrorCode } from './microphone';

const ASK_STAFF = 'Please ask a member of staff for help.';

const CAMERA_SENTENCES: Record<CameraErrorCode | 'unknown', string> = {
  no_camera: 'We can’t find the camera on this station.',
  camera_busy: 'The camera is being used by another program on this station.',
  camera_denied: 'This station is not allowed to use its camera.',
  // A missing ffmpeg or a failed recording file is the station's set-up, not the camera.
  ffmpeg_missing: 'The camera can’t be started because of a problem with this station’s setup.',
  file_missing: 'The camera can’t be started because of a problem with this station’s setup.',
  recording_failed: 'The camera started but its picture can’t be saved on this station.',
  start_timeout: 'The camera did not respond in time.',
  ffmpeg_exited: 'The camera stopped working.',
  unknown: 'The camera is not working right now.',
};

const MICROPHONE_SENTENCES: Record<MicrophoneErrorCode | 'unknown', string> = {
  'no-device': 'We can’t find the microphone on this station.',
  'device-busy': 'The microphone is being used by another program on this station.',
  'recorder-missing':
    'The microphone can’t be started because of a problem with this station’s setup.',
  'unsupported-recorder':
    'The microphone can’t be started because of a problem with this station’s setup.',
  'no-audio': 'The microphone is connected but we can’t hear any sound from it.',
  'stream-ended': 'The microphone stopped working.',
  unknown: 'The microphone is not working right now.',
};

/** The candidate's sentence for a camera failure (no code, no device path). */
export function cameraProblem(error: unknown): string {
  return CAMERA_SENTENCES[error instanceof CameraError ? error.code : 'unknown'];
}

/** The candidate's sentence for a microphone failure (no code, no device name). */
export function microphoneProblem(error: unknown): string {
  return MICROPHONE_SENTENCES[error instanceof MicrophoneError ? error.code : 'unknown'];
}

/** The problems as shown to the candidate: each sentence, then once where to get help. */
export function forCandidate(...sentences: string[]): string {
  return [...sentences, ASK_STAFF].join(' ');
}

/** The line for the station log: the code staff and IT search for, and the full message. */
export function deviceProblemLog(device: 'camera' | 'microphone', error: unknown): string {
  const code =
    error instanceof CameraError || error instanceof MicrophoneError ? error.code : 'unknown';
  const message = error instanceof Error ? error.message : String(error);
  return `${device} (${code}): ${message}`;
}
