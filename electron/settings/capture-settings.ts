/**
 * The station settings that name the camera and the microphone. Their values are device
 * names an admin picks from the station's own list (settings.devices), never a file: the
 * shapes below refuse anything that could point ffmpeg or arecord at a path on the station
 * (recorded files as a camera are for demos and tests, through STATION_CAMERA_FILE only).
 */
import { z } from 'zod';
import type { Db } from '../../db/open';
import { readSetting } from '../core/setting-store';

/** No device at all: audio and video questions are skipped. */
export const NO_DEVICE = 'none';

/**
 * A camera: `none`; a V4L2 node (`/dev/video0`, the only path allowed); or an avfoundation
 * or dshow name as ffmpeg lists it. Names carry no slash, backslash, colon (avfoundation's
 * video:audio separator), quote or control character, so they cannot reach into a folder;
 * v4l2 refuses a bare name that is not a capture device.
 */
export const cameraSettingSchema = z
  .string()
  .max(120)
  .refine(
    (value) =>
      value === NO_DEVICE ||
      /^\/dev\/video\d{1,3}$/.test(value) ||
      // eslint-disable-next-line no-control-regex -- control characters are what is refused
      /^[^/\\:"\u0000-\u001f.\s][^/\\:"\u0000-\u001f]*$/.test(value),
    'Use a camera from the list.',
  );

/**
 * A microphone: `none`, `default`, or an ALSA PCM name as `arecord -L` prints it
 * (`pulse`, `plughw:CARD=USB,DEV=0`). ALSA names have no slashes, so no file can be named.
 */
export const microphoneSettingSchema = z
  .string()
  .max(100)
  .regex(/^[A-Za-z][\w-]*(:[\w=,.-]+)?$/, 'Use a microphone from the list.');

/** The capture settings as stored; null: not set (the station chooses). */
export interface CaptureSettings {
  camera: string | null;
  microphone: string | null;
}

/**
 * The capture settings, read once at start (after IT's managed config is applied). A stored
 * value that no longer passes its check is ignored rather than handed to ffmpeg.
 */
export function readCaptureSettings(db: Db): CaptureSettings {
  const camera = cameraSettingSchema.safeParse(readSetting<unknown>(db, 'capture.camera'));
  const microphone = microphoneSettingSchema.safeParse(
    readSetting<unknown>(db, 'capture.microphone'),
  );
  return {
    camera: camera.success ? camera.data : null,
    microphone: microphone.success ? microphone.data : null,
  };
}
