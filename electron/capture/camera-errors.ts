/** Why the camera could not start or stopped by itself; the station maps each to a clear screen. */
export type CameraErrorCode =
  | 'ffmpeg_missing'
  | 'file_missing'
  | 'no_camera'
  | 'camera_busy'
  | 'camera_denied'
  | 'recording_failed'
  | 'start_timeout'
  | 'ffmpeg_exited';

/** A camera failure; `detail` holds ffmpeg's last stderr line when there is one. */
export class CameraError extends Error {
  constructor(
    readonly code: CameraErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'CameraError';
  }
}

/** What the failed run was reading, so the same stderr line can be named for the person. */
export type FailedInput = { kind: 'file'; path: string } | { kind: 'device'; device: string };

// ffmpeg reports device problems through the OS error text (v4l2: strerror; avfoundation and
// dshow: their own phrases), so the patterns are those texts, checked most specific first.
const DEVICE_PATTERNS: [RegExp, CameraErrorCode][] = [
  [/Device or resource busy|Could not run graph|already in use|in use by another/i, 'camera_busy'],
  [/Permission denied|not authorized|Operation not permitted|access denied/i, 'camera_denied'],
  [
    /No such file or directory|No such device|Inappropriate ioctl|Not a video capture device|Video device not found|Could not find video device|Invalid device index/i,
    'no_camera',
  ],
];

/**
 * Turns the end of a failed ffmpeg run into a CameraError. `stderr` is its last lines, oldest
 * first; `exit` says how it ended, for the generic case.
 */
export function classifyFailure(input: FailedInput, stderr: string[], exit: string): CameraError {
  const last = stderr.at(-1);
  const all = stderr.join('\n');
  if (input.kind === 'file' && all.includes(`${input.path}: No such file or directory`)) {
    return new CameraError('file_missing', `The video file ${input.path} does not exist.`, last);
  }
  if (input.kind === 'device') {
    for (const [pattern, code] of DEVICE_PATTERNS) {
      if (pattern.test(all)) return deviceError(code, input.device, last);
    }
  }
  if (/already exists/.test(all)) {
    return new CameraError('recording_failed', `The recording file already exists.`, last);
  }
  const because = last ? `: ${last}` : '';
  return new CameraError('ffmpeg_exited', `ffmpeg ${exit}${because}`, last);
}

/** The message for a device-level failure, naming the device. */
export function deviceError(code: CameraErrorCode, device: string, detail?: string): CameraError {
  const messages: Partial<Record<CameraErrorCode, string>> = {
    no_camera: `No camera found at ${device}.`,
    camera_busy: `The camera ${device} is in use by another program.`,
    camera_denied: `This station is not allowed to use the camera ${device}.`,
  };
  return new CameraError(code, messages[code] ?? `The camera ${device} failed.`, detail);
}
