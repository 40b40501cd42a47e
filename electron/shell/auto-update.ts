/**
 * Updates of an installed station with electron-updater, as IT set them (updates.*, see
 * settings/update-settings.ts): the feed is IT's server, nothing downloads or installs by itself,
 * and every step goes through the update policy (update-policy.ts). A downloaded update is
 * installed only while no interview runs: the station checks again every few seconds, as the
 * display-awake check does (surroundings.ts), and restarts into the new version between sessions.
 * main.ts starts this only in a packaged app with updates on; never in the browser station.
 */
import type { AppUpdater, UpdateInfo } from 'electron-updater';
import type { UpdateSettings } from '../settings/update-settings';
import { decideUpdate, inRollout, stationBucket } from './update-policy';

/** The part of electron-updater's autoUpdater this uses: its options, its calls, its events. */
export type UpdaterPort = UpdaterEvents &
  Pick<
    AppUpdater,
    | 'autoDownload'
    | 'autoInstallOnAppQuit'
    | 'allowPrerelease'
    | 'allowDowngrade'
    | 'channel'
    | 'isUserWithinRollout'
    | 'logger'
    | 'setFeedURL'
    | 'checkForUpdates'
    | 'downloadUpdate'
    | 'quitAndInstall'
  >;

interface UpdaterEvents {
  on(
    event: 'update-available' | 'update-downloaded',
    listener: (info: UpdateInfo) => void,
  ): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface AutoUpdateParts {
  updater: UpdaterPort;
  settings: UpdateSettings;
  /** The running version (app.getVersion()). */
  currentVersion: string;
  /** The station's own lasting id (sync/stable-ids.ts): its place in a staged rollout. */
  stationId: string;
  /** How many interviews are running now. */
  runningSessions: () => number;
  /** Called just before the restart into the new version (lets the kiosk window close). */
  beforeInstall: () => void;
  log: (line: string) => void;
  /** How often the feed is asked for a new version. */
  checkEveryMs?: number;
  /** How often a downloaded update looks for a moment without an interview. */
  installCheckMs?: number;
}

export const UPDATE_CHECK_MS = 4 * 60 * 60 * 1000;
export const INSTALL_CHECK_MS = 5_000;

export interface AutoUpdate {
  /** Asks the feed now (also done at start and every checkEveryMs). */
  check(): Promise<void>;
  stop(): void;
}

export function startAutoUpdate(parts: AutoUpdateParts): AutoUpdate {
  const { updater, settings, log } = parts;
  const off: AutoUpdate = { check: () => Promise.resolve(), stop: () => undefined };
  if (!settings.enabled) return off;
  if (!settings.url) {
    log('updates: on, but IT’s managed config names no update server (updates.url); not checking.');
    return off;
  }
  const bucket = stationBucket(parts.stationId);
  // electron-updater's messages (versions, the feed's address, errors) go to the station log.
  updater.logger = {
    info: (message?: unknown) => log(`updates: ${String(message)}`),
    warn: (message?: unknown) => log(`updates: ${String(message)}`),
    error: (message?: unknown) => log(`updates: ${String(message)}`),
  };
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  updater.allowPrerelease = settings.channel === 'beta';
  updater.setFeedURL({ provider: 'generic', url: settings.url, channel: settings.channel });
  updater.channel = settings.channel;
  // Setting a channel allows downgrades; a station never goes back to an older version.
  updater.allowDowngrade = false;
  // The feed's stagingPercentage is taken against this station's own bucket, as IT's share is,
  // rather than against a random id electron-updater would keep in the user's folder.
  updater.isUserWithinRollout = (info) =>
    inRollout(bucket, settings.rolloutPercent, info.stagingPercentage);

  let offered: UpdateInfo | null = null;
  let downloaded = false;
  let downloading = false;
  let installing = false;
  let toldWaiting = false;

  const act = () => {
    if (!offered || installing) return;
    const version = offered.version;
    const decision = decideUpdate({
      enabled: true,
      channel: settings.channel,
      rolloutPercent: settings.rolloutPercent,
      stationBucket: bucket,
      currentVersion: parts.currentVersion,
      sessionRunning: parts.runningSessions() > 0,
      update: { version, stagingPercentage: offered.stagingPercentage ?? null },
      downloaded,
    });
    if (decision.action === 'skip') {
      log(`updates: ${version} not taken: ${decision.reason}.`);
      offered = null;
      downloaded = false;
    } else if (decision.action === 'download') {
      if (downloading) return;
      downloading = true;
      log(`updates: downloading ${version}.`);
      updater.downloadUpdate().catch((error: unknown) => {
        downloading = false;
        log(`updates: the download of ${version} failed (${errorText(error)}).`);
      });
    } else if (decision.action === 'wait') {
      if (!toldWaiting) log(`updates: ${version} is ready; it installs when no interview runs.`);
      toldWaiting = true;
    } else {
      installing = true;
      log(`updates: installing ${version} and restarting.`);
      parts.beforeInstall();
      // Silent (no installer pages on Windows), and the station starts again afterwards.
      updater.quitAndInstall(true, true);
    }
  };

  updater.on('update-available', (info) => {
    offered = info;
    downloaded = false;
    act();
  });
  updater.on('update-downloaded', (info) => {
    offered = info;
    downloaded = true;
    downloading = false;
    act();
  });
  updater.on('error', (error) => {
    downloading = false;
    log(`updates: ${errorText(error)}`);
  });

  const check = async () => {
    // One update at a time: a downloaded one waits for its moment rather than being replaced.
    if (downloading || downloaded || installing) return;
    try {
      await updater.checkForUpdates();
    } catch (error) {
      log(`updates: the check failed (${errorText(error)}).`);
    }
  };
  const checkTimer = setInterval(() => void check(), parts.checkEveryMs ?? UPDATE_CHECK_MS);
  const installTimer = setInterval(() => {
    if (downloaded) act();
  }, parts.installCheckMs ?? INSTALL_CHECK_MS);
  checkTimer.unref();
  installTimer.unref();
  log(
    `updates: on (channel ${settings.channel}, ${settings.rolloutPercent}% of stations; ` +
      `this station is in bucket ${bucket}).`,
  );
  void check();
  return {
    check,
    stop() {
      clearInterval(checkTimer);
      clearInterval(installTimer);
    },
  };
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
