/**
 * Where each recorded answer stands with transcription, for the review's answer cards: waiting,
 * transcribing (how far), waiting to retry after a failure (why), failed for good (why), skipped,
 * or done with its speech figures. Read from the database only, so review needs no handle on
 * the transcription process; typed and checked with zod, since analytics are stored as JSON.
 */
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/open';
import { answers, transcriptionJobs, transcripts } from '../../db/schema';
import { WAITING_FOR_MODEL } from './job-store';
import { plainReason } from './plain-reason';

const ms = z.number().min(0);

/** The stored SpeechAnalytics (analytics.ts) a reviewer sees. */
export const speechFiguresSchema = z.object({
  durationMs: ms,
  speakingMs: ms,
  wordCount: z.number().int().min(0),
  wordsPerMinute: z.number().min(0).nullable(),
  longestPauseMs: ms,
  fillerCount: z.number().int().min(0),
  fillers: z.record(z.string(), z.number().int().min(0)),
});
export type SpeechFigures = z.infer<typeof speechFiguresSchema>;

const reason = z.string().max(300);

export const answerTranscriptionSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('queued') }),
  z.object({ state: z.literal('no_model') }),
  z.object({ state: z.literal('transcribing'), progress: z.number().min(0).max(1) }),
  z.object({ state: z.literal('retrying'), reason, attempts: z.number().int().min(1) }),
  z.object({ state: z.literal('failed'), reason }),
  z.object({ state: z.literal('skipped'), reason }),
  z.object({ state: z.literal('done'), figures: speechFiguresSchema.nullable() }),
]);
export type AnswerTranscription = z.infer<typeof answerTranscriptionSchema>;

type Job = typeof transcriptionJobs.$inferSelect;

function stateOf(job: Job | undefined, analytics: unknown): AnswerTranscription | null {
  if (!job) return analytics === undefined ? null : done(analytics);
  const why = plainReason(job.lastError ?? '');
  switch (job.status) {
    case 'running':
      return { state: 'transcribing', progress: job.progress };
    case 'failed':
      return { state: 'failed', reason: why || 'Unknown error.' };
    case 'done':
      return job.lastError ? { state: 'skipped', reason: why } : done(analytics);
    case 'queued':
      if (job.lastError === WAITING_FOR_MODEL) return { state: 'no_model' };
      return job.attempts > 0 && job.lastError
        ? { state: 'retrying', reason: why, attempts: job.attempts }
        : { state: 'queued' };
  }
}

function done(analytics: unknown): AnswerTranscription {
  // Figures stored by an older version, or none (nothing said): the state still shows.
  const figures = speechFiguresSchema.safeParse(analytics);
  return { state: 'done', figures: figures.success ? figures.data : null };
}

/** Each recorded answer's transcription state in one session, by answer id. */
export function loadAnswerTranscriptions(
  db: Db,
  sessionId: number,
): Map<number, AnswerTranscription> {
  const recorded = db
    .select({ id: answers.id })
    .from(answers)
    .where(and(eq(answers.sessionId, sessionId), isNotNull(answers.mediaId)))
    .all()
    .map((row) => row.id);
  const states = new Map<number, AnswerTranscription>();
  if (recorded.length === 0) return states;
  const jobs = db
    .select()
    .from(transcriptionJobs)
    .where(inArray(transcriptionJobs.answerId, recorded))
    .all();
  const stored = db
    .select({ answerId: transcripts.answerId, analytics: transcripts.analytics })
    .from(transcripts)
    .where(inArray(transcripts.answerId, recorded))
    .all();
  for (const answerId of recorded) {
    const state = stateOf(
      jobs.find((job) => job.answerId === answerId),
      stored.find((row) => row.answerId === answerId)?.analytics,
    );
    if (state) states.set(answerId, answerTranscriptionSchema.parse(state));
  }
  return states;
}
