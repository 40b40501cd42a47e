import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { events } from '../../db/schema';
import { audioSpan, evidenceLine } from '../../shared/event-evidence';

export interface ReviewEvent {
  id: number;
  type: (typeof events.$inferSelect)['type'];
  severity: (typeof events.$inferSelect)['severity'];
  startMs: number;
  endMs: number | null;
  thumbnailMediaId: number | null;
  /** The plain evidence line (a process, a display count, a device's error); null: a picture. */
  evidence: string | null;
  /** The span of the recording that plays as a speech event's evidence. */
  audio: { startMs: number; endMs: number } | null;
}

/** A session's events in time order, each with its evidence (shared/event-evidence.ts). */
export function loadEvents(db: Db, sessionId: number): ReviewEvent[] {
  return db
    .select({
      id: events.id,
      type: events.type,
      severity: events.severity,
      startMs: events.startMs,
      endMs: events.endMs,
      thumbnailMediaId: events.thumbnailMediaId,
      details: events.details,
    })
    .from(events)
    .where(eq(events.sessionId, sessionId))
    .orderBy(asc(events.startMs), asc(events.id))
    .all()
    .map(({ details, ...event }) => ({
      ...event,
      evidence: evidenceLine(event.type, details),
      audio: audioSpan(event),
    }));
}
