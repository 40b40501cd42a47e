/**
 * The tables of résumé screening, apart from the data model proper (db/schema.ts, which they
 * reference): a candidate's résumé as text, and each screening of it for a job. Both go with
 * the candidate. Generated into db/migrations/ like it.
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { APPLICATION_STATUSES } from '../shared/enums';
import type { ResumeFit, ScreeningResult } from '../shared/job-requirements';
import { candidates, createdAt, jobs, users } from './schema';

/**
 * A candidate's résumé as text, one per candidate (a new upload replaces it). Only the text
 * read from the file is kept, never the file itself: nothing a hostile file carries besides
 * its words is stored. Goes with the candidate (on delete cascade, and the purge's own step),
 * and is in the copy of their data like every row that references them.
 */
export const resumes = sqliteTable('resumes', {
  candidateId: integer()
    .primaryKey()
    .references(() => candidates.id, { onDelete: 'cascade' }),
  /** The uploaded file's name, cleaned for display only: never used as a path. */
  fileName: text().notNull(),
  format: text({ enum: ['pdf', 'docx'] }).notNull(),
  text: text().notNull(),
  /** Pages of a PDF; null for a Word file (Word has no fixed pages). */
  pages: integer(),
  byteSize: integer().notNull(),
  uploadedAt: integer().notNull(),
  uploadedBy: integer()
    .notNull()
    .references(() => users.id),
});

/**
 * A résumé screened for a job: the offline screener's score, what it found and the status it
 * suggested, then what staff made of it. Holds no résumé text (the résumé store does) — only
 * the short lines quoted as evidence in `result`, which go with the candidate when erased.
 */
export const screenings = sqliteTable(
  'screenings',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    candidateId: integer()
      .notNull()
      .references(() => candidates.id, { onDelete: 'cascade' }),
    jobId: integer()
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    score: integer().notNull(),
    result: text({ mode: 'json' }).$type<ScreeningResult>().notNull(),
    suggestedStatus: text({ enum: APPLICATION_STATUSES }).notNull(),
    /** What staff set: the suggestion accepted, or another status in its place. */
    acceptedStatus: text({ enum: APPLICATION_STATUSES }),
    decidedBy: integer().references(() => users.id, { onDelete: 'set null' }),
    decidedAt: integer(),
    /** Gemini's summary of fit, when staff asked for one; null otherwise. */
    fit: text({ mode: 'json' }).$type<ResumeFit>(),
    fitAt: integer(),
    createdAt: createdAt(),
  },
  (t) => [index('screenings_candidate_job_idx').on(t.candidateId, t.jobId)],
);
