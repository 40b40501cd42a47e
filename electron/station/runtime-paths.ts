import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Interview Station';

/**
 * A folder named by an environment variable, or undefined when it is unset, empty or relative:
 * the XDG base directory spec says to ignore a relative one, and an empty one would otherwise
 * put the station's data in whatever folder it was started from.
 */
function absoluteFolder(value: string | undefined): string | undefined {
  return value && path.isAbsolute(value) ? value : undefined;
}

/**
 * The per-user data folder, the same one Electron's `app.getPath('userData')` gives, so
 * both modes share one station database. `STATION_DATA_DIR` overrides it.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.STATION_DATA_DIR) return path.resolve(env.STATION_DATA_DIR);
  const home = absoluteFolder(env.HOME) ?? os.homedir();
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
    case 'win32':
      return path.join(
        absoluteFolder(env.APPDATA) ?? path.join(home, 'AppData', 'Roaming'),
        PRODUCT_NAME,
      );
    default:
      return path.join(
        absoluteFolder(env.XDG_CONFIG_HOME) ?? path.join(home, '.config'),
        PRODUCT_NAME,
      );
  }
}

export type ElectronRuntime = { found: true; binary: string } | { found: false; reason: string };

/** Finds the Electron binary the `electron` package downloaded, or says why there is none. */
export function findElectronRuntime(appRoot: string): ElectronRuntime {
  const pkg = path.join(appRoot, 'node_modules', 'electron');
  if (!existsSync(pkg)) return { found: false, reason: 'the electron package is not installed' };
  const pathFile = path.join(pkg, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      found: false,
      reason:
        "the Electron runtime was never downloaded (its install step did not run or could not reach Electron's servers)",
    };
  }
  const binary = path.join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary))
    return { found: false, reason: `the Electron binary ${binary} is missing` };
  return { found: true, binary };
}

/** Whether a graphical display is available to open a window on. */
export function hasDisplay(env: NodeJS.ProcessEnv = process.env): boolean {
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
];

/** The first Chromium-family browser found on this machine, if any. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = env.STATION_CHROMIUM ? [env.STATION_CHROMIUM] : CHROMIUM_CANDIDATES;
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
}
