import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { createTestDb } from '../../db/test-db';
import {
  backoffMs,
  claimNextJob,
  enqueueAnswer,
  enqueueSession,
  failJob,
  finishJob,
  isStillRunning,
  requeueInterrupted,
  sessionJobs,
  setJobProgress,
} from './job-store';
import { attachAnswerMedia, seedAudioSession } from './test-fixtures';

const policy = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 3000 };

describe('transcription job store', () => {
  let db: Db;
  let sessionId: number;
  let answerIds: number[];

  beforeEach(() => {
    db = createTestDb();
    ({ sessionId, answerIds } = seedAudioSession(db, 3));
    // Answers 1 and 2 were recorded; answer 3 was never answered.
    attachAnswerMedia(db, '/tmp', answerIds[0] ?? 0, { source: null, startMs: 0 });
    attachAnswerMedia(db, '/tmp', answerIds[1] ?? 0, {
      source: null,
      startMs: 0,
      kind: 'answer_video',
    });
  });
  afterEach(() => db.$client.close());

  it('queues each A/V answer once and the session last; answers run before the session', () => {
    expect(enqueueAnswer(db, answerIds[1] ?? 0, 100)).toBe(true);
    expect(enqueueAnswer(db, answerIds[2] ?? 0, 100)).toBe(false);
    enqueueSession(db, sessionId, 200);
    enqueueSession(db, sessionId, 300);
    const jobs = sessionJobs(db, sessionId);
    expect(jobs.map((j) => j.answerId)).toEqual([answerIds[1], answerIds[0], null]);
    const order = [claimNextJob(db, 400), claimNextJob(db, 400), claimNextJob(db, 400)];
    expect(order.map((j) => j?.answerId)).toEqual([answerIds[1], answerIds[0], null]);
    expect(claimNextJob(db, 400)).toBeNull();
  });

  it('a retake queues a finished answer again; the end of the session does not', () => {
    enqueueAnswer(db, answerIds[0] ?? 0, 100);
    const job = claimNextJob(db, 100);
    finishJob(db, job?.id ?? 0, 150);
    enqueueSession(db, sessionId, 200);
    expect(sessionJobs(db, sessionId).find((j) => j.id === job?.id)?.status).toBe('done');
    enqueueAnswer(db, answerIds[0] ?? 0, 300);
    expect(sessionJobs(db, sessionId).find((j) => j.id === job?.id)).toMatchObject({
      status: 'queued',
      attempts: 0,
      nextAttemptAt: 300,
    });
  });

  it('a retake while its job is running runs the job again for the new take', () => {
    enqueueAnswer(db, answerIds[0] ?? 0, 100);
    const oldTake = claimNextJob(db, 100);
    expect(oldTake?.status).toBe('running');
    // The candidate retakes the answer while the old take is being transcribed.
    enqueueAnswer(db, answerIds[0] ?? 0, 200);
    expect(isStillRunning(db, oldTake?.id ?? 0)).toBe(false);
    // What the old take's attempt finds no longer counts: finishing it leaves the job queued.
    setJobProgress(db, oldTake?.id ?? 0, 0.9, 250);
    finishJob(db, oldTake?.id ?? 0, 300);
    expect(sessionJobs(db, sessionId)[0]).toMatchObject({
      status: 'queued',
      attempts: 0,
      progress: 0,
    });
    const newTake = claimNextJob(db, 300);
    expect(newTake).toMatchObject({ id: oldTake?.id, attempts: 1 });
    expect(isStillRunning(db, newTake?.id ?? 0)).toBe(true);
    finishJob(db, newTake?.id ?? 0, 400);
    expect(sessionJobs(db, sessionId)[0]).toMatchObject({ status: 'done', progress: 1 });
  });

  it('a failure of the old take after a retake does not count against the new one', () => {
    enqueueAnswer(db, answerIds[0] ?? 0, 0);
    const oldTake = claimNextJob(db, 0);
    enqueueAnswer(db, answerIds[0] ?? 0, 10);
    if (!oldTake) throw new Error('not claimed');
    expect(failJob(db, oldTake, 'the old file was replaced', 20, policy, { final: true })).toBe(
      'retry',
    );
    expect(sessionJobs(db, sessionId)[0]).toMatchObject({
      status: 'queued',
      attempts: 0,
      lastError: null,
      nextAttemptAt: 10,
    });
  });

  it('backs off by doubling up to a cap, then fails for good after the last attempt', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, policy))).toEqual([1000, 2000, 3000, 3000]);
    enqueueAnswer(db, answerIds[0] ?? 0, 0);
    let now = 0;
    const outcomes: string[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(claimNextJob(db, now - 1)).toBeNull();
      const job = claimNextJob(db, now);
      if (!job) throw new Error(`attempt ${attempt} was not due`);
      expect(job.attempts).toBe(attempt);
      outcomes.push(failJob(db, job, 'ffmpeg could not read it', now, policy));
      now += backoffMs(attempt, policy);
    }
    expect(outcomes).toEqual(['retry', 'retry', 'failed']);
    expect(sessionJobs(db, sessionId)[0]).toMatchObject({
      status: 'failed',
      lastError: 'ffmpeg could not read it (attempt 3 of 3)',
    });
  });

  it('puts jobs a crash left running back in the queue, unless they used their last attempt', () => {
    enqueueAnswer(db, answerIds[0] ?? 0, 0);
    enqueueAnswer(db, answerIds[1] ?? 0, 0);
    const first = claimNextJob(db, 0);
    const second = claimNextJob(db, 0);
    // The second job has been interrupted twice before.
    db.$client.prepare('update transcription_jobs set attempts = 3 where id = ?').run(second?.id);
    expect(requeueInterrupted(db, 500, policy)).toBe(2);
    const jobs = sessionJobs(db, sessionId);
    expect(jobs.find((j) => j.id === first?.id)).toMatchObject({ status: 'queued', attempts: 1 });
    expect(jobs.find((j) => j.id === second?.id)).toMatchObject({ status: 'failed' });
    expect(jobs.find((j) => j.id === second?.id)?.lastError).toMatch(
      /Interrupted by a station restart/,
    );
  });
});
