import type { AnswerSuggestions } from '../review/answer-suggestions';
import type { Db } from '../../db/open';
import type { DeviceCheck } from '../capture/device-check';
import type { DeviceFeed } from '../capture/device-feed';
import type { Clock } from '../core/clock';
import type { AdminGate } from '../domain/admin-gate';
import type { CandidateDesk } from '../domain/candidate-desk';
import type { CandidateTokens } from '../domain/candidate-tokens';
import type { CheckIn } from '../domain/check-in';
import type { JobAccess } from '../domain/job-access';
import type { NoticeBoard } from '../domain/notice-board';
import type { SessionRunner } from '../domain/session-runner';
import type { StaffAuth } from '../domain/staff-auth';
import type { ResumesService } from '../screening/resumes';
import type {
  CandidatesService,
  InterviewsService,
  JobsService,
  QuestionnairesService,
  QuestionsService,
  StaffAccountsService,
} from '../manage/manage-services';
import type { AuditLogService } from '../manage/audit-log';
import type { ScreeningService } from '../screening/screenings';
import type { QuestionDraftsService } from '../screening/question-drafts';
import type { Erasures } from '../privacy/erasure';
import type { CandidateArchives } from '../manage/candidate-archive/candidate-archives';
import type { BiasReportService } from '../manage/bias-report';
import type { LiveMonitor } from '../monitor/live-monitor';
import type { DiagnosticsService } from '../monitor/station-diagnostics';
import type { DiagnosticsBundles } from '../manage/diagnostics-bundle';
import type { LegalHolds } from '../privacy/legal-holds';
import type { RetentionPurge } from '../privacy/retention-purge';
import type { ReviewService } from '../review/review-service';
import type { StationSettings } from '../settings/station-settings';
import type { GeminiKeyStore } from '../evaluation/gemini-key-store';
import type { TranscriptionService } from '../transcription/transcription-service';
import type { SyncService } from '../sync/sync-service';

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
  /** Suggested scores for spoken and written answers (review/answer-suggestions.ts). */
  suggestions: AnswerSuggestions;
  db: Db;
  /** Sync to the organisation's receiver: enrolment, the outbox, status (sync/sync-service.ts). */
  sync: SyncService;
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
  /** The Gemini API key (sealed in the data folder, or IT's): main's scorer reads it. */
  geminiKeys: GeminiKeyStore;
  /** Station settings admins change (those IT's managed config has not pinned). */
  settings: StationSettings;
  /** Versions, devices, transcription and disk space, for the staff's Station tab. */
  diagnostics: DiagnosticsService;
  /** The zip support asks for: diagnostics, masked settings, recent logs (admins). */
  diagnosticsBundles: DiagnosticsBundles;
  /** Management: what interviews are made of, who takes them, and staff accounts. */
  jobs: JobsService;
  questions: QuestionsService;
  questionnaires: QuestionnairesService;
  candidates: CandidatesService;
  /** Candidates' résumés, uploaded by staff and kept as text. */
  resumes: ResumesService;
  interviews: InterviewsService;
  staffAccounts: StaffAccountsService;
  /** Résumés screened against jobs' requirements, and staff decisions on the suggestions. */
  screenings: ScreeningService;
  /** Questions proposed for a job (offline or Gemini), drafts until staff accept them. */
  questionDrafts: QuestionDraftsService;
  /** The audit log as admins read, export and (by its retention) prune it. */
  auditLog: AuditLogService;
  /** Copies of everything held about one candidate, made in the background (GDPR Art. 15). */
  candidateArchives: CandidateArchives;
  /** Which jobs' interviews a staff member may see; every staff door asks it. */
  jobAccess: JobAccess;
  /** Erasure of a candidate on request, through the retention purge's own steps. */
  erasures: Erasures;
  /** The admin's bias report by self-identified category (the only reader of those rows). */
  biasReport: BiasReportService;
  /** The candidate's steps (check in, consent, start, resume, drafts) and the recovery list. */
  candidateDesk: CandidateDesk;
  /** Legal holds on interviews, which the retention purge never deletes. */
  holds: LegalHolds;
  /** The retention purge (at start and daily); null without a data folder. */
  retention: RetentionPurge | null;
  log: (line: string) => void;
}
