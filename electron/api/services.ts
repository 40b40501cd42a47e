import type { Db } from '../../db/open';
import type { DeviceCheck } from '../capture/device-check';
import type { DeviceFeed } from '../capture/device-feed';
import type { Clock } from '../core/clock';
import type { AdminGate } from '../domain/admin-gate';
import type { CandidateTokens } from '../domain/candidate-tokens';
import type { CheckIn } from '../domain/check-in';
import type { NoticeBoard } from '../domain/notice-board';
import type { SessionRunner } from '../domain/session-runner';
import type { StaffAuth } from '../domain/staff-auth';
import type { LiveMonitor } from '../monitor/live-monitor';
import type { ReviewService } from '../review/review-service';
import type { StationSettings } from '../settings/station-settings';
import type { TranscriptionService } from '../transcription/transcription-service';

export interface StationConfig {
  stationName: string;
  retentionDays: number;
}

export interface StationDevices {
  feed: DeviceFeed;
  check: DeviceCheck;
}

/**
 * Everything the routers call, as the composition root (electron/station/compose-station.ts)
 * built it: one instance per station process, with real parts.
 */
export interface Services {
  db: Db;
  /** The station's data folder; null for an in-memory test database (no media, no exports). */
  dataDir: string | null;
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
