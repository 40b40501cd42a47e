import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { sessions } from '../../db/schema';
import { createTestDb } from '../../db/test-db';
import type { SpeechAnalytics } from '../transcription/analytics';
import {
  claimNextJob,
  enqueueAnswer,
  enqueueSession,
  failJob,
  finishJob,
  noteModelWait,
  setJobProgress,
} from '../transcription/job-store';
import { attachAnswerMedia, seedAudioSession } from '../transcription/test-fixtures';
import { saveTranscript } from '../transcription/transcript-store';
import { loadSessionDetail } from './session-detail';

const words = (...spans: [string, number, number][]) =>
  spans.map(([word, startMs, endMs]) => ({ word, startMs, endMs }));

const figures: SpeechAnalytics = {
  durationMs: 10_000,
  speakingMs: 6_000,
  wordCount: 12,
  wordsPerMinute: 120,
  longestPauseMs: 1_800,
  fillerCount: 2,
  fillers: { um: 2 },
  speechSource: 'vad',
};

describe('review detail: transcripts of recorded answers', () => {
  let db: Db;
  let sessionId: number;
  let answerIds: number[];
  let interviewId: number;

  beforeEach(() => {
    db = createTestDb();
    ({ sessionId, answerIds } = seedAudioSession(db, 6));
    interviewId =
      db.select().from(sessions).where(eq(sessions.id, sessionId)).get()?.interviewId ?? 0;
    // Each answer recorded for 10 s, one every 20 s on the session clock.
    answerIds.forEach((id, i) =>
      attachAnswerMedia(db, '/tmp', id, {
        source: null,
        startMs: i * 20_000,
        endMs: i * 20_000 + 10_000,
      }),
    );
  });
  afterEach(() => db.$client.close());

  it('shows each piece of speech once: answer transcripts, and the session transcript only around them', () => {
    const [first = 0] = answerIds;
    saveTranscript(db, {
      sessionId,
      answerId: first,
      model: 'tiny',
      language: 'en',
      parts: [{ mediaStartMs: 0, words: words(['I', 1000, 1200], ['measured.', 1300, 2000]) }],
    });
    // The session recording heard the same answer, speech between answers, and answer 2,
    // whose own transcript is not there yet.
    saveTranscript(db, {
      sessionId,
      answerId: null,
      model: 'tiny',
      language: 'en',
      parts: [
        {
          mediaStartMs: 0,
          words: words(
            ['I', 1000, 1200],
            ['measured.', 1300, 2000],
            ['Hmm,', 14_000, 14_500],
            ['next.', 14_600, 15_000],
            ['Then', 21_000, 21_400],
            ['indexes.', 21_500, 22_000],
          ),
        },
      ],
    });
    const { transcript } = loadSessionDetail(db, interviewId);
    expect(transcript.map((s) => [s.text, s.answerId])).toEqual([
      ['I measured.', first],
      ['Hmm, next.', null],
      ['Then indexes.', null],
    ]);
  });

  it('tells each answer card where its transcription stands, with the speech figures once done', () => {
    const [queued = 0, running = 0, retrying = 0, failed = 0, done = 0, noModel = 0] = answerIds;
    for (const id of answerIds) enqueueAnswer(db, id, 0);
    enqueueSession(db, sessionId, 0);
    // Claimed in id order: the first five; a retake puts the first back in the queue.
    const claimed = [1, 2, 3, 4, 5].map(() => claimNextJob(db, 1));
    const byAnswer = (id: number) => claimed.find((job) => job?.answerId === id);
    enqueueAnswer(db, queued, 2);
    setJobProgress(db, byAnswer(running)?.id ?? 0, 0.4, 2);
    const policy = { maxAttempts: 2, baseDelayMs: 1000, maxDelayMs: 1000 };
    const retry = byAnswer(retrying);
    if (retry) failJob(db, retry, '/var/lib/station/media/answer-3.wav does not exist', 2, policy);
    const fail = byAnswer(failed);
    if (fail) failJob(db, fail, 'The transcription process crashed.', 2, policy, { final: true });
    const finished = byAnswer(done);
    saveTranscript(db, {
      sessionId,
      answerId: done,
      model: 'tiny',
      language: 'en',
      parts: [{ mediaStartMs: 0, words: words(['Done.', 0, 500]) }],
      analytics: figures,
    });
    finishJob(db, finished?.id ?? 0, 3);
    noteModelWait(db, true, 4);

    const states = new Map(
      loadSessionDetail(db, interviewId).answers.map((a) => [a.id, a.transcription]),
    );
    expect(states.get(queued)).toEqual({ state: 'no_model' });
    expect(states.get(noModel)).toEqual({ state: 'no_model' });
    expect(states.get(running)).toEqual({ state: 'transcribing', progress: 0.4 });
    // The reason is plain: the file's name, not where the station keeps it.
    expect(states.get(retrying)).toEqual({
      state: 'retrying',
      reason: 'answer-3.wav does not exist (attempt 1 of 2)',
      attempts: 1,
    });
    expect(states.get(failed)).toEqual({
      state: 'failed',
      reason: 'The transcription process crashed. (attempt 1 of 2)',
    });
    expect(states.get(done)).toEqual({
      state: 'done',
      figures: {
        durationMs: 10_000,
        speakingMs: 6_000,
        wordCount: 12,
        wordsPerMinute: 120,
        longestPauseMs: 1_800,
        fillerCount: 2,
        fillers: { um: 2 },
      },
    });

    // Once a model is there, waiting answers read as plainly queued.
    noteModelWait(db, false, 5);
    const after = loadSessionDetail(db, interviewId).answers.find((a) => a.id === queued);
    expect(after?.transcription).toEqual({ state: 'queued' });
  });
});
