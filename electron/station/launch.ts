/**
 * `npm start`: starts the station in the best mode this machine allows, and says which.
 * Electron when its runtime is installed and a display exists; otherwise the browser
 * station on 127.0.0.1, opened in Chromium's kiosk mode when there is a display, or with its
 * URL printed when there is none.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeSpaceFloor } from '../core/disk-space';
import { stationLog } from '../core/file-log';
import { startBrowserStation } from './browser-station';
import { fullDiskNet } from './full-disk-net';
import { captureConfig } from './capture-config';
import { useBundledMediaTools } from '../capture/ffmpeg-path';
import { openKioskBrowser, type KioskBrowser } from './kiosk-browser';
import { openStation, printFirstRunSecrets, startupErrorText } from './open-station';
import { defaultDataDir, findChromium, findElectronRuntime, hasDisplay } from './runtime-paths';

const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const log = (line: string) => console.log(line);

async function main(): Promise<void> {
  const env = process.env;
  useBundledMediaTools(appRoot, env);
  const electron = findElectronRuntime(appRoot);
  const display = hasDisplay(env);
  if (env.STATION_MODE !== 'browser' && electron.found && display) {
    log('Interview Station — Electron kiosk mode.');
    const child = spawn(electron.binary, [appRoot], { stdio: 'inherit', env });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  const why =
    env.STATION_MODE === 'browser'
      ? 'STATION_MODE=browser was set'
      : !electron.found
        ? electron.reason
        : 'there is no display for an Electron window';
  await runBrowserStation(why, display);
}

async function runBrowserStation(why: string, display: boolean): Promise<void> {
  const dataDir = defaultDataDir();
  // From here every line also goes to the data folder's logs/ (core/file-log.ts).
  const files = stationLog(dataDir);
  const log = files.log;
  let station;
  try {
    station = await openStation({
      dataDir,
      resourcesDir: path.join(appRoot, 'resources'),
      migrationsDir: path.join(appRoot, 'db', 'migrations'),
      log,
      // Environment first, then the station's capture settings, then what the machine has.
      chooseCapture: (settings) => captureConfig(process.env, undefined, settings),
      workerFile: path.join(appRoot, 'out', 'station', 'signal-worker.mjs'),
      freeSpaceFloorBytes: freeSpaceFloor(process.env),
    });
  } catch (error) {
    console.error(startupErrorText(error));
    process.exit(1);
  }
  process.on(
    'uncaughtException',
    fullDiskNet(log, (error) => {
      files.logError(error, 'uncaught');
      console.error(error);
      process.exit(1);
    }),
  );
  let browser: KioskBrowser | null = null;
  let closing = false;
  const shutdown = async (code: number) => {
    if (closing) return;
    closing = true;
    browser?.stop();
    await server.close();
    await station.close();
    process.exit(code);
  };
  const server = await startBrowserStation({
    station,
    rendererDir: path.join(appRoot, 'out', 'renderer'),
    port: Number(process.env.STATION_PORT ?? 0),
    requestExit: () => void shutdown(0),
  });
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  log(`Interview Station — browser station mode (${why}).`);
  for (const line of station.banner) log(line);
  printFirstRunSecrets(station);
  const chromium = findChromium();
  if (display && chromium && !process.env.STATION_NO_BROWSER) {
    log(`Opening Chromium in kiosk mode (${chromium}). Exit with the admin PIN.`);
    browser = openKioskBrowser({
      chromium,
      entryUrl: server.entryUrl,
      dataDir,
      log,
      env: process.env,
    });
  } else {
    const reason = !display
      ? 'no display'
      : !chromium
        ? 'no Chromium found'
        : 'STATION_NO_BROWSER is set';
    log(`Not opening a browser (${reason}). Open this address in Chromium on this machine:`);
  }
  log(
    'The address below opens the station once, within 10 minutes. Press Enter here for a new one.',
  );
  // Printed last and on its own line: tests and scripts read the address from it.
  log(`Station URL: ${server.entryUrl()}`);
  // Each line on standard input (Enter in the terminal) prints a new one-time address.
  process.stdin.on('data', () => log(`Station URL: ${server.entryUrl()}`));
  process.stdin.on('error', () => {});
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
