/**
 * Which camera and microphone the station uses. In order, the first that says anything wins:
 * 1. The environment (tests, demos, and start-up scripts that must override everything):
 *    - STATION_CAMERA_FILE: a video or image looped as the camera (demos and tests);
 *    - STATION_CAMERA_DEVICE: a camera by the platform's name for it (/dev/video0, an
 *      avfoundation index or name, a dshow name);
 *    - STATION_CAMERA=none: no camera (no recording, audio and video questions are skipped);
 *    - STATION_MIC_DEVICE: the ALSA device for the microphone ('pulse', 'default', 'none').
 * 2. The station settings `capture.camera` and `capture.microphone`, picked by an admin from
 *    the listed devices or pinned by IT's managed config. Read once at start: a change
 *    applies after a restart (the settings screen says so).
 * 3. What the machine has: the first V4L2 camera on Linux (elsewhere a setting names it);
 *    with a real camera, the system's default microphone. Windows has no default one for
 *    ffmpeg's dshow input, the recorder there: the first microphone Windows lists stands in.
 */
import path from 'node:path';
import { listCameras, type CameraSource } from '../capture/camera';
import { listCaptureDevices, type DeviceChoice } from '../capture/device-list';
import type { MicrophoneChoice } from '../capture/session-capture';
import { NO_DEVICE, type CaptureSettings } from '../settings/capture-settings';

export interface CaptureConfig {
  camera: CameraSource | null;
  microphone: MicrophoneChoice | null;
  /** One line for the start-up banner. */
  summary: string;
}

const NOT_SET: CaptureSettings = { camera: null, microphone: null };

export async function captureConfig(
  env: NodeJS.ProcessEnv = process.env,
  findCameras: typeof listCameras = listCameras,
  settings: CaptureSettings = NOT_SET,
  platform: NodeJS.Platform = process.platform,
  findMicrophones: () => Promise<DeviceChoice[]> = async () =>
    (await listCaptureDevices({ platform })).microphones,
): Promise<CaptureConfig> {
  let camera: CameraSource | null = null;
  let cameraFromSettings = false;
  if (env.STATION_CAMERA_FILE) {
    camera = { kind: 'file', path: path.resolve(env.STATION_CAMERA_FILE) };
  } else if (env.STATION_CAMERA_DEVICE) {
    camera = { kind: 'device', device: env.STATION_CAMERA_DEVICE };
  } else if (env.STATION_CAMERA === NO_DEVICE) {
    camera = null;
  } else if (settings.camera !== null) {
    cameraFromSettings = true;
    camera = settings.camera === NO_DEVICE ? null : { kind: 'device', device: settings.camera };
  } else {
    const [first] = await findCameras();
    if (first) camera = { kind: 'device', device: first.device };
  }
  const micSetting = env.STATION_MIC_DEVICE ?? settings.microphone;
  const micFrom = !env.STATION_MIC_DEVICE && settings.microphone ? ' (station settings)' : '';
  let microphone: MicrophoneChoice | null =
    micSetting && micSetting !== NO_DEVICE
      ? { device: micSetting }
      : !micSetting && camera?.kind === 'device'
        ? { device: 'default' }
        : null;
  if (platform === 'win32' && microphone?.device === 'default') {
    const [first] = await findMicrophones();
    microphone = first ? { device: first.device } : null;
  }
  const from = cameraFromSettings ? 'station settings; ' : '';
  const cameraText = !camera
    ? `no camera (${from}audio and video questions are skipped)`
    : camera.kind === 'file'
      ? `camera from file ${camera.path}`
      : `camera ${camera.device}${cameraFromSettings ? ' (station settings)' : ''}`;
  const micText = microphone ? `microphone ${microphone.device}` : 'no microphone';
  return {
    camera,
    microphone,
    summary: `Capture: ${cameraText}, ${micText}${micFrom}.`,
  };
}
