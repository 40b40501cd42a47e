import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { answers, jobs, questions, sessions } from '../../db/schema';
import { createTestDb, seedTestInterview } from '../../db/test-db';
import { systemClock } from '../core/clock';
import { offlineScorer } from '../evaluation/offline-scorer';
import { createStationScorer } from '../evaluation/station-scorer';
import { cachingQuestion, STRONG_CACHING_ANSWER } from '../evaluation/test-rubrics';
import { attachAnswerMedia } from '../transcription/test-fixtures';
import { saveTranscript } from '../transcription/transcript-store';
import { AnswerSuggestions } from './answer-suggestions';
import { SUGGESTION_LABEL } from './session-analysis';
import { loadSessionDetail } from './session-detail';

const SPOKEN =
  'Um I would put Redis in front of the catalogue with the cache-aside pattern and um keep it simple';

describe('session detail: the interview analysis', () => {
  let db: Db;
  let dataDir: string;
  let interviewId: number;
  let sessionId: number;

  beforeEach(() => {
    db = createTestDb();
    dataDir = mkdtempSync(path.join(tmpdir(), 'analysis-'));
    const seeded = seedTestInterview(db, {
      status: 'completed',
      questions: [
        { type: 'text', readingSeconds: 5, answerSeconds: 60, prompt: cachingQuestion.prompt },
        { type: 'audio', readingSeconds: 5, answerSeconds: 60, prompt: cachingQuestion.prompt },
        {
          type: 'mcq',
          readingSeconds: 5,
          answerSeconds: 60,
          options: ['a', 'b', 'c', 'd'],
          correctOption: 1,
        },
      ],
    });
    interviewId = seeded.interviewId;
    db.update(jobs)
      .set({ description: 'Owns the product catalogue service.' })
      .where(eq(jobs.id, seeded.jobId))
      .run();
    for (const id of seeded.questionIds.slice(0, 2)) {
      db.update(questions)
        .set({ rubric: cachingQuestion.rubric })
        .where(eq(questions.id, id))
        .run();
    }
    sessionId = db
      .insert(sessions)
      .values({
        interviewId,
        status: 'completed',
        startedAt: 0,
        endedAt: 60_000,
        lastHeartbeatAt: 0,
      })
      .returning({ id: sessions.id })
      .get().id;
    const answer = (position: number, values: Partial<typeof answers.$inferInsert>) =>
      db
        .insert(answers)
        .values({
          sessionId,
          questionId: seeded.questionIds[position] ?? 0,
          position,
          status: 'submitted',
          updatedAt: 0,
          ...values,
        })
        .returning({ id: answers.id })
        .get().id;
    answer(0, { text: STRONG_CACHING_ANSWER });
    const spoken = answer(1, {});
    answer(2, { choice: 1 });
    attachAnswerMedia(db, dataDir, spoken, { source: null, startMs: 20_000, endMs: 30_000 });
    const words = SPOKEN.split(' ');
    saveTranscript(db, {
      sessionId,
      answerId: spoken,
      model: 'test',
      language: 'en',
      parts: [
        {
          mediaStartMs: 20_000,
          words: words.map((word, i) => ({ word, startMs: i * 300, endMs: i * 300 + 250 })),
        },
      ],
      analytics: {
        durationMs: 10_000,
        speakingMs: 8_000,
        wordCount: words.length,
        wordsPerMinute: 135,
        longestPauseMs: 2_400,
        fillerCount: 2,
        fillers: { um: 2 },
        speechSource: 'vad',
      },
    });
  });
  afterEach(() => {
    db.$client.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const scoreAll = async () => {
    const service = new AnswerSuggestions({
      db,
      clock: systemClock,
      log: () => {},
      scorer: createStationScorer({
        keys: { read: () => null },
        offline: offlineScorer,
        clock: systemClock,
        log: () => {},
        gemini: { timeoutMs: 2_000, attempts: 1, backoffMs: 1 },
      }),
    });
    service.sessionEnded(sessionId);
    await service.settle();
  };

  it('has keywords and speech facts, but no suggestion, before any answer is scored', () => {
    const { analysis } = loadSessionDetail(db, interviewId);
    expect(analysis.competencies.technical).toMatchObject({ score: null, scoredAnswers: 0 });
    expect(analysis.overall).toMatchObject({ suggestion: 'insufficient', label: SUGGESTION_LABEL });
    const relevance = Object.fromEntries(analysis.keywords.map((k) => [k.term, k.relevance]));
    expect(relevance.redis).toBe('rubric');
    expect(relevance.catalogue).toBe('job');
    // The spoken answer's figures, stated as facts.
    expect(analysis.competencies.communication).toMatchObject({
      spokenAnswers: 1,
      wordsPerMinute: 135,
      longestPauseMs: 2_400,
      fillerCount: 2,
    });
    expect(analysis.competencies.communication.sentences).toContain(
      'Spoke at 135 words per minute (1 answer).',
    );
  });

  it("pools the offline scorer's suggestions into a technical score, strengths and areas", async () => {
    await scoreAll();
    const detail = loadSessionDetail(db, interviewId);
    const [written, spoken] = detail.answers;
    const { analysis } = detail;
    // Both answers share one rubric, so the weighted mean is the plain mean.
    const mean = Math.round(
      ((written?.suggestion?.score ?? 0) + (spoken?.suggestion?.score ?? 0)) / 2,
    );
    expect(analysis.competencies.technical).toEqual({
      score: mean,
      scoredAnswers: 2,
      basis: '2 answers scored by the offline scorer.',
    });
    // The strong written answer covers the cache design; its quote comes from its words.
    const strength = analysis.strengths.find(
      (s) => s.position === 0 && s.criterion === 'Cache design',
    );
    expect(strength?.quote && STRONG_CACHING_ANSWER.includes(strength.quote)).toBe(true);
    // The short spoken answer says nothing on freshness: the rubric's points are named.
    expect(analysis.areasToProbe).toContainEqual(
      expect.objectContaining({
        criterion: 'Freshness',
        position: 1,
        missing: ['time to live', 'invalidate on write', 'stale reads trade-off'],
      }),
    );
    // Two of two open answers scored (the MCQ is not an open answer).
    expect(analysis.overall.suggestion).not.toBe('insufficient');
    expect(analysis.overall.reason).toContain('2 of 2 open answers');
  });
});
