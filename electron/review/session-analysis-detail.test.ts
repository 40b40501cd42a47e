import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { jobs } from '../../db/schema';
import { createTestDb } from '../../db/test-db';
import { STRONG_CACHING_ANSWER } from '../evaluation/test-rubrics';
import { attachAnswerMedia } from '../transcription/test-fixtures';
import { SUGGESTION_LABEL } from './session-analysis';
import { loadSessionDetail } from './session-detail';
import { seedAnsweredSession, testSuggestions } from './test-answered-session';

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
    const words = SPOKEN.split(' ');
    const session = seedAnsweredSession(db, {
      spoken: SPOKEN,
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
    ({ sessionId } = session);
    interviewId = session.seeded.interviewId;
    db.update(jobs)
      .set({ description: 'Owns the product catalogue service.' })
      .where(eq(jobs.id, session.seeded.jobId))
      .run();
    attachAnswerMedia(db, dataDir, session.spokenAnswer, {
      source: null,
      startMs: 20_000,
      endMs: 30_000,
    });
  });
  afterEach(() => {
    db.$client.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const scoreAll = async () => {
    const service = testSuggestions(db);
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
