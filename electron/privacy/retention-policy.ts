/**
 * When an interview's retention has passed. The clock starts when the station last had
 * anything new of it:
 * - a session that ended: its end (`ended_at`);
 * - a session cut off and never finished (interrupted): its last heartbeat;
 * - an interview that never ran: the later of its creation and its code's expiry, since the
 *   code could be used until then.
 * An interview whose erasure was asked for (by the candidate withdrawing, or by staff) is due
 * at once. A running session (status `active`) and an interview under a legal hold are never
 * due: a hold outweighs an erasure request until it is lifted.
 */
import type { Db } from '../../db/open';
import { readSetting } from '../core/setting-store';
import { MAX_RETENTION_DAYS } from '../settings/station-settings';

export const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_RETENTION_DAYS = 180;

/**
 * The retention setting as the purge applies it: the stored value, clamped to 1–1095 days (a
 * value stored before the 3-year bound existed is read as the bound, never longer).
 */
export function readRetentionDays(db: Db): number {
  const stored = readSetting<number>(db, 'retention.days');
  const days =
    typeof stored === 'number' && Number.isFinite(stored) ? stored : DEFAULT_RETENTION_DAYS;
  return Math.min(MAX_RETENTION_DAYS, Math.max(1, Math.floor(days)));
}

export interface DueInterview {
  interviewId: number;
  sessionId: number | null;
}

/**
 * Interviews to delete at `now`: erasures asked for first, then those whose retention has
 * passed, oldest first; none held, none running.
 */
export function dueInterviews(db: Db, now: number, retentionDays: number): DueInterview[] {
  const cutoff = now - retentionDays * DAY_MS;
  return db.$client
    .prepare(
      `SELECT i.id AS interviewId, s.id AS sessionId,
              CASE
                WHEN s.id IS NULL THEN MAX(i.created_at, i.expires_at)
                WHEN s.ended_at IS NOT NULL THEN s.ended_at
                ELSE s.last_heartbeat_at
              END AS anchor
         FROM interviews i
         LEFT JOIN sessions s ON s.interview_id = i.id
        WHERE (s.id IS NULL OR s.status <> 'active')
          AND NOT EXISTS (SELECT 1 FROM legal_holds h
                           WHERE h.interview_id = i.id AND h.lifted_at IS NULL)
          AND NOT EXISTS (SELECT 1 FROM purges p WHERE p.interview_id = i.id)
          AND (anchor <= ? OR i.erasure_requested_at IS NOT NULL)
        ORDER BY i.erasure_requested_at IS NULL, anchor, i.id`,
    )
    .all(cutoff)
    .map((row) => {
      const { interviewId, sessionId } = row as DueInterview;
      return { interviewId, sessionId };
    });
}

/** Whether an interview is under a legal hold now. */
export function isHeld(db: Db, interviewId: number): boolean {
  return (
    db.$client
      .prepare('SELECT 1 FROM legal_holds WHERE interview_id = ? AND lifted_at IS NULL')
      .get(interviewId) !== undefined
  );
}

/** The day of a time, as YYYY-MM-DD in UTC: how the aggregates keep dates. */
export function dayOf(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}
