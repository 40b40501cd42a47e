/**
 * The database half of a purge, in short transactions so a running interview's writes wait
 * milliseconds at most: mark the interview as purging (with the files to delete), delete its
 * signal frames in batches, then every other row at once with the aggregate put in their place.
 */
import type { Db } from '../../db/open';
import { interviewAggregates, purges } from '../../db/privacy-schema';
import { aggregateOf } from './interview-aggregate';
import { isHeld } from './retention-policy';

export type PurgeRow = typeof purges.$inferSelect;

/** Rows deleted per table, by the statement that deletes them, in foreign-key order. */
const DELETIONS: [table: string, sql: string][] = [
  [
    'scores',
    'DELETE FROM scores WHERE answer_id IN (SELECT id FROM answers WHERE session_id = :session)',
  ],
  [
    'transcript_segments',
    `DELETE FROM transcript_segments
      WHERE transcript_id IN (SELECT id FROM transcripts WHERE session_id = :session)`,
  ],
  ['transcripts', 'DELETE FROM transcripts WHERE session_id = :session'],
  ['transcription_jobs', 'DELETE FROM transcription_jobs WHERE session_id = :session'],
  ['answers', 'DELETE FROM answers WHERE session_id = :session'],
  ['events', 'DELETE FROM events WHERE session_id = :session'],
  ['session_summaries', 'DELETE FROM session_summaries WHERE session_id = :session'],
  ['media', 'DELETE FROM media WHERE session_id = :session'],
  ['session_segments', 'DELETE FROM session_segments WHERE session_id = :session'],
  ['signal_frames', 'DELETE FROM signal_frames WHERE session_id = :session'],
  ['dropped_frames', 'DELETE FROM dropped_frames WHERE session_id = :session'],
  ['sessions', 'DELETE FROM sessions WHERE id = :session'],
  ['evaluations', 'DELETE FROM evaluations WHERE interview_id = :interview'],
  ['consents', 'DELETE FROM consents WHERE interview_id = :interview'],
  ['legal_holds', 'DELETE FROM legal_holds WHERE interview_id = :interview'],
  // Check-in attempts are counted for the cooldown; they only lose their link.
  [
    'check_in_attempts',
    'UPDATE check_in_attempts SET interview_id = NULL WHERE interview_id = :interview',
  ],
  ['interviews', 'DELETE FROM interviews WHERE id = :interview'],
  // The candidate's name and email go with their last interview, and their résumé's text.
  [
    'resumes',
    `DELETE FROM resumes WHERE candidate_id = :candidate
        AND NOT EXISTS (SELECT 1 FROM interviews WHERE candidate_id = :candidate)`,
  ],
  [
    'candidates',
    `DELETE FROM candidates WHERE id = :candidate
        AND NOT EXISTS (SELECT 1 FROM interviews WHERE candidate_id = :candidate)`,
  ],
];

/**
 * Marks an interview as purging, with its media files, unless it is held, running or already
 * marked (checked again inside the transaction). An interrupted session is closed here, so
 * the start screen can no longer offer to resume what is being deleted. Returns the mark.
 */
export function markPurge(
  db: Db,
  interviewId: number,
  sessionId: number | null,
  now: number,
): PurgeRow | null {
  const sql = db.$client;
  return sql.transaction(() => {
    if (isHeld(db, interviewId)) return null;
    const session = sql
      .prepare('SELECT id, status FROM sessions WHERE interview_id = ?')
      .get(interviewId) as { id: number; status: string } | undefined;
    if (session?.status === 'active' || session?.id !== (sessionId ?? undefined)) return null;
    if (sql.prepare('SELECT 1 FROM purges WHERE interview_id = ?').get(interviewId)) return null;
    if (session?.status === 'interrupted') {
      sql.prepare("UPDATE sessions SET status = 'completed' WHERE id = ?").run(session.id);
    }
    const files = sql
      .prepare('SELECT relative_path FROM media WHERE session_id = ? ORDER BY id')
      .pluck()
      .all(sessionId) as string[];
    return db
      .insert(purges)
      .values({ interviewId, sessionId, startedAt: now, files, rows: {} })
      .returning()
      .get();
  })();
}

/** Deletes up to `limit` of a session's signal frames in one transaction; returns how many. */
export function deleteFrameBatch(db: Db, purge: PurgeRow, limit: number): number {
  if (purge.sessionId === null) return 0;
  const sql = db.$client;
  return sql.transaction(() => {
    const { changes } = sql
      .prepare(
        `DELETE FROM signal_frames WHERE rowid IN
           (SELECT rowid FROM signal_frames WHERE session_id = ? LIMIT ?)`,
      )
      .run(purge.sessionId, limit);
    if (changes > 0) addRows(db, purge, { signal_frames: changes });
    return changes;
  })();
}

/**
 * Deletes every remaining row of the interview in one transaction, keeps its aggregate, and
 * records that the rows are gone. Returns the purge's row counts per table.
 */
export function deleteInterviewRows(db: Db, purge: PurgeRow, now: number): Record<string, number> {
  const sql = db.$client;
  return sql.transaction(() => {
    const aggregate = aggregateOf(db, purge.interviewId, now);
    const candidate = sql
      .prepare('SELECT candidate_id FROM interviews WHERE id = ?')
      .pluck()
      .get(purge.interviewId) as number | undefined;
    const params = {
      session: purge.sessionId,
      interview: purge.interviewId,
      candidate: candidate ?? null,
    };
    const counts: Record<string, number> = {};
    for (const [table, statement] of DELETIONS) {
      const { changes } = sql.prepare(statement).run(params);
      if (changes > 0) counts[table] = changes;
    }
    if (aggregate) db.insert(interviewAggregates).values(aggregate).run();
    const rows = addRows(db, purge, counts);
    sql.prepare('UPDATE purges SET rows_deleted_at = ? WHERE id = ?').run(now, purge.id);
    return rows;
  })();
}

/** Adds row counts to the purge's record; returns the totals. */
function addRows(db: Db, purge: PurgeRow, counts: Record<string, number>): Record<string, number> {
  const sql = db.$client;
  const stored = JSON.parse(
    sql.prepare('SELECT rows FROM purges WHERE id = ?').pluck().get(purge.id) as string,
  ) as Record<string, number>;
  for (const [table, n] of Object.entries(counts)) stored[table] = (stored[table] ?? 0) + n;
  sql.prepare('UPDATE purges SET rows = ? WHERE id = ?').run(JSON.stringify(stored), purge.id);
  return stored;
}

/** Records files deleted so far (after each batch), so a resumed purge reports all of them. */
export function addFiles(db: Db, purgeId: number, files: number, bytes: number): void {
  db.$client
    .prepare(
      `UPDATE purges SET files_deleted = files_deleted + ?, bytes_deleted = bytes_deleted + ?
        WHERE id = ?`,
    )
    .run(files, bytes, purgeId);
}

/** Purges marked and not finished (a purge cut off by a crash), oldest first. */
export function unfinishedPurges(db: Db): PurgeRow[] {
  return db.select().from(purges).orderBy(purges.id).all();
}
