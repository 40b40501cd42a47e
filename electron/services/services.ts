import type { Db } from '../../db/open';
import { StationSettings } from '../settings/station-settings';
import type { DeviceCheck } from '../capture/device-check';
import type { DeviceFeed } from '../capture/device-feed';
import {
  CandidatesService,
  InterviewsService,
  JobsService,
  QuestionnairesService,
  QuestionsService,
  StaffAccountsService,
} from '../manage/manage-services';
import { LiveMonitor } from '../monitor/live-monitor';
import { DiagnosticsService } from '../monitor/station-diagnostics';
import { withLiveMonitor } from '../monitor/monitor-hooks';
import { AdminGate } from './admin-gate';
import { CandidateDesk } from './candidate-desk';
import { CandidateTokens } from './candidate-tokens';
import { CheckIn } from './check-in';
import { NoticeBoard } from './notice-board';
import { candidateNoticesOn } from './session-store';
import { readSetting } from './settings';
import { databaseFolder, ReviewService } from '../review/review-service';
import type { Clock } from './clock';
import type { SessionHooks } from './session-hooks';
import { SessionRunner } from './session-runner';
import { StaffAuth } from './staff-auth';
import type { TranscriptionService } from '../transcription/transcription-service';

export interface StationConfig {
  stationName: string;
  retentionDays: number;
}

export interface StationDevices {
  feed: DeviceFeed;
  check: DeviceCheck;
}

/** Everything the routers call; built once per station process with real parts. */
export interface Services {
  db: Db;
  clock: Clock;
  config: StationConfig;
  checkIn: CheckIn;
  tokens: CandidateTokens;
  sessions: SessionRunner;
  adminGate: AdminGate;
  notices: NoticeBoard;
  staff: StaffAuth;
  review: ReviewService;
  /** The station's camera and microphone as the candidate sees them; null without a camera. */
  devices: StationDevices | null;
  /** Transcripts of audio and video answers; null where the station was built without it. */
  transcription: TranscriptionService | null;
  /** The running interview as staff watch it live. */
  monitor: LiveMonitor;
  /** Station settings admins change (those IT's managed config has not pinned). */
  settings: StationSettings;
  /** Versions, devices, transcription and disk space, for the staff's Station tab. */
  diagnostics: DiagnosticsService;
  /** Management: what interviews are made of, who takes them, and staff accounts. */
  jobs: JobsService;
  questions: QuestionsService;
  questionnaires: QuestionnairesService;
  candidates: CandidatesService;
  interviews: InterviewsService;
  staffAccounts: StaffAccountsService;
  /** The candidate's steps (check in, consent, start, resume, drafts) and the recovery list. */
  candidateDesk: CandidateDesk;
  log: (line: string) => void;
}

/** Builds the services on an opened, migrated database. */
export function createServices(opts: {
  db: Db;
  clock: Clock;
  config: StationConfig;
  log: (line: string) => void;
  /** Capture follows sessions through these when the station has a camera. */
  sessionHooks?: SessionHooks | null;
  transcription?: TranscriptionService | null;
  devices?: StationDevices | null;
  /** Built by the station with its thresholds; a default one otherwise. */
  monitor?: LiveMonitor;
  /** Setting keys IT's managed config pinned at this start. */
  managedSettings?: ReadonlySet<string>;
}): Services {
  const { sessionHooks, devices, managedSettings, ...rest } = opts;
  const tokens = new CandidateTokens();
  const monitor =
    opts.monitor ?? new LiveMonitor({ db: opts.db, clock: opts.clock, log: opts.log });
  const checkIn = new CheckIn(opts.db, opts.clock);
  const staff = new StaffAuth(opts.db, opts.clock);
  const sessions = new SessionRunner(
    opts.db,
    opts.clock,
    (interviewId) => tokens.revokeInterview(interviewId),
    withLiveMonitor(sessionHooks ?? null, monitor),
  );
  const { db, clock } = opts;
  return {
    ...rest,
    monitor,
    settings: new StationSettings(opts.db, managedSettings, opts.clock),
    transcription: opts.transcription ?? null,
    devices: devices ?? null,
    diagnostics: new DiagnosticsService({
      db,
      dataDir: databaseFolder(db),
      feed: devices?.feed ?? null,
      transcription: opts.transcription ?? null,
      monitor,
    }),
    jobs: new JobsService(db, clock),
    questions: new QuestionsService(db, clock),
    questionnaires: new QuestionnairesService(db, clock),
    candidates: new CandidatesService(db, clock),
    interviews: new InterviewsService(db, clock, {
      tokens,
      checkIn,
      stationName: opts.config.stationName,
    }),
    staffAccounts: new StaffAccountsService(db, clock, staff),
    candidateDesk: new CandidateDesk(db, clock, {
      checkIn,
      tokens,
      sessions,
      retentionDays: opts.config.retentionDays,
      devices: Boolean(devices),
    }),
    tokens,
    checkIn,
    sessions,
    adminGate: new AdminGate(opts.db, opts.clock),
    staff,
    review: new ReviewService(opts),
    // Both the station (settings key `notices.candidate`) and the interview must want notices.
    notices: new NoticeBoard(
      (sessionId) =>
        readSetting<boolean>(opts.db, 'notices.candidate') !== false &&
        candidateNoticesOn(opts.db, sessionId),
    ),
  };
}
