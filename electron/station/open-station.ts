import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../db/open';
import { appRouter, type AppRouter } from '../api/router';
import type { CameraSource } from '../capture/camera';
import { CaptureManager } from '../capture/capture-manager';
import { applyManagedConfig, managedConfigPath } from '../settings/managed-config';
import { readSignalSettings } from '../settings/signal-settings';
import { DeviceCheck } from '../capture/device-check';
import { DeviceFeed } from '../capture/device-feed';
import type { MicrophoneChoice } from '../capture/session-capture';
import { endLeftoverProcesses } from '../capture/process-registry';
import { LiveMonitor } from '../monitor/live-monitor';
import { systemClock, type Clock } from '../services/clock';
import { loadQuestionBank } from '../services/question-bank';
import { ensureDemoInterview, seedFirstRun } from '../services/seed';
import { formatAccessCode } from '../services/secrets';
import { createServices, type Services } from '../services/services';
import { markInterrupted } from '../services/session-store';
import { readSetting } from '../services/settings';
import { alsoWhenSessionEnds } from '../transcription/session-end';
import { TranscriptionService } from '../transcription/transcription-service';
import { defaultWorkerFile } from '../transcription/whisper-process';
import { readCaptureSettings, type CaptureSettings } from '../settings/capture-settings';
import type { CaptureConfig } from './capture-config';

export interface Station {
  router: AppRouter;
  services: Services;
  /** The data folder; media files live under its media/ and are served by id only. */
  dataDir: string;
  /** Lines for the console at start: data folder, demo code, first-run secrets. */
  banner: string[];
  /** Stops sessions (they stay resumable) and capture, then closes the database. */
  close(): Promise<void>;
}

export interface OpenStationOptions {
  dataDir: string;
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
  /**
   * Chooses the camera and microphone from the capture settings (see capture-config.ts),
   * replacing `camera` and `microphone`; called once the managed config is applied.
   */
  chooseCapture?: (settings: CaptureSettings) => Promise<CaptureConfig>;
}

export const DATABASE_FILE = 'station.sqlite';

/**
 * Opens the station on a data folder: migrates the database (refusing to go on if that
 * fails), seeds it on first run, marks sessions cut off by a crash as interrupted, and
 * builds the services. Shared by the Electron shell and the browser station.
 */
export async function openStation(opts: OpenStationOptions): Promise<Station> {
  const clock = opts.clock ?? systemClock;
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const db = openDatabase({
    file: path.join(opts.dataDir, DATABASE_FILE),
    migrationsDir: opts.migrationsDir,
  });
  try {
    // Capture children of a killed run would hold the camera and write to old files.
    for (const ended of await endLeftoverProcesses(opts.dataDir)) {
      if (ended.outcome === 'ended')
        opts.log(`Ended ${ended.entry.what} (pid ${ended.entry.pid}) left by an earlier run.`);
    }
    const interrupted = markInterrupted(db);
    const bank = loadQuestionBank(path.join(opts.resourcesDir, 'seed', 'question-bank.json'));
    const firstRun = await seedFirstRun(db, bank, clock.now());
    const demoCode = ensureDemoInterview(db, clock.now());
    // IT's pinned settings go in before anything reads a setting.
    const managed = applyManagedConfig(db, opts.managedConfigFile ?? managedConfigPath());
    // The capture settings are read here, after IT's pinned values went in (restart to change).
    const chosen = opts.chooseCapture && (await opts.chooseCapture(readCaptureSettings(db)));
    if (chosen) opts = { ...opts, camera: chosen.camera, microphone: chosen.microphone };
    const { thresholds, ...signalOptions } = readSignalSettings(db, opts.log);
    // Transcription (whisper.cpp in its own process); without a model its jobs just wait.
    const transcription = new TranscriptionService({
      db,
      dataDir: opts.dataDir,
      resourcesDir: opts.resourcesDir,
      workerFile:
        opts.transcriptionWorkerFile ??
        defaultWorkerFile(path.resolve(opts.migrationsDir, '..', '..')),
      clock,
      log: opts.log,
    });
    const feed = new DeviceFeed();
    const monitor = new LiveMonitor({ db, clock, thresholds, log: opts.log });
    const devices =
      opts.camera && opts.workerFile
        ? {
            feed,
            check: new DeviceCheck({
              source: opts.camera,
              microphone: opts.microphone ?? null,
              resourcesDir: opts.resourcesDir,
              dataDir: opts.dataDir,
              feed,
              log: opts.log,
            }),
          }
        : null;
    const capture =
      opts.camera && opts.workerFile && devices
        ? new CaptureManager(
            {
              db,
              clock,
              dataDir: opts.dataDir,
              resourcesDir: opts.resourcesDir,
              workerFile: opts.workerFile,
              source: opts.camera,
              microphone: opts.microphone ?? null,
              thresholds,
              signalOptions,
              log: opts.log,
              feed,
              // Read at call time: services are built just below, before any session starts.
              onSignals: (sessionId, signals) => {
                services.notices.observe(sessionId, signals.tMs, signals.faceCount);
                monitor.signals(sessionId, signals);
              },
              onEvent: (sessionId, event) => monitor.event(sessionId, event),
              onDevice: (sessionId, device, lost) => {
                services.notices.device(sessionId, device, lost);
                monitor.device(sessionId, device, lost);
              },
              // A stored audio or video answer is transcribed right away (when a model is there).
              onAnswerMedia: (answerId) => transcription.enqueueAnswer(answerId),
            },
            // The device check holds the camera; the session's recording needs it.
            () => devices.check.stop(),
            // Signal setting changes apply from the next session on, without a restart.
            () => {
              const { thresholds: now, ...options } = readSignalSettings(db, opts.log);
              return { thresholds: now, signalOptions: options };
            },
          )
        : null;
    const services = createServices({
      db,
      clock,
      log: opts.log,
      sessionHooks: capture && alsoWhenSessionEnds(capture, (id) => transcription.sessionEnded(id)),
      transcription,
      devices,
      monitor,
      managedSettings: new Set(managed.applied),
      config: {
        stationName: readSetting<string>(db, 'station.name') ?? 'Interview Station',
        retentionDays: readSetting<number>(db, 'retention.days') ?? 180,
      },
    });
    const banner = [
      `Data folder: ${opts.dataDir}`,
      `Demo interview code: ${formatAccessCode(demoCode)}`,
    ];
    if (chosen) banner.push(chosen.summary);
    if (managed.applied.length > 0) {
      banner.push(`Managed config ${managed.file}: ${managed.applied.join(', ')}.`);
    }
    for (const problem of managed.problems) banner.push(`Managed config: ${problem}`);
    // The model's state is logged by the service once it is known (checking a model takes a
    // while), not here: a banner line would say "loading", or repeat the no-model line.
    const transcribing = transcription.start();
    if (transcribing.requeued > 0) {
      banner.push(
        `${transcribing.requeued} transcription job(s) cut off by a restart are queued again.`,
      );
    }
    if (interrupted > 0) {
      banner.push(`${interrupted} interrupted interview(s) can be resumed from the start screen.`);
    }
    if (firstRun) {
      banner.push(
        'First run — these are shown once and stored only as hashes; write them down now:',
        `  Recruiter login: ${firstRun.recruiterUsername} / ${firstRun.recruiterPassword}`,
        `  Admin login: ${firstRun.adminUsername} / ${firstRun.adminPassword}`,
        `  Admin PIN (to exit the kiosk): ${firstRun.adminPin}`,
      );
    }
    return {
      router: appRouter,
      services,
      dataDir: opts.dataDir,
      banner,
      async close() {
        services.sessions.close();
        await devices?.check.stop();
        await capture?.settle();
        await transcription.close();
        db.$client.close();
      },
    };
  } catch (error) {
    db.$client.close();
    throw error;
  }
}
