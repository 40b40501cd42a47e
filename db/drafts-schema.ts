/**
 * Question drafts: what a proposer (offline from the bank, or Gemini) suggested for a job,
 * before staff accept one into the bank or discard it. Apart from the data model proper
 * (db/schema.ts, which they reference); generated into db/migrations/ like it. A draft holds
 * no candidate data: only the job and the question as proposed.
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { QUESTION_GENERATORS } from '../shared/enums';
import { createdAt, jobs, questions, users } from './schema';

export const DRAFT_STATUSES = ['draft', 'accepted', 'discarded'] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

export const questionDrafts = sqliteTable(
  'question_drafts',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    jobId: integer()
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    /** One proposal run: the drafts proposed together, and the outcome they share. */
    batchId: text().notNull(),
    provider: text({ enum: QUESTION_GENERATORS }).notNull(),
    model: text(),
    /** Why offline stood in for Gemini, in plain words; null when nothing fell back. */
    fallbackReason: text(),
    /**
     * The question as it would enter the bank. Its type (QuestionFields) lives above db/, so
     * the drafts service checks it with questionFields whenever it reads one.
     */
    fields: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** The job's requirements (by skill) it covers. */
    covers: text({ mode: 'json' }).$type<string[]>().notNull(),
    /** The bank question it was adapted from; kept as a number if that question goes. */
    sourceQuestionId: integer(),
    note: text().notNull(),
    status: text({ enum: DRAFT_STATUSES }).notNull().default('draft'),
    /** The bank question an accepted draft became. */
    questionId: integer().references(() => questions.id, { onDelete: 'set null' }),
    createdBy: integer().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    decidedBy: integer().references(() => users.id, { onDelete: 'set null' }),
    decidedAt: integer(),
  },
  (t) => [index('question_drafts_job_status_idx').on(t.jobId, t.status)],
);
