/**
 * The reference receiver's PostgreSQL schema (the truth; `drizzle-kit generate --config
 * cloud/drizzle.config.ts` writes cloud/db/migrations from it). Separate from the station's
 * SQLite schema in db/: the receiver is its own program with its own database.
 */
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** An enrolled station; only a SHA-256 of its credential is kept (the credential is shown once). */
export const stations = pgTable('stations', {
  id: uuid().primaryKey(),
  name: text().notNull(),
  credentialSha256: text().notNull().unique(),
  enrolledAt: at('enrolled_at').notNull(),
  revokedAt: at('revoked_at'),
});

/** One-time enrolment codes an admin issues: the hash only, used once, until it expires. */
export const enrolmentCodes = pgTable('enrolment_codes', {
  codeSha256: text().primaryKey(),
  createdAt: at('created_at').notNull(),
  expiresAt: at('expires_at').notNull(),
  usedAt: at('used_at'),
  usedByStationId: uuid(),
});

/**
 * Every resource a station sent, keyed by its station-made id; the highest revision wins.
 * The reference columns are filled where the kind has them (or can be derived from a parent
 * already held) so receipts and erasures find a session's or a candidate's rows by index.
 */
export const items = pgTable(
  'items',
  {
    id: uuid().primaryKey(),
    stationId: uuid()
      .notNull()
      .references(() => stations.id),
    kind: text().notNull(),
    revision: integer().notNull(),
    candidateId: uuid(),
    interviewId: uuid(),
    sessionId: uuid(),
    answerId: uuid(),
    body: jsonb().notNull(),
    receivedAt: at('received_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    index('items_candidate_idx').on(t.candidateId),
    index('items_interview_idx').on(t.interviewId),
    index('items_session_idx').on(t.sessionId),
    index('items_answer_idx').on(t.answerId),
  ],
);

/** A media file a station uploads with tus; complete only once its SHA-256 was verified. */
export const media = pgTable(
  'media',
  {
    mediaId: uuid().primaryKey(),
    stationId: uuid()
      .notNull()
      .references(() => stations.id),
    sessionId: uuid().notNull(),
    kind: text().notNull(),
    contentType: text().notNull(),
    sha256: text().notNull(),
    byteSize: bigint({ mode: 'number' }).notNull(),
    state: text({ enum: ['partial', 'complete'] }).notNull(),
    /** The tus upload id in the shared store; null once a mismatched upload was removed. */
    storageKey: text().unique(),
    createdAt: at('created_at').notNull(),
    completedAt: at('completed_at'),
  },
  (t) => [index('media_session_idx').on(t.sessionId)],
);

/** Tombstones of erased candidates: kept so their later items are refused. */
export const erasures = pgTable('erasures', {
  candidateId: uuid().primaryKey(),
  itemId: uuid().notNull(),
  stationId: uuid()
    .notNull()
    .references(() => stations.id),
  requestedAt: at('requested_at').notNull(),
  erasedAt: at('erased_at').notNull(),
});

/**
 * Every interview, session and answer id an erasure removed, with its candidate: an item or
 * upload that later refers to one of them is refused instead of bringing the data back.
 */
export const erasedRefs = pgTable('erased_refs', {
  id: uuid().primaryKey(),
  candidateId: uuid().notNull(),
});
