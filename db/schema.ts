/**
 * The station's data model. This file is the truth: `npm run db:generate` writes
 * db/migrations/ from it, and the generated SQL is committed, never edited by hand.
 * Columns are snake_case in SQLite (drizzle `casing: 'snake_case'`), camelCase here.
 * Times are integer milliseconds since the Unix epoch unless a name says `Ms` on the
 * session clock (milliseconds since the session started).
 */
import type { CalibrationBaseline } from '../shared/calibration';
import { SUGGESTION_RESPONSES, type SuggestedCriterion } from '../shared/answer-suggestion';
import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import {
  DOMAINS,
  QUESTION_TYPES,
  USER_ROLES,
  INTERVIEW_STATUSES,
  APPLICATION_STATUSES,
  SESSION_STATUSES,
  SESSION_PHASES,
  ANSWER_STATUSES,
  CHECK_IN_OUTCOMES,
  EVENT_TYPES,
  SEVERITIES,
  SCORER_KINDS,
  CONSENT_KINDS,
  QUESTION_GENERATORS,
} from '../shared/enums';
import type { Rubric } from '../shared/rubric';
import type { ScreeningRequirements } from '../shared/job-requirements';

export const createdAt = () =>
  integer()
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const users = sqliteTable('users', {
  id: integer().primaryKey({ autoIncrement: true }),
  username: text().notNull().unique(),
  displayName: text().notNull(),
  role: text({ enum: USER_ROLES }).notNull(),
  passwordHash: text().notNull(),
  mustChangePassword: integer({ mode: 'boolean' }).notNull().default(true),
  failedLogins: integer().notNull().default(0),
  lockedUntil: integer(),
  /** Set when an admin switched the account off: it cannot sign in until reactivated. */
  deactivatedAt: integer(),
  createdAt: createdAt(),
});

export const jobs = sqliteTable('jobs', {
  id: integer().primaryKey({ autoIncrement: true }),
  title: text().notNull(),
  department: text(),
  description: text().notNull().default(''),
  domain: text({ enum: DOMAINS }),
  /** What résumés are screened against; null until staff set any. */
  requirements: text({ mode: 'json' }).$type<ScreeningRequirements>(),
  createdAt: createdAt(),
});

/**
 * Which recruiters hire for which job: a recruiter sees, reviews, exports and is told about
 * only the interviews of their jobs. Admins see every job and need no rows here.
 */
export const staffJobs = sqliteTable(
  'staff_jobs',
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    jobId: integer()
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.jobId] }), index('staff_jobs_job_idx').on(t.jobId)],
);

export const questions = sqliteTable(
  'questions',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    domain: text({ enum: DOMAINS }).notNull(),
    type: text({ enum: QUESTION_TYPES }).notNull(),
    prompt: text().notNull(),
    /** MCQ options as a JSON array of strings; null for other types. */
    options: text({ mode: 'json' }).$type<string[]>(),
    /** Zero-based index into `options`; null for other types. */
    correctOption: integer(),
    readingSeconds: integer().notNull(),
    answerSeconds: integer().notNull(),
    /**
     * What an audio, video or text answer is scored against (shared/rubric.ts); null for an
     * MCQ, and for an open question made before rubrics existed.
     */
    rubric: text({ mode: 'json' }).$type<Rubric>(),
    archived: integer({ mode: 'boolean' }).notNull().default(false),
    /** Who proposed it, when it entered the bank from an accepted draft; null: by hand. */
    generatedBy: text({ enum: QUESTION_GENERATORS }),
    createdAt: createdAt(),
  },
  (t) => [index('questions_domain_idx').on(t.domain, t.type)],
);

export const questionnaires = sqliteTable('questionnaires', {
  id: integer().primaryKey({ autoIncrement: true }),
  title: text().notNull(),
  jobId: integer().references(() => jobs.id),
  /** How many extra attempts a candidate may take at an audio or video answer. */
  retakesAllowed: integer().notNull().default(0),
  createdAt: createdAt(),
});

export const questionnaireQuestions = sqliteTable(
  'questionnaire_questions',
  {
    questionnaireId: integer()
      .notNull()
      .references(() => questionnaires.id, { onDelete: 'cascade' }),
    questionId: integer()
      .notNull()
      .references(() => questions.id),
    position: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.questionnaireId, t.position] }),
    uniqueIndex('questionnaire_questions_unique').on(t.questionnaireId, t.questionId),
  ],
);

export const candidates = sqliteTable('candidates', {
  id: integer().primaryKey({ autoIncrement: true }),
  fullName: text().notNull(),
  email: text(),
  createdAt: createdAt(),
});

export interface Accommodations {
  /** Extra time on every answer limit, in percent. */
  extraTimePercent: number;
  /** Whether on-screen proctoring notices are shown to this candidate. */
  candidateNotices: boolean;
}

export const interviews = sqliteTable(
  'interviews',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    candidateId: integer()
      .notNull()
      .references(() => candidates.id),
    jobId: integer()
      .notNull()
      .references(() => jobs.id),
    questionnaireId: integer()
      .notNull()
      .references(() => questionnaires.id),
    /**
     * HMAC-SHA256 of the normalised access code under the station key (hex). The code itself
     * is never stored: it is shown to staff once, when issued.
     */
    accessCodeHash: text().notNull().unique(),
    /** When the current code was issued; null for codes issued before 0004 (see createdAt). */
    codeIssuedAt: integer(),
    status: text({ enum: INTERVIEW_STATUSES }).notNull().default('scheduled'),
    applicationStatus: text({ enum: APPLICATION_STATUSES }).notNull().default('Interview Required'),
    expiresAt: integer().notNull(),
    accommodations: text({ mode: 'json' })
      .$type<Accommodations>()
      .notNull()
      .default(sql`'{"extraTimePercent":0,"candidateNotices":true}'`),
    aiScoring: integer({ mode: 'boolean' }).notNull().default(false),
    /** What a candidate who declines recording is offered instead, as set by the recruiter. */
    alternativePath: text().notNull(),
    isDemo: integer({ mode: 'boolean' }).notNull().default(false),
    /**
     * The candidate asked for everything of this interview to be deleted (withdrawing
     * consent): the erase machinery deletes it, and review shows it must not be used.
     */
    erasureRequestedAt: integer(),
    createdAt: createdAt(),
  },
  (t) => [index('interviews_status_idx').on(t.status)],
);

/**
 * What a candidate was shown and what they decided, one row per decision: the notice
 * ('notice': its choices), the separate biometric release ('biometric'), and a withdrawal
 * during the interview ('withdrawal'). Each row keeps the exact text shown and its version,
 * which is derived from that text (electron/domain/consent-notice.ts).
 */
export const consents = sqliteTable('consents', {
  id: integer().primaryKey({ autoIncrement: true }),
  interviewId: integer()
    .notNull()
    .references(() => interviews.id),
  kind: text({ enum: CONSENT_KINDS }).notNull().default('notice'),
  noticeVersion: text().notNull(),
  /** The text the candidate read; null only on rows older than this column. */
  noticeText: text(),
  /** Agreed to (false when declined, or not asked because the station records nothing). */
  recording: integer({ mode: 'boolean' }).notNull(),
  signals: integer({ mode: 'boolean' }).notNull(),
  /** Null when not asked (no AI scorer, or the interview does not use one). */
  aiScoring: integer({ mode: 'boolean' }),
  /**
   * 'notice': every required choice was given, so the interview may go on; 'biometric': the
   * release was given; 'withdrawal': always false. Null only on rows older than this column.
   */
  agreed: integer({ mode: 'boolean' }),
  /** On 'withdrawal' rows: keep the answers given so far (false: erase the interview). */
  keepAnswers: integer({ mode: 'boolean' }),
  /** On 'withdrawal' rows: the session-clock time (ms) it happened. */
  atMs: integer(),
  decidedAt: integer().notNull(),
});

export const checkInAttempts = sqliteTable(
  'check_in_attempts',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    at: integer().notNull(),
    outcome: text({ enum: CHECK_IN_OUTCOMES }).notNull(),
    interviewId: integer().references(() => interviews.id),
  },
  (t) => [index('check_in_attempts_at_idx').on(t.at)],
);

export const sessions = sqliteTable('sessions', {
  id: integer().primaryKey({ autoIncrement: true }),
  /** One interview gets one session: a used access code cannot start a second. */
  interviewId: integer()
    .notNull()
    .unique()
    .references(() => interviews.id),
  status: text({ enum: SESSION_STATUSES }).notNull().default('active'),
  startedAt: integer().notNull(),
  endedAt: integer(),
  currentPosition: integer().notNull().default(0),
  phase: text({ enum: SESSION_PHASES }).notNull().default('reading'),
  /** Time spent in the current phase up to the last heartbeat; what a resume starts from. */
  phaseElapsedMs: integer().notNull().default(0),
  lastHeartbeatAt: integer().notNull(),
  /** Session-clock time (ms) at the last heartbeat. */
  clockMs: integer().notNull().default(0),
  integrityFlags: text({ mode: 'json' })
    .$type<string[]>()
    .notNull()
    .default(sql`'[]'`),
  /**
   * The candidate's neutral head pose and gaze from the device check (shared/calibration.ts):
   * looking-away is measured from it, also after a resume. Null: not calibrated (older
   * sessions, a station without calibration): absolute angles.
   */
  calibration: text({ mode: 'json' }).$type<CalibrationBaseline>(),
});

export const sessionSegments = sqliteTable(
  'session_segments',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    sessionId: integer()
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    ordinal: integer().notNull(),
    startMs: integer().notNull(),
    endMs: integer(),
    startedAt: integer().notNull(),
  },
  (t) => [uniqueIndex('session_segments_ordinal').on(t.sessionId, t.ordinal)],
);

export const media = sqliteTable('media', {
  id: integer().primaryKey({ autoIncrement: true }),
  sessionId: integer()
    .notNull()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  segmentId: integer().references(() => sessionSegments.id),
  kind: text({ enum: ['recording', 'answer_audio', 'answer_video', 'thumbnail'] }).notNull(),
  /** Relative to the station's data folder; never sent to the renderer. */
  relativePath: text().notNull(),
  mimeType: text().notNull(),
  startMs: integer().notNull(),
  endMs: integer(),
  createdAt: createdAt(),
});

export const answers = sqliteTable(
  'answers',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    sessionId: integer()
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    questionId: integer()
      .notNull()
      .references(() => questions.id),
    position: integer().notNull(),
    status: text({ enum: ANSWER_STATUSES }).notNull().default('pending'),
    text: text(),
    choice: integer(),
    mediaId: integer().references(() => media.id),
    transcript: text(),
    attempts: integer().notNull().default(0),
    startedMs: integer(),
    endedMs: integer(),
    updatedAt: integer().notNull(),
  },
  (t) => [uniqueIndex('answers_session_position').on(t.sessionId, t.position)],
);

export const scores = sqliteTable('scores', {
  id: integer().primaryKey({ autoIncrement: true }),
  answerId: integer()
    .notNull()
    .references(() => answers.id, { onDelete: 'cascade' }),
  scorerKind: text({ enum: SCORER_KINDS }).notNull(),
  scorerUserId: integer().references(() => users.id),
  /** 0–100. */
  score: integer().notNull(),
  rationale: text(),
  createdAt: createdAt(),
  // A scorer's suggestion ('rubric' = the offline scorer, 'gemini'): how it was made, the
  // evidence per criterion, and what a recruiter did with it. Null on recruiter and MCQ scores.
  model: text(),
  promptVersion: text(),
  criteria: text({ mode: 'json' }).$type<SuggestedCriterion[]>(),
  fallbackReason: text(),
  inputTokens: integer(),
  outputTokens: integer(),
  latencyMs: integer(),
  response: text({ enum: SUGGESTION_RESPONSES }),
  respondedBy: integer().references(() => users.id),
  respondedAt: integer(),
});

export const signalFrames = sqliteTable(
  'signal_frames',
  {
    sessionId: integer()
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    tMs: integer().notNull(),
    faceCount: integer().notNull(),
    faceConfidence: real(),
    faceBox: text({ mode: 'json' }).$type<[number, number, number, number]>(),
    earLeft: real(),
    earRight: real(),
    earAvg: real(),
    blink: integer({ mode: 'boolean' }),
    pitch: real(),
    yaw: real(),
    roll: real(),
    gazeX: real(),
    gazeY: real(),
    lookingAway: integer({ mode: 'boolean' }),
    voiceActive: integer({ mode: 'boolean' }),
    rms: real(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.tMs] })],
);

/**
 * Camera frames the live signal pipeline had no room for (the worker was still busy), counted
 * per second of the session clock: the replay shows those seconds as gaps in the signals, so
 * a quiet stretch is not mistaken for nothing having happened.
 */
export const droppedFrames = sqliteTable(
  'dropped_frames',
  {
    sessionId: integer()
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    /** The session-clock second (floor of milliseconds / 1000). */
    second: integer().notNull(),
    count: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.second] })],
);

export const events = sqliteTable(
  'events',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    sessionId: integer()
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    type: text({ enum: EVENT_TYPES }).notNull(),
    startMs: integer().notNull(),
    endMs: integer(),
    severity: text({ enum: SEVERITIES }).notNull(),
    thumbnailMediaId: integer().references(() => media.id),
    details: text({ mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('events_session_idx').on(t.sessionId, t.startMs)],
);

/** The per-session aggregate of signals and events, recomputed when analysis reruns. */
export const sessionSummaries = sqliteTable('session_summaries', {
  sessionId: integer()
    .primaryKey()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  computedAt: integer().notNull(),
  summary: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull(),
});

export interface TranscriptWord {
  word: string;
  startMs: number;
  endMs: number;
}

export const transcripts = sqliteTable('transcripts', {
  id: integer().primaryKey({ autoIncrement: true }),
  sessionId: integer()
    .notNull()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  answerId: integer().references(() => answers.id, { onDelete: 'cascade' }),
  model: text().notNull(),
  language: text(),
  /** Speech analytics for an answer (speaking time, words per minute, pauses, fillers). */
  analytics: text({ mode: 'json' }).$type<Record<string, unknown>>(),
  createdAt: createdAt(),
});

export const TRANSCRIPTION_JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;

/** Transcription work that survives a restart: one job per answer, and one per session. */
export const transcriptionJobs = sqliteTable(
  'transcription_jobs',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    sessionId: integer()
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    /** Null for the whole-session job. */
    answerId: integer().references(() => answers.id, { onDelete: 'cascade' }),
    status: text({ enum: TRANSCRIPTION_JOB_STATUSES }).notNull().default('queued'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: integer().notNull(),
    /** 0–1 while running. */
    progress: real().notNull().default(0),
    lastError: text(),
    createdAt: createdAt(),
    updatedAt: integer().notNull(),
  },
  (t) => [index('transcription_jobs_status_idx').on(t.status, t.nextAttemptAt)],
);

export const transcriptSegments = sqliteTable(
  'transcript_segments',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    transcriptId: integer()
      .notNull()
      .references(() => transcripts.id, { onDelete: 'cascade' }),
    startMs: integer().notNull(),
    endMs: integer().notNull(),
    text: text().notNull(),
    words: text({ mode: 'json' }).$type<TranscriptWord[]>(),
  },
  (t) => [index('transcript_segments_idx').on(t.transcriptId, t.startMs)],
);

export const evaluations = sqliteTable('evaluations', {
  id: integer().primaryKey({ autoIncrement: true }),
  interviewId: integer()
    .notNull()
    .references(() => interviews.id),
  reviewerId: integer()
    .notNull()
    .references(() => users.id),
  decision: text({ enum: APPLICATION_STATUSES }).notNull(),
  overallScore: integer(),
  notes: text(),
  createdAt: createdAt(),
});

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    at: integer().notNull(),
    actorKind: text({ enum: ['station', 'candidate', 'recruiter', 'admin'] }).notNull(),
    actorId: integer(),
    action: text().notNull(),
    subjectType: text(),
    subjectId: integer(),
    details: text({ mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_log_at_idx').on(t.at)],
);

export const syncOutbox = sqliteTable('sync_outbox', {
  id: integer().primaryKey({ autoIncrement: true }),
  kind: text().notNull(),
  subjectId: integer().notNull(),
  payload: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  attempts: integer().notNull().default(0),
  nextAttemptAt: integer().notNull(),
  sentAt: integer(),
  lastError: text(),
  createdAt: createdAt(),
});

/** Station settings set at first run (admin PIN hash, station name); a managed config overrides. */
export const settings = sqliteTable('settings', {
  key: text().primaryKey(),
  value: text({ mode: 'json' }).$type<unknown>().notNull(),
});
