/**
 * Transcription work in `transcription_jobs`, so it survives a restart: one job per audio or
 * video answer, one per session (its recordings). Jobs run one at a time, answers before
 * sessions, oldest first; failures come back after a growing delay until they give up.
 */
import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { answers, media, transcriptionJobs } from '../../db/schema';

export type JobRow = typeof transcriptionJobs.$inferSelect;

const ANSWER_MEDIA = ['answer_audio', 'answer_video'] as const;

export interface RetryPolicy {
  maxAttempts: number;
  /** Delay after the first failure; each further failure doubles it. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 30_000,
  maxDelayMs: 30 * 60_000,
};

/** The delay before attempt `attempts + 1`, after `attempts` failures. */
export function backoffMs(attempts: number, policy: RetryPolicy = DEFAULT_RETRY): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Queues (again) an answer just saved with audio or video: a retake replaces the media, so a
 * finished or failed job starts over. A job running right now is put back in the queue too:
 * the attempt in hand is transcribing the old take, so what it finds is dropped (the
 * `running` guard in finishJob, failJob, deferJob and setJobProgress) and the new take runs
 * next. Returns false when the answer has no A/V media.
 */
export function enqueueAnswer(db: Db, answerId: number, now: number): boolean {
  const answer = db
    .select({ sessionId: answers.sessionId, kind: media.kind })
    .from(answers)
    .innerJoin(media, eq(media.id, answers.mediaId))
    .where(eq(answers.id, answerId))
    .get();
  if (!answer || !ANSWER_MEDIA.includes(answer.kind as (typeof ANSWER_MEDIA)[number])) {
    return false;
  }
  const existing = db
    .select()
    .from(transcriptionJobs)
    .where(eq(transcriptionJobs.answerId, answerId))
    .get();
  if (!existing) {
    db.insert(transcriptionJobs)
      .values({
        sessionId: answer.sessionId,
        answerId,
        nextAttemptAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .run();
  } else {
    db.update(transcriptionJobs)
      .set({
        status: 'queued',
        attempts: 0,
        nextAttemptAt: now,
        progress: 0,
        lastError: null,
        updatedAt: now,
      })
      .where(eq(transcriptionJobs.id, existing.id))
      .run();
  }
  return true;
}

/**
 * At the end of a session: a job for every A/V answer that has none yet, then the session's
 * own. Answers already queued or done are left alone.
 */
export function enqueueSession(db: Db, sessionId: number, now: number): void {
  db.transaction((tx) => {
    const avAnswers = tx
      .select({ id: answers.id })
      .from(answers)
      .innerJoin(media, eq(media.id, answers.mediaId))
      .where(and(eq(answers.sessionId, sessionId), inArray(media.kind, [...ANSWER_MEDIA])))
      .all();
    const jobs = tx
      .select({ answerId: transcriptionJobs.answerId })
      .from(transcriptionJobs)
      .where(eq(transcriptionJobs.sessionId, sessionId))
      .all();
    const queued = new Set(jobs.map((job) => job.answerId));
    for (const answer of avAnswers) {
      if (queued.has(answer.id)) continue;
      tx.insert(transcriptionJobs)
        .values({
          sessionId,
          answerId: answer.id,
          nextAttemptAt: now,
          createdAt: now,
          updatedAt: now,
        })
        .run();
    }
    if (!queued.has(null)) {
      tx.insert(transcriptionJobs)
        .values({ sessionId, answerId: null, nextAttemptAt: now, createdAt: now, updatedAt: now })
        .run();
    }
  });
}

/**
 * Jobs a crash left `running` go back to the queue (their attempt stays counted, so a file that
 * kills the station every time ends up failed instead of looping). Returns how many.
 */
export function requeueInterrupted(db: Db, now: number, policy = DEFAULT_RETRY): number {
  const running = db
    .select()
    .from(transcriptionJobs)
    .where(eq(transcriptionJobs.status, 'running'))
    .all();
  for (const job of running) {
    const exhausted = job.attempts >= policy.maxAttempts;
    db.update(transcriptionJobs)
      .set({
        status: exhausted ? 'failed' : 'queued',
        nextAttemptAt: now,
        progress: 0,
        lastError: `Interrupted by a station restart (attempt ${job.attempts} of ${policy.maxAttempts}).`,
        updatedAt: now,
      })
      .where(eq(transcriptionJobs.id, job.id))
      .run();
  }
  return running.length;
}

/**
 * The note queued jobs carry while the station has no usable model, so a reviewer looking at an
 * answer sees why it is not transcribed yet (the review reads only the database).
 */
export const WAITING_FOR_MODEL = 'Waiting for a transcription model on this station.';

/** Marks untried queued jobs as waiting for a model, or clears that mark once one is ready. */
export function noteModelWait(db: Db, waiting: boolean, now: number): void {
  db.update(transcriptionJobs)
    .set({ lastError: waiting ? WAITING_FOR_MODEL : null, updatedAt: now })
    .where(
      and(
        eq(transcriptionJobs.status, 'queued'),
        waiting
          ? and(eq(transcriptionJobs.attempts, 0), isNull(transcriptionJobs.lastError))
          : eq(transcriptionJobs.lastError, WAITING_FOR_MODEL),
      ),
    )
    .run();
}

/** Takes the next due job and marks it running (one more attempt). */
export function claimNextJob(db: Db, now: number): JobRow | null {
  return db.transaction((tx) => {
    const job = tx
      .select()
      .from(transcriptionJobs)
      .where(and(eq(transcriptionJobs.status, 'queued'), lte(transcriptionJobs.nextAttemptAt, now)))
      // Answers first (a reviewer waits for them), whole sessions after; oldest first.
      .orderBy(sql`${transcriptionJobs.answerId} is null`, asc(transcriptionJobs.id))
      .get();
    if (!job) return null;
    tx.update(transcriptionJobs)
      .set({ status: 'running', attempts: job.attempts + 1, progress: 0, updatedAt: now })
      .where(eq(transcriptionJobs.id, job.id))
      .run();
    return { ...job, status: 'running' as const, attempts: job.attempts + 1, progress: 0 };
  });
}

/** When the next queued job falls due, if any. */
export function nextDueAt(db: Db): number | null {
  const row = db
    .select({ at: sql<number | null>`min(${transcriptionJobs.nextAttemptAt})` })
    .from(transcriptionJobs)
    .where(eq(transcriptionJobs.status, 'queued'))
    .get();
  return row?.at ?? null;
}

/** Only a job still running is the attempt in hand; a retake puts it back (enqueueAnswer). */
const stillRunning = (jobId: number) =>
  and(eq(transcriptionJobs.id, jobId), eq(transcriptionJobs.status, 'running'));

/** Whether the attempt in hand still counts: false once a retake has queued the job again. */
export function isStillRunning(db: Db, jobId: number): boolean {
  return (
    db
      .select({ id: transcriptionJobs.id })
      .from(transcriptionJobs)
      .where(stillRunning(jobId))
      .get() !== undefined
  );
}

export function setJobProgress(db: Db, jobId: number, progress: number, now: number): void {
  db.update(transcriptionJobs)
    .set({ progress: Math.max(0, Math.min(1, progress)), updatedAt: now })
    .where(stillRunning(jobId))
    .run();
}

/** Done; `note` records why nothing was transcribed when a job was skipped (no audio). */
export function finishJob(db: Db, jobId: number, now: number, note: string | null = null): void {
  db.update(transcriptionJobs)
    .set({ status: 'done', progress: 1, lastError: note, updatedAt: now })
    .where(stillRunning(jobId))
    .run();
}

/** Puts a job back without counting an attempt (its media is not ready yet). */
export function deferJob(db: Db, job: JobRow, now: number, delayMs: number, why: string): void {
  db.update(transcriptionJobs)
    .set({
      status: 'queued',
      attempts: job.attempts - 1,
      nextAttemptAt: now + delayMs,
      progress: 0,
      lastError: why,
      updatedAt: now,
    })
    .where(stillRunning(job.id))
    .run();
}

/** Records a failure: retried after a backoff, or `failed` for good after the last attempt. */
export function failJob(
  db: Db,
  job: JobRow,
  reason: string,
  now: number,
  policy: RetryPolicy = DEFAULT_RETRY,
  { final = false }: { final?: boolean } = {},
): 'retry' | 'failed' {
  const giveUp = final || job.attempts >= policy.maxAttempts;
  const { changes } = db
    .update(transcriptionJobs)
    .set({
      status: giveUp ? 'failed' : 'queued',
      nextAttemptAt: giveUp ? job.nextAttemptAt : now + backoffMs(job.attempts, policy),
      progress: 0,
      lastError: `${reason} (attempt ${job.attempts} of ${policy.maxAttempts})`,
      updatedAt: now,
    })
    .where(stillRunning(job.id))
    .run();
  // A retake re-queued it meanwhile: this failure was the old take's, and the job runs again.
  if (changes === 0) return 'retry';
  return giveUp ? 'failed' : 'retry';
}

export interface QueueCounts {
  queued: number;
  running: number;
  done: number;
  failed: number;
  /** Done without a transcript, with a recorded reason (e.g. no audio track). */
  skipped: number;
}

export function queueCounts(db: Db): QueueCounts {
  const rows = db
    .select({
      status: transcriptionJobs.status,
      noted: sql<number>`${transcriptionJobs.lastError} is not null`,
      count: sql<number>`count(*)`,
    })
    .from(transcriptionJobs)
    .groupBy(transcriptionJobs.status, sql`${transcriptionJobs.lastError} is not null`)
    .all();
  const counts: QueueCounts = { queued: 0, running: 0, done: 0, failed: 0, skipped: 0 };
  for (const row of rows) {
    counts[row.status] += row.count;
    if (row.status === 'done' && row.noted) counts.skipped += row.count;
  }
  return counts;
}

/** Jobs with a problem worth showing: failed for good, or waiting to retry after an error. */
export function troubledJobs(db: Db, limit = 20): JobRow[] {
  return db
    .select()
    .from(transcriptionJobs)
    .where(
      sql`${transcriptionJobs.status} = 'failed' or (${transcriptionJobs.status} = 'queued' and ${transcriptionJobs.attempts} > 0)`,
    )
    .orderBy(sql`${transcriptionJobs.updatedAt} desc`)
    .limit(limit)
    .all();
}

/** Jobs of one session, oldest first (tests and diagnostics). */
export function sessionJobs(db: Db, sessionId: number): JobRow[] {
  return db
    .select()
    .from(transcriptionJobs)
    .where(eq(transcriptionJobs.sessionId, sessionId))
    .orderBy(asc(transcriptionJobs.id))
    .all();
}

/** The job of one answer, if any. */
export function answerJob(db: Db, answerId: number): JobRow | undefined {
  return db.select().from(transcriptionJobs).where(eq(transcriptionJobs.answerId, answerId)).get();
}

/** The session-wide job, if any. */
export function sessionJob(db: Db, sessionId: number): JobRow | undefined {
  return db
    .select()
    .from(transcriptionJobs)
    .where(and(eq(transcriptionJobs.sessionId, sessionId), isNull(transcriptionJobs.answerId)))
    .get();
}
