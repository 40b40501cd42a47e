import { existsSync } from 'node:fs';
import path from 'node:path';
import { startupFailureMessage } from '../../db/open';
import { appRouter, type AppRouter } from '../api/router';
import type { Services } from '../api/services';
import type { CameraSource } from '../capture/camera';
import { endLeftoverProcesses } from '../capture/process-registry';
import { recoverInterruptedTakes } from '../capture/take-recovery';
import type { FileSealing } from '../core/sealed-file';
import { cameraCapture } from '../capture/station-capture';
import type { MicrophoneChoice } from '../capture/session-capture';
import { systemClock, type Clock } from '../core/clock';
import { acquireDataFolderLock, DataFolderInUseError } from '../core/data-folder-lock';
import type { StartNodeChild } from '../core/node-child';
import { ownerOnlyTree } from '../core/owner-only';
import { formatAccessCode } from '../core/secrets';
import { fileKeyStore, filesKeyOf, type StationKeyStore } from '../core/station-key';
import { readSetting } from '../core/setting-store';
import { loadAccessCodeKey, ACCESS_CODE_KEY_FILE } from '../core/access-code-key';
import { hashPlainAccessCodes, matchStationKey } from '../domain/access-codes';
import { loadQuestionBank } from '../domain/question-bank';
import { fillSeedRubrics } from '../domain/seed-rubrics';
import { grantExistingJobs } from '../domain/job-access';
import { ensureDemoInterview, seedFirstRun } from '../domain/seed';
import { markInterrupted } from '../domain/session-store';
import type { PdfPrinter } from '../review/pdf-printer';
import { readCaptureSettings, type CaptureSettings } from '../settings/capture-settings';
import { applyManagedConfig, managedConfigPath } from '../settings/managed-config';
import { defaultWorkerFile } from '../transcription/whisper-process';
import { environmentCheckMs, type EnvironmentChecks } from './environment-checks';
import type { CaptureConfig } from './capture-config';
import { composeStation } from './compose-station';
import { managedGeminiConfig, managedGeminiBaseUrl } from '../evaluation/gemini-key-store';
import { managedSyncConfig } from '../sync/managed-sync';
import { applyEncryptionSetting, openStationDatabase } from './station-database';

export interface Station {
  router: AppRouter;
  services: Services;
  /** The data folder; media files live under its media/ and are served by id only. */
  dataDir: string;
  /** Lines for the console at start: data folder, demo code, devices. Never a secret. */
  banner: string[];
  /**
   * On first run, the initial logins and PIN, for printFirstRunSecrets; empty after the first
   * call (and on every later start). Kept out of `banner` and `log`, which may go elsewhere.
   */
  takeFirstRunSecrets(): string[];
  /** Where the shell reports the displays and the window's focus (kiosk/display-watch.ts). */
  environment: Pick<EnvironmentChecks, 'displays'>;
  /** Stops sessions (they stay resumable) and capture, then closes the database. */
  close(): Promise<void>;
}

export interface OpenStationOptions {
  dataDir: string;
  /** False: no retention purge (tests that seed interviews dated long ago). */
  retentionPurge?: boolean;
  resourcesDir: string;
  migrationsDir: string;
  log: (line: string) => void;
  clock?: Clock;
  /** IT's managed config; by default the platform's place for it (see managed-config.ts). */
  managedConfigFile?: string;
  /** The camera, or a file looped in real time for demos and tests; none: no capture. */
  camera?: CameraSource | null;
  /** The microphone for voice activity (needs a camera too, for now). */
  microphone?: MicrophoneChoice | null;
  /** The built signal worker (out/station/signal-worker.mjs); needed with a camera. */
  workerFile?: string;
  /** The built transcription process; by default out/station/whisper-worker.mjs of the app. */
  transcriptionWorkerFile?: string;
  /** The built résumé parser; by default out/station/resume-worker.mjs of the app. */
  resumeWorkerFile?: string;
  /**
   * Starts the transcription process: child_process.fork unless given. The Electron shell passes
   * a utility process (shell/utility-child.ts), since its binary does not run as Node.
   */
  startNodeChild?: StartNodeChild;
  /**
   * Chooses the camera and microphone from the capture settings (see capture-config.ts),
   * replacing `camera` and `microphone`; called once the managed config is applied.
   */
  chooseCapture?: (settings: CaptureSettings) => Promise<CaptureConfig>;
  /** Reports print with this; headless Chromium unless given (the shell passes printToPDF). */
  printer?: PdfPrinter;
  /** Free space the data folder must keep for interviews (see core/disk-space.ts). */
  freeSpaceFloorBytes?: number;
  /**
   * Keeps the key for encryption at rest: the Electron shell passes the OS's (safeStorage, see
   * shell/safe-storage-key.ts); by default a key file in the data folder (browser station).
   */
  keys?: StationKeyStore;
  /** Where IT's GEMINI_API_KEY and GEMINI_MODEL are read from; process.env unless given. */
  env?: NodeJS.ProcessEnv;
}

export { DATABASE_FILE } from './station-database';

/**
 * What to tell IT when openStation failed: another station on the folder, a full disk, a
 * damaged file, a newer version's database, a failed migration, or else the error itself.
 */
export function startupErrorText(error: unknown): string {
  return error instanceof DataFolderInUseError ? error.message : startupFailureMessage(error);
}

/**
 * Opens the station on a data folder: locks it (one station per folder, see
 * core/data-folder-lock.ts), migrates the database (refusing to go on if that
 * fails), seeds it on first run, marks sessions cut off by a crash as interrupted, applies
 * IT's managed config, chooses the devices, and builds the station with the composition root
 * (compose-station.ts). Shared by the Electron shell and the browser station.
 */
export async function openStation(opts: OpenStationOptions): Promise<Station> {
  const clock = opts.clock ?? systemClock;
  // Owner-only even when the folder (or anything in it) was there before with wider modes.
  ownerOnlyTree(opts.dataDir);
  // Before anything in the folder is used: another station's capture children would be
  // ended as leftovers below and its live session marked interrupted. Throws
  // DataFolderInUseError while a live station holds the folder; a dead one's lock is taken over.
  const lock = acquireDataFolderLock(opts.dataDir, opts.log);
  const storage = {
    dataDir: opts.dataDir,
    migrationsDir: opts.migrationsDir,
    keys: opts.keys ?? fileKeyStore(opts.dataDir),
    log: opts.log,
  };
  let opened;
  try {
    opened = openStationDatabase(storage);
  } catch (error) {
    lock.release();
    throw error;
  }
  let db = opened.db;
  try {
    // Capture children of a killed run would hold the camera and write to old files.
    for (const ended of await endLeftoverProcesses(opts.dataDir)) {
      if (ended.outcome === 'ended')
        opts.log(`Ended ${ended.entry.what} (pid ${ended.entry.pid}) left by an earlier run.`);
    }
    // Before anything looks a code up: codes are stored under this key, and a database from
    // before migration 0004 still holds plain ones, hashed here once.
    const stationKey = loadAccessCodeKey(opts.dataDir);
    const upgraded = hashPlainAccessCodes(db, stationKey);
    if (upgraded > 0) opts.log(`Stored ${upgraded} access code(s) as keyed hashes.`);
    const keyChanged = matchStationKey(db, stationKey) === 'changed';
    const interrupted = markInterrupted(db);
    // Once the killed run's children are gone: the answer parts they were recording.
    const filesKey = opened.stationKey && filesKeyOf(opened.stationKey);
    const recoveredTakes = await recoverInterruptedTakes({
      db,
      dataDir: opts.dataDir,
      log: opts.log,
      filesKey,
      sealWith: opened.encrypted ? filesKey : null,
    });
    const bank = loadQuestionBank(path.join(opts.resourcesDir, 'seed', 'question-bank.json'));
    const firstRun = await seedFirstRun(db, bank, clock.now());
    // Stations seeded before rubrics existed get them for the seeded questions left unchanged.
    if (!firstRun) fillSeedRubrics(db, bank, clock.now());
    // Once per database: recruiters keep the jobs that existed before per-job access.
    const granted = grantExistingJobs(db, clock.now());
    if (granted > 0 && !firstRun) {
      opts.log(
        `Per-job access is new on this station: every recruiter was assigned to every existing ` +
          `job (${granted} assignments). An admin can change this under Manage, Staff.`,
      );
    }
    const demoCode = ensureDemoInterview(db, stationKey, clock.now());
    // IT's pinned settings go in before anything reads a setting.
    const managed = applyManagedConfig(db, opts.managedConfigFile ?? managedConfigPath());
    // Once IT's pinned value is in: encrypt (or decrypt) the database if the setting changed.
    opened = applyEncryptionSetting(opened, storage);
    db = opened.db;
    // The capture settings are read here, after IT's pinned values went in (restart to change).
    const chosen = opts.chooseCapture && (await opts.chooseCapture(readCaptureSettings(db)));
    const camera = chosen ? chosen.camera : opts.camera;
    const microphone = chosen ? chosen.microphone : opts.microphone;
    // Read again: turning encryption on above may have made the station key.
    const fileSealing: FileSealing = {
      filesKey: opened.stationKey && filesKeyOf(opened.stationKey),
      sealNew: opened.encrypted,
    };
    const syncWorker = path.resolve(
      opts.migrationsDir,
      '..',
      '..',
      'out',
      'station',
      'sync-worker.mjs',
    );
    const station = composeStation({
      db,
      dataDir: opts.dataDir,
      stationKey,
      resourcesDir: opts.resourcesDir,
      clock,
      log: opts.log,
      config: {
        stationName: readSetting<string>(db, 'station.name') ?? 'Interview Station',
        retentionDays: readSetting<number>(db, 'retention.days') ?? 180,
      },
      managedSettings: new Set(managed.applied),
      managedConfig:
        managed.errors.length > 0 || managed.applied.length > 0
          ? { file: managed.file, applied: managed.applied, errors: managed.errors }
          : null,
      printer: opts.printer,
      capture:
        camera && opts.workerFile
          ? cameraCapture({ camera, microphone: microphone ?? null, workerFile: opts.workerFile })
          : null,
      transcriptionWorkerFile:
        opts.transcriptionWorkerFile ??
        defaultWorkerFile(path.resolve(opts.migrationsDir, '..', '..')),
      resumeWorkerFile:
        opts.resumeWorkerFile ??
        path.resolve(opts.migrationsDir, '..', '..', 'out', 'station', 'resume-worker.mjs'),
      startNodeChild: opts.startNodeChild,
      freeSpaceFloorBytes: opts.freeSpaceFloorBytes,
      retentionPurge: opts.retentionPurge,
      sealing: fileSealing,
      geminiManaged: managedGeminiConfig(opts.env ?? process.env, opts.log),
      gemini: { baseUrl: managedGeminiBaseUrl(opts.env ?? process.env, opts.log) },
      environmentCheckMs: environmentCheckMs(opts.env ?? process.env),
      // Sync's network in its worker thread when built; IT may enrol the station from the env.
      sync: {
        workerFile: existsSync(syncWorker) ? syncWorker : null,
        managed: managedSyncConfig(opts.env ?? process.env, opts.log),
      },
    });
    const { services } = station;
    const banner = [
      `Data folder: ${opts.dataDir}`,
      opened.encrypted
        ? `Database encrypted at rest (key kept in ${storage.keys.where}).`
        : 'Database not encrypted at rest (setting storage.encryptAtRest).',
      `Demo interview code: ${formatAccessCode(demoCode)}`,
    ];
    if (keyChanged) {
      banner.push(
        `The station key (${ACCESS_CODE_KEY_FILE}) is not the one the interview codes were issued ` +
          'under, so codes issued before no longer check in: restore the key from a backup, or ' +
          'issue new codes (Manage → Interviews → New code).',
      );
    }
    if (chosen) banner.push(chosen.summary);
    if (managed.applied.length > 0) {
      banner.push(`Managed config ${managed.file}: ${managed.applied.join(', ')}.`);
    }
    for (const problem of managed.problems) banner.push(`Managed config: ${problem}`);
    // The model's state is logged by the service once it is known (checking a model takes a
    // while), not here: a banner line would say "loading", or repeat the no-model line.
    const transcribing = services.transcription?.start() ?? { requeued: 0 };
    if (transcribing.requeued > 0) {
      banner.push(
        `${transcribing.requeued} transcription job(s) cut off by a restart are queued again.`,
      );
    }
    // Answers scored by no one yet (a crash mid-scoring, or a station from before rubrics).
    const unscored = services.suggestions.catchUp();
    if (unscored > 0) opts.log(`Suggesting scores for ${unscored} answer(s) not yet scored.`);
    if (interrupted > 0) {
      banner.push(`${interrupted} interrupted interview(s) can be resumed from the start screen.`);
    }
    if (recoveredTakes.length > 0) {
      banner.push(`${recoveredTakes.length} answer part(s) recorded before an interruption kept.`);
    }
    let secrets = firstRun
      ? [
          'First run — shown once, here on the terminal only: not written to any log file or ' +
            'stored anywhere else (the database keeps only hashes). Write them down now; the ' +
            'passwords are changed at first sign-in, the PIN in Settings:',
          `  Recruiter login: ${firstRun.recruiterUsername} / ${firstRun.recruiterPassword}`,
          `  Admin login: ${firstRun.adminUsername} / ${firstRun.adminPassword}`,
          `  Admin PIN (to exit the kiosk): ${firstRun.adminPin}`,
        ]
      : [];
    return {
      router: appRouter,
      services,
      environment: station.environment,
      dataDir: opts.dataDir,
      banner,
      takeFirstRunSecrets() {
        const taken = secrets;
        secrets = [];
        return taken;
      },
      async close() {
        try {
          await station.close();
          db.$client.close();
        } finally {
          // Last, once nothing writes to the folder any more; the next station may open it.
          lock.release();
        }
      },
    };
  } catch (error) {
    db.$client.close();
    lock.release();
    throw error;
  }
}

/**
 * Prints the first-run logins and PIN once, straight to standard output (the terminal that
 * started the station; e2e tests read them from its pipe), never through the station's `log`,
 * so they cannot end up wherever log lines are sent. Later calls print nothing.
 */
export function printFirstRunSecrets(
  station: Pick<Station, 'takeFirstRunSecrets'>,
  out: { write(text: string): unknown } = process.stdout,
): void {
  const lines = station.takeFirstRunSecrets();
  if (lines.length > 0) out.write(`${lines.join('\n')}\n`);
}
