import type { Services } from '../api/services';
import { NO_SEALING } from '../core/sealed-file';
import { DEFAULT_FREE_SPACE_FLOOR_BYTES, DiskSpace } from '../core/disk-space';
import { readSetting } from '../core/setting-store';
import { AdminGate } from '../domain/admin-gate';
import { CandidateDesk } from '../domain/candidate-desk';
import { CandidateTokens } from '../domain/candidate-tokens';
import { CheckIn } from '../domain/check-in';
import { AuditLogService } from '../manage/audit-log';
import { Erasures } from '../privacy/erasure';
import { CandidateArchives } from '../manage/candidate-archive/candidate-archives';
import { JobAccess } from '../domain/job-access';
import { BiasReportService } from '../manage/bias-report';
import { NoticeBoard } from '../domain/notice-board';
import { SessionEvents, type SessionListener } from '../domain/session-events';
import { SessionRunner } from '../domain/session-runner';
import { candidateNoticesOn } from '../domain/session-store';
import { readCalibration, saveCalibration } from '../capture/session-calibration';
import { biometricReleasedForSession, erasureRequestedForSession } from '../domain/withdrawal';
import { StaffAuth } from '../domain/staff-auth';
import {
  CandidatesService,
  InterviewsService,
  JobsService,
  QuestionnairesService,
  QuestionsService,
  StaffAccountsService,
} from '../manage/manage-services';
import { DiskWatch } from '../monitor/disk-watch';
import { LiveMonitor } from '../monitor/live-monitor';
import { DiagnosticsService } from '../monitor/station-diagnostics';
import { DiagnosticsBundles } from '../manage/diagnostics-bundle';
import { LegalHolds } from '../privacy/legal-holds';
import { RetentionPurge } from '../privacy/retention-purge';
import { sealPlainFilesAfter } from '../privacy/seal-plain-files';
import { chromiumPdfPrinter } from '../review/pdf-printer';
import { ReviewService } from '../review/review-service';
import { AnswerSuggestions } from '../review/answer-suggestions';
import { readSignalSettings } from '../settings/signal-settings';
import { StationSettings } from '../settings/station-settings';
import { TranscriptionService } from '../transcription/transcription-service';
import { ResumesService, storedResumeText } from '../screening/resumes';
import { createFitFeedback } from '../screening/fit-feedback';
import { composeGemini } from './compose-gemini';
import { startEnvironmentChecks, type EnvironmentChecks } from './environment-checks';
import { ScreeningService } from '../screening/screenings';
import { offlineQuestions } from '../screening/offline-questions';
import { QuestionDraftsService } from '../screening/question-drafts';
import { SyncService } from '../sync/sync-service';

import type { ComposeOptions } from './compose-options';
export type { ComposeOptions } from './compose-options';

const EXPORT_SWEEP_MS = 60 * 60 * 1000;
const DISK_CHECK_MS = 5000;
const PURGE_EVERY_MS = 24 * 60 * 60 * 1000;

export interface ComposedStation {
  services: Services;
  /** The environment checks; the Electron shell reports displays and focus to them. */
  environment: EnvironmentChecks;
  /** Stops sessions (they stay resumable), capture and transcription; the caller closes the db. */
  close(): Promise<void>;
}

/**
 * The composition root: builds every service of a station in dependency order, and is the one
 * place that says who hears what. Lifecycle: the session runner tells `SessionEvents`, which
 * tells capture, then transcription, then the live monitor. Capture tells the candidate's
 * notices and the live monitor of signals, events and devices, and transcription of stored
 * answer media.
 */
export function composeStation(opts: ComposeOptions): ComposedStation {
  const { db, clock, log, dataDir } = opts;
  if (!dataDir && (opts.capture || opts.transcriptionWorkerFile)) {
    // Recordings, clips and transcription jobs' audio live in the data folder.
    throw new Error('Capture and transcription need a data folder.');
  }
  const { thresholds, ...signalOptions } = readSignalSettings(db, log);

  const tokens = new CandidateTokens();
  const checkIn = new CheckIn(db, clock, opts.stationKey);
  const staff = new StaffAuth(db, clock);
  // Both the station (settings key `notices.candidate`) and the interview must want notices.
  const notices = new NoticeBoard(
    (sessionId) =>
      readSetting<boolean>(db, 'notices.candidate') !== false && candidateNoticesOn(db, sessionId),
  );
  const monitor = new LiveMonitor({ db, clock, thresholds, log });
  const ai = composeGemini({
    db,
    clock,
    log,
    dataDir,
    filesKey: opts.sealing?.filesKey ?? null,
    managed: opts.geminiManaged,
    tuning: opts.gemini,
  });
  const { keys: geminiKeys, gemini, questions: geminiQuestions } = ai;
  const suggestions = new AnswerSuggestions({ db, clock, log, scorer: ai.scorer });
  // Transcription (whisper.cpp in its own process); without a model its jobs just wait.
  const transcription =
    opts.transcriptionWorkerFile && dataDir
      ? new TranscriptionService({
          db,
          dataDir,
          resourcesDir: opts.resourcesDir,
          workerFile: opts.transcriptionWorkerFile,
          startNodeChild: opts.startNodeChild,
          clock,
          log,
          filesKey: opts.sealing?.filesKey ?? null,
          onAnswerTranscribed: (answerId) => suggestions.enqueue(answerId),
        })
      : null;

  const capture =
    opts.capture && dataDir
      ? opts.capture({
          db,
          clock,
          dataDir,
          sealWith: opts.sealing?.sealNew ? opts.sealing.filesKey : null,
          resourcesDir: opts.resourcesDir,
          log,
          thresholds,
          signalOptions,
          // Signal setting changes apply from the next session on, without a restart. Face
          // landmarks (face geometry) run only for a candidate who signed the biometric release.
          signalsNow: (sessionId) => {
            const { thresholds: now, ...options } = readSignalSettings(db, log);
            const released = biometricReleasedForSession(db, sessionId);
            // Read at every start, so a resumed session (after a crash too) measures from the
            // baseline its device check recorded.
            const baseline = readCalibration(db, sessionId, log);
            return {
              thresholds: now,
              signalOptions: released ? { ...options, baseline } : { ...options, landmarkEvery: 0 },
            };
          },
          onSignals: (sessionId, signals) => {
            notices.observe(sessionId, signals.tMs, signals.faceCount);
            monitor.signals(sessionId, signals);
          },
          onEvent: (sessionId, event) => monitor.event(sessionId, event),
          onDevice: (sessionId, device, lost) => {
            notices.device(sessionId, device, lost);
            monitor.device(sessionId, device, lost);
          },
          // A stored audio or video answer is transcribed right away (when a model is there).
          onAnswerMedia: (answerId) => transcription?.enqueueAnswer(answerId),
        })
      : null;
  const recorder = capture?.recorder ?? null;
  const devices = capture?.devices ?? null;

  const listeners: SessionListener[] = [];
  if (devices) {
    // First: the device check's baseline is stored before capture reads it for the session.
    listeners.push({
      started: (id) => {
        const baseline = devices.check.takeBaseline();
        if (baseline) saveCalibration(db, id, baseline);
      },
    });
  }
  if (recorder) {
    // Capture opens the devices as a session starts and records its answers.
    listeners.push(recorder);
    // A session's own recording is transcribed once capture has stopped and stored it, unless
    // the candidate withdrew and asked for the interview to be deleted.
    if (transcription) {
      listeners.push({
        ended: (id) => {
          if (!erasureRequestedForSession(db, id)) transcription.sessionEnded(id);
        },
      });
    }
  }
  // Staff's live view follows every session, with a camera or without.
  listeners.push(monitor);
  // Written answers are final when their session ends: their scores are suggested then.
  listeners.push({ ended: (id) => suggestions.sessionEnded(id) });
  // Sync: the outbox hooks are registered now, before any session can finish; the loop starts
  // below and hears each session's end.
  const sync = new SyncService({
    db,
    dataDir,
    clock,
    log,
    workerFile: null,
    stationName: opts.config.stationName,
    filesKey: opts.sealing?.filesKey ?? null,
    runningSessions: () => sessions.running().map((s) => s.sessionId),
    ...opts.sync,
  });
  listeners.push({ started: () => sync.sessionStarted(), ended: () => sync.wake() });
  const sessions = new SessionRunner(
    db,
    clock,
    (interviewId) => tokens.revokeInterview(interviewId),
    new SessionEvents(recorder !== null, listeners),
    log,
  );

  // The data folder's free space: check-in and session start ask it; the watch checks it
  // every few seconds, stops recording below the floor and tells candidate and staff.
  const disk = new DiskSpace(dataDir, opts.freeSpaceFloorBytes ?? DEFAULT_FREE_SPACE_FLOOR_BYTES);
  const diskWatch = new DiskWatch({
    disk,
    clock,
    log,
    running: () => sessions.running().map((s) => s.sessionId),
    stopRecording: (sessionId) => recorder?.stopRecording?.(sessionId) ?? false,
    resumeRecording: (sessionId) => {
      const session = sessions.running().find((s) => s.sessionId === sessionId);
      if (!session || !recorder?.resumeRecording) return false;
      return recorder.resumeRecording(sessionId, session.startedAt, session.phase);
    },
    tellCandidate: (sessionId, low) => notices.storage(sessionId, low),
  });
  const diskTimer = dataDir
    ? setInterval(() => diskWatch.check(), opts.diskCheckMs ?? DISK_CHECK_MS)
    : null;
  diskTimer?.unref();
  // Remote-desktop, meeting and recording tools beside the station, acted on as IT set it.
  const environment = startEnvironmentChecks({
    db,
    clock,
    log,
    sessions,
    everyMs: opts.environmentCheckMs ?? null,
  });

  const review = new ReviewService({
    db,
    clock,
    config: opts.config,
    log,
    dataDir,
    printer: opts.printer ?? chromiumPdfPrinter(),
    sealing: opts.sealing,
  });

  // The retention purge: never an interview whose session the runner has open.
  const retention =
    dataDir && opts.retentionPurge !== false
      ? new RetentionPurge({
          db,
          dataDir,
          clock,
          log,
          runningSessions: () => sessions.running().map((s) => s.sessionId),
          mayPurge: (sessionId) => sync.mayPurge(sessionId),
        })
      : null;

  const diagnostics = new DiagnosticsService({
    db,
    dataDir,
    feed: devices?.feed ?? null,
    transcription,
    monitor,
    disk: diskWatch,
    retention: () => retention?.state() ?? null,
    environment: () => ({
      remoteTools: environment.remoteTools?.state() ?? null,
      displays: environment.displays.state(),
      virtualMachine: environment.virtualMachine?.state() ?? null,
    }),
    sync: () => sync.status(),
    managedConfig: opts.managedConfig,
  });
  const services: Services = {
    db,
    dataDir,
    clock,
    config: opts.config,
    log,
    tokens,
    notices,
    monitor,
    transcription,
    devices,
    sessions,
    checkIn,
    staff,
    adminGate: new AdminGate(db, clock),
    geminiKeys,
    suggestions,
    settings: new StationSettings(db, opts.managedSettings, clock),
    diagnostics,
    diagnosticsBundles: new DiagnosticsBundles({
      db,
      dataDir,
      clock,
      sealing: opts.sealing ?? NO_SEALING,
      report: () => diagnostics.report(),
      secretValues: () => [
        geminiKeys.read()?.apiKey,
        opts.geminiManaged?.apiKey,
        opts.sync?.managed?.code,
        ...sync.secretValues(),
      ],
    }),
    jobs: new JobsService(db, clock),
    questions: new QuestionsService(db, clock),
    questionnaires: new QuestionnairesService(db, clock),
    candidates: new CandidatesService(db, clock),
    resumes: new ResumesService(db, clock, { workerFile: opts.resumeWorkerFile }),
    // Screening reads the résumé text staff uploaded (screening/resumes.ts).
    screenings: new ScreeningService(
      db,
      clock,
      opts.resumeTexts ?? storedResumeText,
      createFitFeedback(gemini),
    ),
    // Gemini may be offered only where a key is configured; the proposer falls back offline.
    questionDrafts: new QuestionDraftsService(
      db,
      clock,
      opts.questionGenerators ??
        ((provider) => (provider === 'gemini' ? geminiQuestions : offlineQuestions)),
      () => geminiKeys.status().configured,
    ),
    interviews: new InterviewsService(db, clock, {
      tokens,
      checkIn,
      stationName: opts.config.stationName,
      stationKey: opts.stationKey,
    }),
    staffAccounts: new StaffAccountsService(db, clock, staff),
    auditLog: new AuditLogService(db, clock),
    jobAccess: new JobAccess(db),
    biasReport: new BiasReportService(db, clock),
    candidateDesk: new CandidateDesk(db, clock, {
      checkIn,
      tokens,
      sessions,
      retentionDays: opts.config.retentionDays,
      devices: devices !== null,
      // What the notice may say: the camera and microphone capture opened, face landmarks
      // unless the station turned them off, and the AI scorer when a Gemini key is configured.
      abilities: () => ({
        camera: devices !== null,
        microphone: capture?.microphone ?? false,
        faceGeometry: devices !== null && readSignalSettings(db, log).landmarkEvery !== 0,
        // Asked only when a Gemini key is configured (and the interview allows AI scoring).
        scorer: geminiKeys.status().configured ? { name: 'Google Gemini' } : null,
      }),
      disk,
      environment,
    }),
    holds: new LegalHolds(db, clock),
    sync,
    erasures: new Erasures({ db, clock, purgeNow: retention ? () => retention.run() : null }),
    retention,
    review,
    candidateArchives: new CandidateArchives({
      db,
      dataDir,
      clock,
      log,
      sealing: opts.sealing ?? NO_SEALING,
      printReport: (staff, interviewId, file) => review.printReport(staff, interviewId, file),
    }),
  };
  // Exported reports hold candidates' answers: gone within the hour even if nobody exports again.
  // The audit log is kept as long as its retention setting says, checked at the same pace.
  const sweep = () => {
    services.review.expireExports();
    services.auditLog.prune();
  };
  sweep();
  const exportSweep = setInterval(sweep, EXPORT_SWEEP_MS);
  exportSweep.unref();
  // At start (finishing a purge a crash cut off, then the storage check) and daily after, in
  // short steps between which the interview in progress runs; a problem is logged, not thrown.
  const started = retention?.start() ?? Promise.resolve();
  // Then, with encryption at rest on, the plain files of the station's past are sealed.
  const sealing = sealPlainFilesAfter(started, { db, dataDir, sealing: opts.sealing, log });
  void sync.start();
  const purgeTimer = retention ? setInterval(() => void retention.run(), PURGE_EVERY_MS) : null;
  purgeTimer?.unref();
  return {
    services,
    environment,
    async close() {
      clearInterval(exportSweep);
      if (diskTimer) clearInterval(diskTimer);
      environment.stop();
      if (purgeTimer) clearInterval(purgeTimer);
      await retention?.stop();
      await sync.close();
      await sealing.stop();
      sessions.close();
      await devices?.check.stop();
      await recorder?.settle();
      await transcription?.close();
      await suggestions.settle();
    },
  };
}
