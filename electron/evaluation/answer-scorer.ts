import type { AnswerEvaluation, ScorableAnswer, ScorableQuestion } from '../../shared/rubric';

/**
 * Anything that suggests a score for one answer against its question's rubric: the offline
 * scorer, and the Gemini scorer that falls back to it.
 */
export interface AnswerScorer {
  score(q: ScorableQuestion, a: ScorableAnswer): Promise<AnswerEvaluation>;
}
