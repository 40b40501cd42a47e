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
// eslint-disable-next-line no-control-regex -- control characters are what is refused
const CAMERA_NAME = /^[^/\\:"\u0000-\u001f.\s][^/\\:"\u0000-\u001f]*$/;
const V4L2_NODE = /^\/dev\/video\d{1,3}$/;

/** The same check as one pattern, for the managed config's JSON Schema (managed-config-schema.ts). */
export const cameraNamePattern = `^(?:${NO_DEVICE}|${V4L2_NODE.source.slice(1, -1)}|${CAMERA_NAME.source.slice(1, -1)})$`;

export const cameraSettingSchema = z
  .string()
  .max(120)
  .refine(
    (value) => value === NO_DEVICE || V4L2_NODE.test(value) || CAMERA_NAME.test(value),
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
