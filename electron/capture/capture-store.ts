/** The rows capture writes: recordings, device-lost events and the segments a reconnect opens. */
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { events, media, sessionSegments } from '../../db/schema';

/** The session's newest segment (each start, resume or camera reconnect opens one). */
export function currentSegment(db: Db, sessionId: number) {
  return db
    .select()
    .from(sessionSegments)
    .where(eq(sessionSegments.sessionId, sessionId))
    .orderBy(desc(sessionSegments.ordinal))
    .get();
}

/**
 * Closes the current segment at `atMs` and opens the next: a camera that came back records
 * into a new file, so the gap stays visible on the timeline.
 */
export function openNextSegment(db: Db, sessionId: number, atMs: number, now: number): number {
  return db.transaction((tx) => {
    const last = tx
      .select()
      .from(sessionSegments)
      .where(eq(sessionSegments.sessionId, sessionId))
      .orderBy(desc(sessionSegments.ordinal))
      .get();
    if (last && last.endMs === null) {
      tx.update(sessionSegments).set({ endMs: atMs }).where(eq(sessionSegments.id, last.id)).run();
    }
    return tx
      .insert(sessionSegments)
      .values({ sessionId, ordinal: (last?.ordinal ?? -1) + 1, startMs: atMs, startedAt: now })
      .returning({ id: sessionSegments.id })
      .get().id;
  });
}

export function insertRecording(
  db: Db,
  row: { sessionId: number; segmentId: number | null; relativePath: string; startMs: number },
): number {
  return db
    .insert(media)
    .values({ ...row, kind: 'recording', mimeType: 'video/mp4', startMs: Math.round(row.startMs) })
    .returning({ id: media.id })
    .get().id;
}

export function closeRecording(db: Db, mediaId: number, endMs: number): void {
  db.update(media)
    .set({ endMs: Math.round(endMs) })
    .where(eq(media.id, mediaId))
    .run();
}

/** Records that a device failed, so the reviewer sees the gap; the interview goes on. */
export function recordDeviceLost(
  db: Db,
  sessionId: number,
  type: 'camera_lost' | 'mic_lost',
  atMs: number,
  reason: string,
): number {
  return db
    .insert(events)
    .values({
      sessionId,
      type,
      startMs: Math.round(atMs),
      endMs: null,
      severity: 'high',
      details: { reason },
    })
    .returning({ id: events.id })
    .get().id;
}

/** The device is back: its event ends here. */
export function recordDeviceBack(db: Db, eventId: number, atMs: number, attempts: number): void {
  const row = db.select().from(events).where(eq(events.id, eventId)).get();
  db.update(events)
    .set({
      endMs: Math.round(atMs),
      details: { ...(row?.details ?? {}), reconnectAttempts: attempts },
    })
    .where(eq(events.id, eventId))
    .run();
}
