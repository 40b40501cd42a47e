import type { Db } from '../../db/open';
import { StationSettings } from '../settings/station-settings';
import type { DeviceCheck } from '../capture/device-check';
import type { DeviceFeed } from '../capture/device-feed';
import { LiveMonitor } from '../monitor/live-monitor';
import { withLiveMonitor } from '../monitor/monitor-hooks';
import { AdminGate } from '../domain/admin-gate';
import { CandidateTokens } from '../domain/candidate-tokens';
import { CheckIn } from '../domain/check-in';
import { NoticeBoard } from '../domain/notice-board';
import { candidateNoticesOn } from '../domain/session-store';
import { readSetting } from '../core/setting-store';
import { ReviewService } from '../review/review-service';
import type { Clock } from '../core/clock';
import type { SessionHooks } from '../domain/session-events';
import { SessionRunner } from '../domain/session-runner';
import { StaffAuth } from '../domain/staff-auth';
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
  return {
    ...rest,
    monitor,
    settings: new StationSettings(opts.db, managedSettings),
    transcription: opts.transcription ?? null,
    devices: devices ?? null,
    tokens,
    checkIn: new CheckIn(opts.db, opts.clock),
    sessions: new SessionRunner(
      opts.db,
      opts.clock,
      (interviewId) => tokens.revokeInterview(interviewId),
      withLiveMonitor(sessionHooks ?? null, monitor),
    ),
    adminGate: new AdminGate(opts.db, opts.clock),
    staff: new StaffAuth(opts.db, opts.clock),
    review: new ReviewService(opts),
    // Both the station (settings key `notices.candidate`) and the interview must want notices.
    notices: new NoticeBoard(
      (sessionId) =>
        readSetting<boolean>(opts.db, 'notices.candidate') !== false &&
        candidateNoticesOn(opts.db, sessionId),
    ),
  };
}
