/**
 * The one interface every scorer provider implements, so the CLI, the bench and (later) the
 * review screen take a scorer as a parameter: the offline scorer here, Gemini's when its
 * helper lands.
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

/** A provider this build cannot run (Gemini, until its scorer is merged). */
export class ScorerUnavailableError extends Error {
  constructor(provider: ScorerProvider) {
    super(`The ${provider} scorer is not available in this build; use --provider offline.`);
    this.name = 'ScorerUnavailableError';
  }
}
