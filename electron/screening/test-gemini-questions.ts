/** A question as the Gemini proposer's reply carries it, for tests of a fake Gemini's reply. */
import { cachingQuestion } from '../evaluation/test-rubrics';

export const geminiWrittenQuestion = (
  prompt: string,
  covers: string[],
  extra: Record<string, unknown> = {},
) => ({
  type: 'text',
  domain: 'ai_ml',
  prompt,
  readingSeconds: 20,
  answerSeconds: 240,
  covers,
  rubric: cachingQuestion.rubric,
  ...extra,
});
