/**
 * Which camera and microphone the station uses, from its environment (the managed start-up
 * script sets these), else what the machine has:
 * - STATION_CAMERA_FILE: a video or image looped as the camera (demos and tests);
 * - STATION_CAMERA_DEVICE: a camera by the platform's name for it (/dev/video0, an
 *   avfoundation index, a dshow name);
 * - STATION_CAMERA=none: no camera (no recording, audio and video questions are skipped);
 * - otherwise the first V4L2 camera on Linux (elsewhere IT names the device).
 * - STATION_MIC_DEVICE: the ALSA device for the microphone ('pulse', 'default', 'none');
 *   with a real camera and no setting, the system's default microphone.
 */
import path from 'node:path';
import { listCameras, type CameraSource } from '../capture/camera';
import type { MicrophoneChoice } from '../capture/session-capture';

export interface CaptureConfig {
  camera: CameraSource | null;
  microphone: MicrophoneChoice | null;
  /** One line for the start-up banner. */
  summary: string;
}

export async function captureConfig(
  env: NodeJS.ProcessEnv = process.env,
  findCameras: typeof listCameras = listCameras,
): Promise<CaptureConfig> {
  let camera: CameraSource | null = null;
  if (env.STATION_CAMERA_FILE) {
    camera = { kind: 'file', path: path.resolve(env.STATION_CAMERA_FILE) };
  } else if (env.STATION_CAMERA_DEVICE) {
    camera = { kind: 'device', device: env.STATION_CAMERA_DEVICE };
  } else if (env.STATION_CAMERA !== 'none') {
    const [first] = await findCameras();
    if (first) camera = { kind: 'device', device: first.device };
  }
  const micSetting = env.STATION_MIC_DEVICE;
  const microphone: MicrophoneChoice | null =
    micSetting && micSetting !== 'none'
      ? { device: micSetting }
      : !micSetting && camera?.kind === 'device'
        ? { device: 'default' }
        : null;
  const cameraText = !camera
    ? 'no camera (audio and video questions are skipped)'
    : camera.kind === 'file'
      ? `camera from file ${camera.path}`
      : `camera ${camera.device}`;
  const micText = microphone ? `microphone ${microphone.device}` : 'no microphone';
  return { camera, microphone, summary: `Capture: ${cameraText}, ${micText}.` };
}
