/**
 * Questions for a job written by Gemini, each with a rubric in the bank's format, as drafts
 * for staff to edit, accept or discard. Without a key, or when Gemini fails, the offline
 * proposer (bank questions chosen to cover the requirements) stands in and says why.
 */
import type { StationGemini } from '../evaluation/station-gemini';
import {
  parseQuestionsReply,
  QUESTIONS_JSON_SCHEMA,
  QUESTIONS_SYSTEM_INSTRUCTION,
  questionsRequestText,
} from './question-prompt';
import type { ProposedQuestion, QuestionGenerator } from './question-generator';

export function createGeminiQuestions(
  gemini: StationGemini,
  offline: QuestionGenerator,
): QuestionGenerator {
  const fallBack = async (
    request: Parameters<QuestionGenerator>[0],
    reason: string,
  ): ReturnType<QuestionGenerator> => ({
    ...(await offline(request)),
    fallbackReason: `${reason}; proposed offline from the bank`,
  });

  return async (request) => {
    const current = gemini.now();
    if (!current) return fallBack(request, 'No Gemini key is configured');
    const count = Math.max(1, request.count);
    const result = await current.caller.call({
      label: 'question drafts',
      system: QUESTIONS_SYSTEM_INSTRUCTION,
      text: questionsRequestText(request.job, request.level, count),
      jsonSchema: QUESTIONS_JSON_SCHEMA,
      parse: (json) => parseQuestionsReply(json, request.job, count),
      // Some variety: asking again should not give the very same questions.
      temperature: 0.7,
    });
    if (!result.ok) return fallBack(request, result.reason);
    const { questions, dropped, instructionsInDescription } = result.value;
    const drafts: ProposedQuestion[] = questions.map((q) => ({
      fields: q.fields,
      covers: q.covers,
      note: [
        q.covers.length > 0
          ? `Written by Gemini for ${q.covers.join(', ')}.`
          : 'Written by Gemini; it named none of the job’s requirements as covered.',
        dropped > 0
          ? `${dropped} other proposed question${dropped === 1 ? ' was' : 's were'} not in the bank's format and dropped.`
          : '',
        instructionsInDescription
          ? 'The job description held text addressed to the AI; it was told to ignore it.'
          : '',
      ]
        .filter((line) => line.length > 0)
        .join(' '),
    }));
    return { provider: 'gemini', model: current.model, drafts };
  };
}
