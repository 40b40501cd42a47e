/**
 * Stores transcripts: segments with word timings on the session clock, linked to their answer
 * (or to the session for whole-session transcripts), the answer's analytics, and the answer's
 * plain `transcript` text. A rerun replaces what an earlier run stored.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { outboxHooks } from '../core/outbox-hooks';
import { answers, transcripts, transcriptSegments } from '../../db/schema';
import type { SpeechAnalytics } from './analytics';
import { shiftWords, wordsToSegments } from './words';
import type { TranscriptWord } from '../../db/schema';

export interface TranscriptPart {
  /** Session-clock time of the media's first sample. */
  mediaStartMs: number;
  /** Words in ms from the media's start. */
  words: TranscriptWord[];
}

export interface SaveTranscript {
  sessionId: number;
  /** Null for the whole-session transcript. */
  answerId: number | null;
  model: string;
  language: string | null;
  parts: TranscriptPart[];
  analytics?: SpeechAnalytics;
}

/** Saves one transcript in a transaction; returns its id. */
export function saveTranscript(db: Db, input: SaveTranscript): number {
  return db.transaction((tx) => {
    tx.delete(transcripts)
      .where(
        input.answerId === null
          ? and(eq(transcripts.sessionId, input.sessionId), isNull(transcripts.answerId))
          : eq(transcripts.answerId, input.answerId),
      )
      .run();
    const row = tx
      .insert(transcripts)
      .values({
        sessionId: input.sessionId,
        answerId: input.answerId,
        model: input.model,
        language: input.language,
        analytics: input.analytics ? { ...input.analytics } : null,
      })
      .returning({ id: transcripts.id })
      .get();
    const texts: string[] = [];
    for (const part of input.parts) {
      for (const segment of wordsToSegments(shiftWords(part.words, part.mediaStartMs))) {
        tx.insert(transcriptSegments)
          .values({
            transcriptId: row.id,
            startMs: segment.startMs,
            endMs: segment.endMs,
            text: segment.text,
            words: segment.words,
          })
          .run();
        texts.push(segment.text);
      }
    }
    if (input.answerId !== null) {
      tx.update(answers)
        .set({ transcript: texts.join(' ') })
        .where(eq(answers.id, input.answerId))
        .run();
    }
    outboxHooks(db)?.transcriptSaved(row.id);
    return row.id;
  });
}
