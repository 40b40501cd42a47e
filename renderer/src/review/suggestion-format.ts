import type { AnswerSuggestion, SuggestionResponse } from '../../../shared/answer-suggestion';
import type { Evidence } from '../../../shared/rubric';
import { clockTime, type ReviewAnswer } from './format';

/** Which scorer produced a suggestion, so two suggestions can be told apart. */
export function scorerLine(s: Pick<AnswerSuggestion, 'provider' | 'model' | 'promptVersion'>) {
  return s.provider === 'gemini'
    ? `Gemini (${s.model}, prompt ${s.promptVersion})`
    : `Offline scorer (${s.model}, ${s.promptVersion})`;
}

const RESPONSE_VERBS: Record<SuggestionResponse, string> = {
  accepted: 'Accepted',
  changed: 'Changed',
  ignored: 'Ignored',
};

/** "Accepted by Sam Reviewer"; a deleted account reads as "a recruiter". */
export function responseLine(response: NonNullable<AnswerSuggestion['response']>): string {
  return `${RESPONSE_VERBS[response.kind]} by ${response.byName ?? 'a recruiter'}`;
}

/** The seek button's visible text for a spoken quote, or null for a written one. */
export function playLabel(evidence: Evidence): string | null {
  return evidence.startMs === null ? null : `Play from ${clockTime(evidence.startMs)}`;
}

/**
 * Why an answer has no suggestion, in one sentence; null when nothing should be said (a
 * multiple-choice answer has its own automatic score).
 */
export function missingSuggestionText(
  answer: Pick<ReviewAnswer, 'question' | 'transcription' | 'transcript' | 'text'>,
): string | null {
  const { type, hasRubric } = answer.question;
  if (type === 'mcq') return null;
  if (!hasRubric) {
    return 'No suggestion: this question has no rubric to score against (add one under Manage → Questions).';
  }
  if (type === 'text') {
    return answer.text?.trim() ? 'No suggestion yet.' : 'No suggestion: nothing was written.';
  }
  // A transcript stored without a job (an older station) still gets scored.
  if (answer.transcript?.trim()) return 'No suggestion yet.';
  switch (answer.transcription?.state) {
    case undefined:
    case 'queued':
    case 'transcribing':
    case 'retrying':
    case 'no_model':
      return 'No suggestion yet: waiting for the transcript.';
    case 'failed':
    case 'skipped':
      return 'No suggestion: this answer has no transcript to score.';
    case 'done':
      return 'No suggestion yet.';
  }
}
