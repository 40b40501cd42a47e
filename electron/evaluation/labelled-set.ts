/**
 * The labelled answer set (resources/evaluation/labelled-answers.json): answers written for
 * the tests across the seeded open questions, each labelled 0-100 by its author before any
 * scorer ran, and tagged with what it was written to be. The bench measures agreement on it;
 * labelled-set.test.ts holds the scorer to the gaming guarantees on it.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const ANSWER_KINDS = [
  'strong',
  'partial',
  'weak',
  'off_topic',
  'short',
  'keyword_list',
  'repetition',
  'manipulation',
] as const;

const labelledAnswerSchema = z.strictObject({
  id: z.string().min(1),
  questionKey: z.string().min(1),
  kind: z.enum(ANSWER_KINDS),
  label: z.number().int().min(0).max(100),
  text: z.string().min(1),
});

const labelledSetSchema = z.strictObject({
  version: z.literal(1),
  about: z.string(),
  answers: z.array(labelledAnswerSchema).min(1),
});

export type LabelledAnswer = z.infer<typeof labelledAnswerSchema>;

export function loadLabelledSet(filePath: string): LabelledAnswer[] {
  return labelledSetSchema.parse(JSON.parse(readFileSync(filePath, 'utf8'))).answers;
}
