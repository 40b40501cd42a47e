/**
 * The cameras and microphones an admin may pick in the station settings, listed the way the
 * platform allows: V4L2 nodes and `arecord -L` on Linux; ffmpeg's avfoundation (macOS) and
 * dshow (Windows) device lists elsewhere. ffmpeg prints those lists only as log text, so the
 * parsers accept the older and newer layouts (tested on captured samples) and skip any line
 * they do not recognise rather than guess.
 */
import { execFile } from 'node:child_process';
import { listCameras, type CameraInfo } from './camera-args';
import { ffmpegPath } from '../signals/worker/media-decode';

/** A device as the admin sees it: the value stored in settings, and its name. */
export interface DeviceChoice {
  device: string;
  name: string;
}

export interface CaptureDevices {
  cameras: DeviceChoice[];
  microphones: DeviceChoice[];
  /** Why a list may be empty or incomplete (a tool missing), for the settings screen. */
  notes: string[];
}

/** Runs a program and gives back what it printed, even when it exits non-zero. */
export type RunTool = (cmd: string, args: string[]) => Promise<{ stdout: string; stderr: string }>;

const runTool: RunTool = (cmd, args) =>
  new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: 10_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      // Listing devices makes ffmpeg exit with an error ("Immediate exit requested"): expected.
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') reject(error);
      else resolve({ stdout, stderr });
    });
  });

/** `ffmpeg -f avfoundation -list_devices true -i ""`: video and audio devices by index. */
export function parseAvfoundationDevices(stderr: string): {
  video: DeviceChoice[];
  audio: DeviceChoice[];
} {
  const found = { video: [] as DeviceChoice[], audio: [] as DeviceChoice[] };
  let section: 'video' | 'audio' | null = null;
  for (const line of stderr.split(/\r?\n/)) {
    const text = line.replace(/^\[AVFoundation[^\]]*\]\s*/, '');
    if (/AVFoundation video devices/i.test(text)) section = 'video';
    else if (/AVFoundation audio devices/i.test(text)) section = 'audio';
    else {
      const entry = /^\[(\d+)\] (.+)$/.exec(text);
      // Screen grabbers are listed as video devices; they are not a camera.
      if (!entry || !section || /^Capture screen \d+$/.test(entry[2] ?? '')) continue;
      const name = (entry[2] ?? '').trim();
      // The name survives re-plugging where the index may not; a name with a colon (the
      // video:audio separator) is kept by index.
      found[section].push({ device: name.includes(':') ? (entry[1] ?? '') : name, name });
    }
  }
  return found;
}

/**
 * `ffmpeg -f dshow -list_devices true -i dummy`. ffmpeg 5+ tags each name `(video)` or
 * `(audio)`; older builds print "DirectShow video devices" and "…audio devices" headings.
 * "Alternative name" lines are the PnP ids: not shown to people.
 */
export function parseDshowDevices(stderr: string): {
  video: DeviceChoice[];
  audio: DeviceChoice[];
} {
  const found = { video: [] as DeviceChoice[], audio: [] as DeviceChoice[] };
  let section: 'video' | 'audio' | null = null;
  for (const line of stderr.split(/\r?\n/)) {
    const text = line.replace(/^\[dshow[^\]]*\]\s*/, '');
    if (/DirectShow video devices/i.test(text)) section = 'video';
    else if (/DirectShow audio devices/i.test(text)) section = 'audio';
    else if (!/^Alternative name/i.test(text)) {
      const entry = /^"([^"]+)"(?:\s+\((video|audio|none)\))?\s*$/.exec(text);
      if (!entry) continue;
      const kind = (entry[2] as 'video' | 'audio' | 'none' | undefined) ?? section;
      if (kind !== 'video' && kind !== 'audio') continue;
      const name = entry[1] ?? '';
      found[kind].push({ device: name, name });
    }
  }
  return found;
}

/** ALSA PCMs the microphone can record 16 kHz mono from (others are playback or converters). */
const RECORDABLE = /^(default|pulse|pipewire|sysdefault(:.*)?|plughw:.*|dsnoop:.*)$/;

/** `arecord -L`: a PCM name at the start of a line, then indented description lines. */
export function parseArecordList(stdout: string): DeviceChoice[] {
  const found: DeviceChoice[] = [];
  let current: { device: string; lines: string[] } | null = null;
  const flush = () => {
    if (current && RECORDABLE.test(current.device)) {
      found.push({ device: current.device, name: current.lines.join(' — ') || current.device });
    }
  };
  for (const line of stdout.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    if (/^\s/.test(line)) current?.lines.push(line.trim());
    else {
      flush();
      current = { device: line.trim(), lines: [] };
    }
  }
  flush();
  return found;
}

export interface ListOptions {
  platform?: NodeJS.Platform;
  run?: RunTool;
  findCameras?: () => Promise<CameraInfo[]>;
}

/** The devices this station can offer in its settings, with a note for each list it lacks. */
export async function listCaptureDevices(options: ListOptions = {}): Promise<CaptureDevices> {
  const platform = options.platform ?? process.platform;
  const run = options.run ?? runTool;
  const notes: string[] = [];
  if (platform === 'linux') {
    const cameras = await (options.findCameras ?? (() => listCameras('linux')))();
    const microphones = await run('arecord', ['-L'])
      .then(({ stdout }) => parseArecordList(stdout))
      .catch(() => {
        notes.push('arecord is not installed, so microphones cannot be listed.');
        return [];
      });
    return { cameras, microphones, notes };
  }
  if (platform === 'darwin' || platform === 'win32') {
    const args =
      platform === 'darwin'
        ? ['-hide_banner', '-f', 'avfoundation', '-list_devices', 'true', '-i', '']
        : ['-hide_banner', '-f', 'dshow', '-list_devices', 'true', '-i', 'dummy'];
    const listed = await run(ffmpegPath(), args)
      .then(({ stderr }) =>
        platform === 'darwin' ? parseAvfoundationDevices(stderr) : parseDshowDevices(stderr),
      )
      .catch(() => {
        notes.push('ffmpeg is not installed, so cameras cannot be listed.');
        return { video: [], audio: [] };
      });
    // The microphone recorder here is the bundled ffmpeg: the same input lists name them.
    return { cameras: listed.video, microphones: listed.audio, notes };
  }
  notes.push(`Devices cannot be listed on ${platform}.`);
  return { cameras: [], microphones: [], notes };
}
