import { describe, expect, it } from 'vitest';
import type { SuggestedCriterion } from '../../shared/answer-suggestion';
import { cachingQuestion, STRONG_CACHING_ANSWER } from '../evaluation/test-rubrics';
import type { SpeechFigures } from '../transcription/answer-transcription';
import {
  analyseSession,
  SUGGESTION_LABEL,
  technicalScore,
  type AnalysedAnswer,
} from './session-analysis';
import { communicationFacts } from './speech-facts';

const job = {
  title: 'Backend engineer',
  description: 'Builds the product catalogue service and its APIs.',
};

const criterion = (name: string, score: number, weight: number, quote?: string) =>
  ({
    name,
    score,
    weight,
    evidence: quote ? [{ quote, startMs: 21_000, endMs: 22_000 }] : [],
  }) satisfies SuggestedCriterion;

function answer(position: number, over: Partial<AnalysedAnswer> = {}): AnalysedAnswer {
  return {
    id: 100 + position,
    position,
    type: 'text',
    startedMs: position * 10_000,
    words: null,
    rubric: cachingQuestion.rubric,
    suggestion: null,
    speech: null,
    ...over,
  };
}

const figures = (over: Partial<SpeechFigures>): SpeechFigures => ({
  durationMs: 60_000,
  speakingMs: 50_000,
  wordCount: 100,
  wordsPerMinute: 120,
  longestPauseMs: 1_500,
  fillerCount: 0,
  fillers: {},
  ...over,
});

describe('session analysis: keywords', () => {
  it('groups inflections under their most used form and counts them across answers', () => {
    const analysis = analyseSession({
      job,
      answers: [
        answer(0, { words: 'The cache is caching entries. Another cache holds sessions.' }),
        answer(1, { type: 'audio', words: 'I cached the catalogue, and the cache expired.' }),
      ],
    });
    const cache = analysis.keywords.find((k) => k.term === 'cache');
    expect(cache).toEqual({ term: 'cache', count: 5, relevance: 'rubric', answers: [0, 1] });
    expect(analysis.keywords.map((k) => k.term)).not.toContain('caching');
    // Function words never count.
    expect(analysis.keywords.map((k) => k.term)).not.toContain('the');
    expect(analysis.keywords[0]?.term).toBe('cache');
  });

  it('tags words of the rubric, then of the job, and the rest as other', () => {
    const { keywords } = analyseSession({
      job,
      answers: [
        answer(0, { words: 'Redis sits before the catalogue; my weekend hobby is sailing.' }),
      ],
    });
    const relevance = Object.fromEntries(keywords.map((k) => [k.term, k.relevance]));
    expect(relevance.redis).toBe('rubric');
    expect(relevance.catalogue).toBe('job');
    expect(relevance.sailing).toBe('other');
  });

  it('keeps the fifteen most used and reads no MCQ answer', () => {
    const many = Array.from({ length: 20 }, (_, i) => `word${'abcdefghijklmnopqrst'[i]}`);
    const { keywords } = analyseSession({
      job,
      answers: [
        answer(0, { words: `${many.join(' ')} ${many.slice(0, 3).join(' ')}` }),
        answer(1, { type: 'mcq', words: 'kubernetes kubernetes kubernetes kubernetes' }),
      ],
    });
    expect(keywords).toHaveLength(15);
    expect(keywords.slice(0, 3).map((k) => k.count)).toEqual([2, 2, 2]);
    expect(keywords.map((k) => k.term)).not.toContain('kubernetes');
  });
});

describe('session analysis: technical score', () => {
  it("is the criteria's weighted mean over scored answers, with its basis", () => {
    const technical = technicalScore([
      // Weights 2 + 1 = 3.
      answer(0, {
        suggestion: {
          score: 90,
          provider: 'offline',
          criteria: [criterion('Cache design', 5, 2), criterion('Freshness', 3, 1)],
        },
      }),
      // Weight 1.
      answer(1, {
        suggestion: { score: 30, provider: 'gemini', criteria: [criterion('Cache design', 2, 1)] },
      }),
      answer(2),
    ]);
    expect(technical.score).toBe(75); // (90·3 + 30·1) / 4
    expect(technical.scoredAnswers).toBe(2);
    expect(technical.basis).toBe('1 answer scored by the offline scorer, 1 by Gemini.');
  });

  it('names Gemini alone when it scored every answer', () => {
    const technical = technicalScore([
      answer(0, {
        suggestion: { score: 60, provider: 'gemini', criteria: [criterion('Freshness', 3, 1)] },
      }),
      answer(1, {
        suggestion: { score: 40, provider: 'gemini', criteria: [criterion('Freshness', 2, 1)] },
      }),
    ]);
    expect(technical).toEqual({
      score: 50,
      scoredAnswers: 2,
      basis: '2 answers scored by Gemini.',
    });
  });

  it('is null with no suggestion, and the overall suggestion is insufficient', () => {
    const analysis = analyseSession({ job, answers: [answer(0), answer(1)] });
    expect(analysis.competencies.technical.score).toBeNull();
    expect(analysis.overall).toMatchObject({ suggestion: 'insufficient', label: SUGGESTION_LABEL });
  });
});

describe('session analysis: overall suggestion', () => {
  const scored = (position: number, score: number) =>
    answer(position, {
      suggestion: { score, provider: 'offline', criteria: [criterion('Cache design', 3, 1)] },
    });

  it('is insufficient when fewer than half the open answers are scored', () => {
    const analysis = analyseSession({
      job,
      answers: [scored(0, 95), answer(1), answer(2), answer(3, { type: 'mcq' })],
    });
    expect(analysis.competencies.technical.score).toBe(95);
    expect(analysis.overall.suggestion).toBe('insufficient');
    expect(analysis.overall.reason).toContain('1 of 3 open answers');
  });

  it('suggests by the technical score once half are scored, always labelled', () => {
    const at = (score: number) =>
      analyseSession({ job, answers: [scored(0, score), answer(1)] }).overall;
    expect(at(70)).toMatchObject({ suggestion: 'advance', label: SUGGESTION_LABEL });
    expect(at(69).suggestion).toBe('consider');
    expect(at(40).suggestion).toBe('consider');
    expect(at(39).suggestion).toBe('do_not_advance');
    expect(at(80).reason).toContain('Speech figures are facts only');
  });
});

describe('session analysis: strengths and areas to probe', () => {
  it('names high criteria with a quote, and low ones with the key points missed in the rubric words', () => {
    const analysis = analyseSession({
      job,
      answers: [
        answer(0, {
          type: 'audio',
          words: 'I would use the cache-aside pattern with Redis, keyed by product id.',
          suggestion: {
            score: 50,
            provider: 'offline',
            criteria: [
              criterion('Cache design', 5, 2, 'the cache-aside pattern with Redis'),
              criterion('Freshness', 1, 1),
            ],
          },
        }),
      ],
    });
    expect(analysis.strengths).toEqual([
      {
        criterion: 'Cache design',
        answerId: 100,
        position: 0,
        score: 5,
        quote: 'the cache-aside pattern with Redis',
        quoteMs: 21_000,
      },
    ]);
    expect(analysis.areasToProbe).toEqual([
      {
        criterion: 'Freshness',
        answerId: 100,
        position: 0,
        score: 1,
        missing: ['time to live', 'invalidate on write', 'stale reads trade-off'],
      },
    ]);
  });

  it('lists a middling criterion only for the key points it missed', () => {
    const analysis = analyseSession({
      job,
      answers: [
        answer(0, {
          words: STRONG_CACHING_ANSWER,
          suggestion: {
            score: 60,
            provider: 'gemini',
            criteria: [criterion('Cache design', 3, 2), criterion('Freshness', 3, 1)],
          },
        }),
      ],
    });
    // The strong answer says every key point, so nothing is missing and 3 is not low.
    expect(analysis.areasToProbe).toEqual([]);
    expect(analysis.strengths).toEqual([]);
  });
});

describe('session analysis: communication facts', () => {
  const JUDGEMENT =
    /\b(good|bad|poor|great|excellent|strong|weak|fast|slow|quick|too|well|fluent|clear|confident|nervous|hesitant|only|just|impressive|concerning)\b/i;

  it('states the median rate, the longest pause and the fillers, with no judgement words', () => {
    const facts = communicationFacts([
      figures({ wordsPerMinute: 150, longestPauseMs: 2_500, fillerCount: 3, fillers: { um: 3 } }),
      figures({ wordsPerMinute: 142, longestPauseMs: 4_200, fillerCount: 1, fillers: { like: 1 } }),
      figures({ wordsPerMinute: 90, speakingMs: 20_000, wordCount: 30 }),
      // Nothing said: left out.
      figures({ wordsPerMinute: null, wordCount: 0, speakingMs: 0 }),
    ]);
    expect(facts).toMatchObject({
      spokenAnswers: 3,
      wordsPerMinute: 142,
      longestPauseMs: 4_200,
      fillerCount: 4,
      wordCount: 230,
      fillersPer100Words: 1.7,
    });
    expect(facts.sentences).toEqual([
      'Spoke for 2 min 0 s in 3 answers, 230 words in all.',
      'Spoke at 142 words per minute (median of 3 answers).',
      'Longest pause within an answer: 4.2 seconds.',
      '4 filler words in 230 words (1.7 per 100 words): “um” 3, “like” 1.',
    ]);
    for (const sentence of facts.sentences) expect(sentence).not.toMatch(JUDGEMENT);
  });

  it('says so when no spoken answer has figures', () => {
    const facts = communicationFacts([]);
    expect(facts.wordsPerMinute).toBeNull();
    expect(facts.sentences).toEqual(['No spoken answer has speech figures yet.']);
    const none = communicationFacts([figures({ wordsPerMinute: 100 })]).sentences;
    expect(none).toContain('Spoke at 100 words per minute (1 answer).');
    expect(none).toContain('No filler words from the station’s list were heard.');
    for (const sentence of none) expect(sentence).not.toMatch(JUDGEMENT);
  });
});
