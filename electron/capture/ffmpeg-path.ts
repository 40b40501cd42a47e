/**
 * Which ffmpeg the station runs: the copy bundled through @ffmpeg-installer (so a kiosk needs
 * nothing installed), else `ffmpeg` on PATH. Computed from the package layout rather than by
 * requiring @ffmpeg-installer/ffmpeg, whose index throws on an unsupported platform.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export interface FfmpegPathOptions {
  /** The folder holding node_modules (the app root; inside app.asar once packaged). */
  appRoot: string;
  platform?: NodeJS.Platform;
  arch?: string;
  /** Whether a file is there and executable; injectable for tests of other platforms. */
  isExecutable?: (file: string) => boolean;
}

/** The bundled binary's path for a platform, with app.asar mapped to app.asar.unpacked. */
export function bundledFfmpegPath(
  appRoot: string,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string {
  const binary = platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg';
  const file = path.join(
    appRoot,
    'node_modules',
    '@ffmpeg-installer',
    `${platform}-${arch}`,
    binary,
  );
  // Executables cannot be spawned from inside the asar archive; electron-builder's asarUnpack
  // puts them beside it, under the same relative path.
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The bundled ffmpeg if it is there, else the name `ffmpeg` for PATH lookup. */
export function resolveFfmpeg(options: FfmpegPathOptions): string {
  const file = bundledFfmpegPath(options.appRoot, options.platform, options.arch);
  return (options.isExecutable ?? executable)(file) ? file : 'ffmpeg';
}
