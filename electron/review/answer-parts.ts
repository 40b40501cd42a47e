import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { media } from '../../db/schema';

/** One playable piece of a recorded answer. */
export interface ReviewAnswerPart {
  mediaId: number;
  kind: 'audio' | 'video';
  /** Session clock (ms) where the part starts and ends. */
  startMs: number;
  endMs: number | null;
  /**
   * Recorded before the station was interrupted mid-answer and given back at start-up
   * (capture/take-recovery.ts); the answer's own media is the take that finished it.
   */
  beforeInterruption: boolean;
}

interface AnswerSpan {
  id: number;
  mediaId: number | null;
  startedMs: number | null;
  endedMs: number | null;
}

/**
 * The parts of each answer, in order: its own media, and any answer media of the session that
 * starts within the answer's time — a part recorded before an interruption. A retake restarts
 * the answer's time, so a part of a take thrown away afterwards is not listed.
 */
export function loadAnswerParts(
  db: Db,
  sessionId: number,
  spans: AnswerSpan[],
): Map<number, ReviewAnswerPart[]> {
  const rows = db
    .select()
    .from(media)
    .where(
      and(eq(media.sessionId, sessionId), inArray(media.kind, ['answer_audio', 'answer_video'])),
    )
    .orderBy(asc(media.startMs), asc(media.id))
    .all();
  const parts = new Map<number, ReviewAnswerPart[]>();
  for (const answer of spans) {
    const within = (row: (typeof rows)[number]) =>
      answer.startedMs !== null &&
      row.startMs >= answer.startedMs &&
      (answer.endedMs === null || row.startMs < answer.endedMs);
    parts.set(
      answer.id,
      rows
        .filter((row) => row.id === answer.mediaId || within(row))
        .map((row) => ({
          mediaId: row.id,
          kind: row.kind === 'answer_video' ? 'video' : 'audio',
          startMs: row.startMs,
          endMs: row.endMs,
          beforeInterruption: row.id !== answer.mediaId,
        })),
    );
  }
  return parts;
}
