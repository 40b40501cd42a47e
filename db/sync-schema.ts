/**
 * The station's side of sync (electron/sync/): the transactional outbox of items for the
 * receiver, the media files to upload, each item's last revision, and the sessions the receiver
 * has confirmed. No foreign keys to the data model on purpose: a row must outlive the purge
 * and the erasure of what it describes (an erasure item is about a candidate who is gone), and
 * an erasure cancels a candidate's unsent rows itself (electron/sync/outbox.ts).
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { SyncItem } from '../shared/sync-contract';
import { createdAt } from './schema';

export const SYNC_ITEM_STATES = ['pending', 'sent', 'rejected', 'cancelled'] as const;
export const SYNC_UPLOAD_STATES = ['pending', 'done', 'rejected', 'cancelled'] as const;

/** One revision of one item, sent in id order (the order it was written in). */
export const syncItems = sqliteTable(
  'sync_items',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    itemId: text().notNull(),
    kind: text().notNull(),
    revision: integer().notNull(),
    /** The local session and candidate the item belongs to (progress, erasure); may be null. */
    sessionId: integer(),
    candidateId: integer(),
    /**
     * The item as sent. Once sent, refused or cancelled it is cut down to its id, kind and
     * revision (STRIPPED_PAYLOAD in electron/sync/outbox.ts): the outbox keeps no copy of
     * answers or names past their use, nor of an erased candidate's.
     */
    payload: text({ mode: 'json' }).$type<SyncItem>().notNull(),
    state: text({ enum: SYNC_ITEM_STATES }).notNull().default('pending'),
    attempts: integer().notNull().default(0),
    /** The receiver's reason for a rejection (a sentence, no personal data). */
    reason: text(),
    sentAt: integer(),
    createdAt: createdAt(),
  },
  (t) => [
    index('sync_items_state_idx').on(t.state, t.id),
    index('sync_items_session_idx').on(t.sessionId),
  ],
);

/** The last revision written for a local row, and a digest of what it said. */
export const syncRevisions = sqliteTable('sync_revisions', {
  /** `<kind>:<local id>`. */
  key: text().primaryKey(),
  revision: integer().notNull(),
  digest: text().notNull(),
});

/** One media file to upload with tus (a recording segment, an answer clip or take, a thumbnail). */
export const syncUploads = sqliteTable(
  'sync_uploads',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    localMediaId: integer().notNull().unique(),
    mediaId: text().notNull(),
    sessionId: integer().notNull(),
    sessionUuid: text().notNull(),
    candidateId: integer(),
    kind: text({ enum: ['recording_segment', 'answer_clip', 'thumbnail'] }).notNull(),
    contentType: text().notNull(),
    /** Relative to the data folder, as the media row says. */
    relativePath: text().notNull(),
    state: text({ enum: SYNC_UPLOAD_STATES }).notNull().default('pending'),
    /** Plain bytes, known once hashed; sent so far (as the receiver last acknowledged). */
    totalBytes: integer(),
    sentBytes: integer().notNull().default(0),
    sha256: text(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    doneAt: integer(),
    createdAt: createdAt(),
  },
  (t) => [index('sync_uploads_state_idx').on(t.state, t.id)],
);

/** Sessions whose every item and file the receiver's receipt showed complete. */
export const syncConfirmations = sqliteTable('sync_confirmations', {
  sessionId: integer().primaryKey(),
  confirmedAt: integer().notNull(),
});
