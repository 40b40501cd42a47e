/**
 * The one interface every scorer provider implements, so the station, the CLI and the bench
 * take a scorer as a parameter: the offline scorer, and Gemini's, which falls back to it.
 */
import type {
  AnswerEvaluation,
  ScorableAnswer,
  ScorableQuestion,
  ScorerProvider,
} from '../../shared/rubric';

export interface AnswerScorer {
  score(question: ScorableQuestion, answer: ScorableAnswer): Promise<AnswerEvaluation>;
}

/** A provider that cannot run here: Gemini without a key. */
export class ScorerUnavailableError extends Error {
  constructor(provider: ScorerProvider) {
    super(
      `The ${provider} scorer needs GEMINI_API_KEY set in the environment; or use --provider offline.`,
    );
    this.name = 'ScorerUnavailableError';
  }
}
