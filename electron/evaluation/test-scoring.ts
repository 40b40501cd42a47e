/** A question with a rubric, and a stand-in offline scorer, for the evaluation tests. */
import type { AnswerEvaluation, ScorableQuestion } from '../../shared/rubric';
import type { AnswerScorer } from './answer-scorer';

export const TEST_QUESTION: ScorableQuestion = {
  key: 'ml-validation',
  prompt: 'How do you know a model will work on data it has not seen?',
  type: 'audio',
  rubric: {
    criteria: [
      {
        name: 'Validation',
        keyPoints: [{ point: 'held-out validation set', synonyms: ['hold-out data'] }],
        anchors: [
          { level: 1, description: 'Does not mention checking on unseen data.' },
          { level: 5, description: 'Keeps a held-out set and explains why.' },
        ],
        weight: 2,
      },
      {
        name: 'Leakage',
        keyPoints: [{ point: 'avoids data leakage', synonyms: [] }],
        anchors: [
          { level: 1, description: 'Unaware of leakage.' },
          { level: 5, description: 'Names leakage and how to avoid it.' },
        ],
        weight: 1,
      },
    ],
    modelAnswer: 'Keep a held-out validation set, never tune on it, and guard against leakage.',
  },
};

/** The offline scorer's stand-in: always the same evaluation, and counts its calls. */
export function offlineDouble(): AnswerScorer & { calls: number } {
  const double = {
    calls: 0,
    score(): Promise<AnswerEvaluation> {
      double.calls += 1;
      return Promise.resolve({
        score: 25,
        criteria: [],
        rationale: 'offline',
        provider: 'offline',
        model: 'offline-test',
        promptVersion: 'offline-v0',
        latencyMs: 1,
      });
    },
  };
  return double;
}

/** A clock tests move by hand. */
export function handClock(start = 1_700_000_000_000) {
  const clock = { t: start, now: () => clock.t };
  return clock;
}
