/**
 * The tables of the privacy lifecycle, apart from the data model proper (db/schema.ts, which
 * they reference): optional self-identification for the bias audit, legal holds, purges under
 * way, and the anonymised aggregates a purge keeps. Generated into db/migrations/ like it.
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { APPLICATION_STATUSES, INTERVIEW_STATUSES } from '../shared/enums';
import { RACE_ETHNICITY_CATEGORIES, SEX_CATEGORIES } from '../shared/self-identification';
import { interviews, users } from './schema';

/**
 * A candidate's optional self-identification for the bias report, one row per interview, kept
 * apart from the interview and candidate rows so that nothing a scorer reads joins it (review,
 * exports and AI scoring never select from it). Goes with its interview (on delete cascade).
 * A column is null when the candidate left that question unanswered.
 */
export const selfIdentifications = sqliteTable('self_identifications', {
  interviewId: integer()
    .primaryKey()
    .references(() => interviews.id, { onDelete: 'cascade' }),
  sex: text({ enum: SEX_CATEGORIES }),
  raceEthnicity: text({ enum: RACE_ETHNICITY_CATEGORIES }),
  recordedAt: integer().notNull(),
});

/**
 * A legal hold on one interview: while a row has no `liftedAt`, the retention purge never
 * touches the interview. Set and lifted by staff with a reason; the audit log keeps who and
 * when (not the reason, which is free text). Deleted with the interview when it is purged.
 */
export const legalHolds = sqliteTable(
  'legal_holds',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    interviewId: integer()
      .notNull()
      .references(() => interviews.id),
    reason: text().notNull(),
    setBy: integer()
      .notNull()
      .references(() => users.id),
    setAt: integer().notNull(),
    liftedBy: integer().references(() => users.id),
    liftedAt: integer(),
    liftReason: text(),
  },
  (t) => [index('legal_holds_interview_idx').on(t.interviewId, t.liftedAt)],
);

/**
 * A retention purge under way: written before anything is deleted, so a purge killed halfway
 * is finished at the next start. Removed once the interview's rows and files are gone.
 */
export const purges = sqliteTable('purges', {
  id: integer().primaryKey({ autoIncrement: true }),
  /** Not a reference: the purge deletes the interview row this names. */
  interviewId: integer().notNull().unique(),
  sessionId: integer(),
  startedAt: integer().notNull(),
  /** Set in the transaction that deletes the interview's rows; null while they are there. */
  rowsDeletedAt: integer(),
  /** Media files to delete, relative to the data folder (no names: `media/session-<id>/…`). */
  files: text({ mode: 'json' }).$type<string[]>().notNull(),
  /** Row counts per table deleted so far. */
  rows: text({ mode: 'json' })
    .$type<Record<string, number>>()
    .notNull()
    .default(sql`'{}'`),
  filesDeleted: integer().notNull().default(0),
  bytesDeleted: integer().notNull().default(0),
});

/**
 * What is kept of a purged interview, for statistics only: no name, email, access code, free
 * text, media or interview id; dates are days (YYYY-MM-DD, UTC).
 */
export const interviewAggregates = sqliteTable(
  'interview_aggregates',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    jobId: integer().notNull(),
    scheduledOn: text().notNull(),
    /** The day the session started; null when the interview never ran. */
    heldOn: text(),
    purgedOn: text().notNull(),
    status: text({ enum: INTERVIEW_STATUSES }).notNull(),
    decision: text({ enum: APPLICATION_STATUSES }).notNull(),
    overallScore: integer(),
    questionCount: integer().notNull(),
    answeredCount: integer().notNull(),
    /** Whole minutes from start to end of the session; null when it never ran. */
    sessionMinutes: integer(),
    consentedRecording: integer({ mode: 'boolean' }),
    consentedSignals: integer({ mode: 'boolean' }),
    /** Proctoring events by type (EVENT_TYPES), zero counts left out. */
    eventCounts: text({ mode: 'json' })
      .$type<Record<string, number>>()
      .notNull()
      .default(sql`'{}'`),
  },
  (t) => [index('interview_aggregates_job_idx').on(t.jobId, t.scheduledOn)],
);
