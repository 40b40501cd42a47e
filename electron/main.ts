// The Electron entry point only wires the shell together; every decision lives in
// electron/shell/ (window, IPC, protocol, lifecycle) or in the station services.
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  Menu,
  powerMonitor,
  powerSaveBlocker,
  protocol,
  safeStorage,
  screen,
  session,
  utilityProcess,
} from 'electron';
import type { AppUpdater } from 'electron-updater';
import { freeSpaceFloor } from './core/disk-space';
import { stationLog } from './core/file-log';
import { captureConfig } from './station/capture-config';
import { fullDiskNet } from './station/full-disk-net';
import { fileAccess } from './station/media-access';
import {
  openStation,
  printFirstRunSecrets,
  startupErrorText,
  type Station,
} from './station/open-station';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  handleAppProtocol,
  registerAppScheme,
} from './shell/app-protocol';
import { createExitGuard, guardBeforeQuit, type ExitGuard } from './shell/exit-guard';
import { createIpcBridge, createIpcTrust } from './shell/ipc-bridge';
import { createKioskWindow } from './shell/kiosk-window';
import { electronPdfPrinter } from './shell/pdf-window';
import { quitAfterClose } from './shell/quit-after-close';
import { safeStorageKeyStore } from './shell/safe-storage-key';
import { bringToFront, requestSingleInstance } from './shell/single-instance';
import { watchSurroundings } from './shell/surroundings';
import { utilityProcessStarter } from './shell/utility-child';
import { useBundledMediaTools } from './capture/ffmpeg-path';
import { startAutoUpdate } from './shell/auto-update';
import { readUpdateSettings } from './settings/update-settings';
import { stationSyncId } from './sync/stable-ids';

// Standard output until the data folder is known; then also the file log (core/file-log.ts).
let log = (line: string) => console.log(line);

let station: Station | null = null;
let kioskWindow: BrowserWindow | null = null;

// A full disk must not end a running interview (see full-disk-net.ts); anything else still
// stops the station, saying so.
process.on(
  'uncaughtException',
  fullDiskNet(log, (error) => {
    log(error.stack ?? String(error));
    dialog.showErrorBox('Interview Station stopped', 'An unexpected error stopped the station.');
    app.exit(1);
  }),
);

// Privileged schemes are only accepted before the app is ready.
registerAppScheme(protocol);

// The single-instance check comes before the quit guard, so a second launch can still quit.
if (requestSingleInstance(app, () => bringToFront(kioskWindow))) {
  const exitGuard = createExitGuard();
  guardBeforeQuit(app, exitGuard);
  // Quit waits for capture and the database to close: ending ffmpeg gracefully writes the
  // last fragment and lets a video-answer cut finish (a crash still keeps earlier fragments).
  quitAfterClose(app, () => station?.close() ?? Promise.resolve(), { log });
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(() => start(exitGuard))
    .catch((error: unknown) => failToStart(error));
}

async function start(exitGuard: ExitGuard): Promise<void> {
  Menu.setApplicationMenu(null);
  const appRoot = app.getAppPath();
  const dataDir = app.getPath('userData');
  useBundledMediaTools(appRoot);
  log = stationLog(dataDir).log;
  try {
    station = await openStation({
      dataDir,
      resourcesDir: app.isPackaged ? process.resourcesPath : path.join(appRoot, 'resources'),
      migrationsDir: path.join(appRoot, 'db', 'migrations'),
      log,
      // Environment first, then the station's capture settings, then what the machine has.
      chooseCapture: (settings) => captureConfig(process.env, undefined, settings),
      workerFile: path.join(appRoot, 'out', 'station', 'signal-worker.mjs'),
      // Reports print with Electron's own printToPDF rather than a separate Chromium.
      printer: electronPdfPrinter({ BrowserWindow }),
      // Transcription runs in a utility process: with the RunAsNode fuse off, no plain-Node fork.
      startNodeChild: utilityProcessStarter({ utilityProcess }),
      freeSpaceFloorBytes: freeSpaceFloor(process.env),
      // The key for encryption at rest is sealed by the OS (safeStorage needs the app ready).
      keys: safeStorageKeyStore(safeStorage, dataDir, log),
    });
  } catch (error) {
    // A failed migration must stop the station, not run it on a half-migrated database.
    failToStart(error);
    return;
  }
  for (const line of station.banner) log(line);
  printFirstRunSecrets(station);

  // Recordings, thumbnails and exports reach the page by id only, on app:// like the page,
  // and only with a signed-in staff member's token.
  const services = station.services;
  handleAppProtocol(protocol, path.join(appRoot, 'out', 'renderer'), {
    access: (url) => fileAccess(services, url),
    media: (id) => services.review.mediaFile(id),
    exports: (id) => services.review.exportFile(id),
  });
  // Exports (PDF report, CSV) are saved where staff choose, with the system's save dialog.
  session.defaultSession.on('will-download', (_event, item) => {
    item.setSaveDialogOptions({ title: 'Save the export', defaultPath: item.getFilename() });
  });

  const win = createKioskWindow({
    BrowserWindow,
    session: session.defaultSession,
    isPackaged: app.isPackaged,
    // DevTools only with STATION_DEVTOOLS=1 in an unpackaged build (see kiosk-window.ts).
    env: process.env,
    preloadPath: path.join(__dirname, 'preload.cjs'),
    appUrl: APP_ENTRY_URL,
    allowClose: () => exitGuard.isExitAllowed(),
    log,
  });
  kioskWindow = win;

  // Calls are answered only for this window's webContents while it shows an app:// page.
  const trust = createIpcTrust(APP_ORIGIN);
  trust.allow(win.webContents.id);
  createIpcBridge({
    router: station.router,
    trust,
    services: station.services,
    requestExit: () => {
      exitGuard.allowExit();
      app.quit();
    },
    windows: [win],
  });

  // A crashed or killed renderer is reloaded: the kiosk must never sit on a dead page.
  win.webContents.on('render-process-gone', (_event, details) => {
    if (exitGuard.isExitAllowed() || win.isDestroyed()) return;
    log(`kiosk: renderer gone (${details.reason}, code ${details.exitCode}); reloading`);
    win.webContents.reload();
  });

  // An OS shutdown or log-out must not be held up waiting for the admin PIN.
  powerMonitor.on('shutdown', () => exitGuard.allowExit());
  win.on('session-end', () => exitGuard.allowExit());

  // Displays and focus go to the environment checks; the display stays awake during a session.
  const surroundings = watchSurroundings({
    screen,
    powerSaveBlocker,
    window: win,
    report: station.environment.displays,
    runningSessions: () => services.sessions.running().length,
    log,
  });
  app.on('will-quit', () => surroundings.stop());

  await win.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    log(`kiosk: could not load ${APP_ENTRY_URL}: ${String(error)}`);
  });
  // After the page is up: updates are checked in the background (see startUpdates).
  startUpdates(exitGuard, services);
}

/**
 * Updates from IT's update server: only in an installed station, and only when IT turned them
 * on (updates.*). A downloaded update is installed between interviews, never during one.
 */
function startUpdates(exitGuard: ExitGuard, services: Station['services']): void {
  const updates = readUpdateSettings(services.db);
  if (!app.isPackaged || !updates.enabled) return;
  try {
    // Loaded only here: electron-updater takes a good part of a second to load, which a
    // station with updates off should not pay at every start. (A runtime dependency.)
    const { autoUpdater } = createRequire(__filename)('electron-updater') as {
      autoUpdater: AppUpdater;
    };
    const autoUpdate = startAutoUpdate({
      updater: autoUpdater,
      settings: updates,
      currentVersion: app.getVersion(),
      stationId: stationSyncId(services.db),
      // Interviews running, and candidates checked in on their way to starting one.
      runningSessions: () =>
        services.sessions.running().length + services.tokens.awaitingStart(Date.now()),
      // The restart into the new version must get past the kiosk's exit guard.
      beforeInstall: () => exitGuard.allowExit(),
      log,
    });
    app.on('will-quit', () => autoUpdate.stop());
  } catch (error) {
    log(`updates: could not start (${String(error)})`);
  }
}

function failToStart(error: unknown): void {
  const message = startupErrorText(error);
  log(message);
  dialog.showErrorBox('Interview Station could not start', message);
  app.exit(1);
}
