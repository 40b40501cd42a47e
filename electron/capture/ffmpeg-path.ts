/**
 * Which ffmpeg and ffprobe the station runs: the copies bundled through @ffmpeg-installer and
 * @ffprobe-installer (so an installed kiosk needs nothing else), else the names on PATH.
 * Computed from the package layout rather than by requiring the packages, whose index throws
 * on an unsupported platform.
 *
 * The hosts (the browser station's launch.ts, Electron's main.ts) call useBundledMediaTools
 * once: it sets STATION_FFMPEG and STATION_FFPROBE, which every spawn reads (media-decode.ts)
 * and which workers and children inherit. IT (or a test) setting either first wins.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export type MediaTool = 'ffmpeg' | 'ffprobe';

export interface FfmpegPathOptions {
  /** The folder holding node_modules (the app root; inside app.asar once packaged). */
  appRoot: string;
  tool?: MediaTool;
  platform?: NodeJS.Platform;
  arch?: string;
  /** Whether a file is there and executable; injectable for tests of other platforms. */
  isExecutable?: (file: string) => boolean;
}

/** A bundled binary's path for a platform, with app.asar mapped to app.asar.unpacked. */
export function bundledToolPath(
  appRoot: string,
  tool: MediaTool,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string {
  const binary = platform === 'win32' ? `${tool}.exe` : tool;
  const file = path.join(
    appRoot,
    'node_modules',
    `@${tool}-installer`,
    `${platform}-${arch}`,
    binary,
  );
  // Executables cannot be spawned from inside the asar archive; electron-builder's asarUnpack
  // puts them beside it, under the same relative path.
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

/** The bundled ffmpeg's path (bundledToolPath for ffmpeg). */
export function bundledFfmpegPath(
  appRoot: string,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string {
  return bundledToolPath(appRoot, 'ffmpeg', platform, arch);
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The bundled tool if it is there, else its bare name for PATH lookup. */
export function resolveFfmpeg(options: FfmpegPathOptions): string {
  const tool = options.tool ?? 'ffmpeg';
  const file = bundledToolPath(options.appRoot, tool, options.platform, options.arch);
  return (options.isExecutable ?? executable)(file) ? file : tool;
}

/** Points STATION_FFMPEG and STATION_FFPROBE at the bundled copies unless already set. */
export function useBundledMediaTools(
  appRoot: string,
  env: NodeJS.ProcessEnv = process.env,
  isExecutable?: (file: string) => boolean,
): void {
  env.STATION_FFMPEG ??= resolveFfmpeg({ appRoot, tool: 'ffmpeg', isExecutable });
  env.STATION_FFPROBE ??= resolveFfmpeg({ appRoot, tool: 'ffprobe', isExecutable });
}
