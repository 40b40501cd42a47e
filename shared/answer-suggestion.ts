/**
 * A scorer's suggestion for one answer as the review screen gets it (session detail's
 * `answers[].suggestion`): what the offline or Gemini scorer said, with the evidence that
 * earned each criterion. A suggestion only: the recruiter's own score is what counts.
 */
import type { Evidence, ScorerProvider } from './rubric';

export interface SuggestedCriterion {
  name: string;
  /** 1–5 on the criterion's anchors; 0 when the answer gave nothing to score. */
  score: number;
  weight: number;
  /** Quoted spans; a spoken answer's carry session-clock times the replay can seek to. */
  evidence: Evidence[];
}

export interface AnswerSuggestion {
  /** The stored suggestion (a row of `scores`), which accepting or ignoring names. */
  scoreId: number;
  /** 0–100. */
  score: number;
  provider: ScorerProvider;
  model: string;
  promptVersion: string;
  rationale: string;
  /** Why the offline scorer stood in for Gemini, when it did. */
  fallbackReason: string | null;
  criteria: SuggestedCriterion[];
  createdAt: number;
  /** What a recruiter did with it: null until someone accepts, changes or ignores it. */
  response: { kind: SuggestionResponse; byName: string | null; at: number } | null;
}

export const SUGGESTION_RESPONSES = ['accepted', 'changed', 'ignored'] as const;
export type SuggestionResponse = (typeof SUGGESTION_RESPONSES)[number];
