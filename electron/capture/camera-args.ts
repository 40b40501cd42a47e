/**
 * The ffmpeg command line of the camera: one input, one filter graph split into the analysis
 * frames, the preview and the recording.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { recordingOutputArgs } from './recording';

/** A real camera, named the way the platform's ffmpeg input device names it. */
export interface DeviceSource {
  kind: 'device';
  /** Linux: `/dev/video0`; macOS: the avfoundation index or name; Windows: the dshow name. */
  device: string;
}

/** A video or image played in a loop in real time, standing in for a camera. */
export interface FileSource {
  kind: 'file';
  path: string;
}

export type CameraSource = DeviceSource | FileSource;

export interface CaptureFormat {
  width: number;
  height: number;
  fps: number;
  previewFps: number;
}

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.bmp', '.webp']);

/** ffmpeg input options for a source on the given platform. */
export function inputArgs(
  source: CameraSource,
  format: CaptureFormat,
  platform: NodeJS.Platform = process.platform,
  dshowAudio: string | null = null,
): string[] {
  if (source.kind === 'file') {
    // -re paces reading at the media's own rate, so a file behaves like a live camera.
    if (IMAGE_EXTENSIONS.has(path.extname(source.path).toLowerCase())) {
      return ['-re', '-loop', '1', '-framerate', String(format.fps), '-i', source.path];
    }
    return ['-re', '-stream_loop', '-1', '-i', source.path];
  }
  const size = `${format.width}x${format.height}`;
  switch (platform) {
    case 'linux':
      // The driver picks the nearest mode it has if it lacks this one; the graph rescales.
      return [
        '-f',
        'v4l2',
        '-framerate',
        String(format.fps),
        '-video_size',
        size,
        '-i',
        source.device,
      ];
    case 'darwin':
      // avfoundation refuses a rate the device does not list, and 30 is the one every Mac
      // camera lists; the graph's fps filter brings it down. "none" = no audio device.
      return [
        '-f',
        'avfoundation',
        '-framerate',
        '30',
        '-video_size',
        size,
        '-i',
        `${source.device}:none`,
      ];
    case 'win32':
      return [
        '-f',
        'dshow',
        '-framerate',
        String(format.fps),
        '-video_size',
        size,
        '-i',
        // One dshow input for both: the picture and the microphone come with the same clock.
        dshowAudio ? `video=${source.device}:audio=${dshowAudio}` : `video=${source.device}`,
      ];
    default:
      throw new Error(`No camera input for platform ${platform}`);
  }
}

/** Where the recording goes, and whether the microphone's track is muxed into it. */
export interface RecordingTarget {
  file: string;
  /** Raw 16 kHz mono s16le PCM arrives on pipe:4 (see paced-audio.ts). */
  audio: boolean;
  /**
   * Windows: the microphone's dshow name, opened by the camera's own input instead of a pipe
   * (ffmpeg stops cleanly there only on 'q' from stdin, which it ignores once an input is a
   * pipe). Ignored elsewhere and for file cameras.
   */
  dshowAudio?: string | null;
}

/** The ffmpeg input of the microphone's track: raw PCM on fd 4, opened without probing. */
export const AUDIO_PIPE_FD = 4;
const audioInputArgs = [
  '-f',
  's16le',
  '-ar',
  '16000',
  '-ac',
  '1',
  '-thread_queue_size',
  '1024',
  '-probesize',
  '32',
  '-analyzeduration',
  '0',
  '-i',
  `pipe:${AUDIO_PIPE_FD}`,
];

/**
 * The whole argument list. Outputs: raw rgb24 frames on pipe:1 (stdout), MJPEG preview on
 * pipe:3, and, when `recording` is set, the recording (with the microphone's track when
 * `recording.audio`, read as ffmpeg's second input).
 */
export function cameraArgs(
  source: CameraSource,
  format: CaptureFormat,
  recording: RecordingTarget | null,
  platform: NodeJS.Platform = process.platform,
): string[] {
  const recordingFile = recording?.file ?? null;
  const { width, height, fps, previewFps } = format;
  const dshowAudio =
    recordingFile && platform === 'win32' && source.kind === 'device'
      ? (recording?.dshowAudio ?? null)
      : null;
  const piped = Boolean(recording?.audio) && !dshowAudio;
  const audioInput = dshowAudio ? 0 : piped ? 1 : null;
  const branches = recordingFile ? 3 : 2;
  // One fps + scale for all three, so frame i of the analysis stream is frame i of the
  // recording; letterboxed so faces keep their shape.
  const graph = [
    `[0:v]fps=${fps},scale=${width}:${height}:force_original_aspect_ratio=decrease,` +
      `pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2,setsar=1,split=${branches}[a][p]` +
      (recordingFile ? '[r]' : ''),
    '[a]format=rgb24[frames]',
    // The mjpeg encoder wants full-range YUV.
    `[p]fps=${previewFps},format=yuvj420p[preview]`,
    ...(recordingFile ? ['[r]format=yuv420p[recording]'] : []),
  ].join(';');
  return [
    '-hide_banner',
    '-nostats',
    '-loglevel',
    'error',
    ...inputArgs(source, format, platform, dshowAudio),
    ...(piped ? audioInputArgs : []),
    '-filter_complex',
    graph,
    '-map',
    '[frames]',
    '-f',
    'rawvideo',
    'pipe:1',
    '-map',
    '[preview]',
    '-c:v',
    'mjpeg',
    '-q:v',
    '5',
    '-f',
    'mjpeg',
    'pipe:3',
    ...(recordingFile ? recordingOutputArgs('recording', recordingFile, fps, audioInput) : []),
  ];
}

/** A camera the station may offer. */
export interface CameraInfo {
  device: string;
  name: string;
}

/**
 * V4L2 cameras on this machine (Linux); [] elsewhere. macOS and Windows cameras are listed
 * from ffmpeg's log text by device-list.ts, for the settings screen only: start-up does not
 * guess a camera from text that changes between ffmpeg versions.
 */
export async function listCameras(
  platform: NodeJS.Platform = process.platform,
  devDir = '/dev',
  sysDir = '/sys/class/video4linux',
): Promise<CameraInfo[]> {
  if (platform !== 'linux') return [];
  const entries = await readdir(devDir).catch(() => [] as string[]);
  const cameras: CameraInfo[] = [];
  for (const entry of entries.filter((e) => /^video\d+$/.test(e)).sort(byNumber)) {
    // A UVC camera exposes a second node for metadata (index 1) that yields no picture.
    const index = await readSys(sysDir, entry, 'index');
    if (index !== null && index !== '0') continue;
    const name = (await readSys(sysDir, entry, 'name')) ?? entry;
    cameras.push({ device: path.join(devDir, entry), name });
  }
  return cameras;
}

async function readSys(sysDir: string, node: string, file: string): Promise<string | null> {
  try {
    return (await readFile(path.join(sysDir, node, file), 'utf8')).trim();
  } catch {
    return null;
  }
}

function byNumber(a: string, b: string): number {
  return Number(a.slice(5)) - Number(b.slice(5));
}
