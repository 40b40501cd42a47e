/**
 * The seeded questions a scorer can score, read from resources/seed/question-bank.json: the
 * audio, video and text questions with their rubrics. Read leniently around the rubric (the
 * bank's own schema lives in domain/question-bank.ts), so the CLI and the bench need only the
 * fields a scorer sees.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { rubricSchema, type ScorableQuestion } from '../../shared/rubric';

const bankSchema = z.object({
  questions: z.array(
    z.looseObject({
      key: z.string().min(1),
      type: z.string(),
      prompt: z.string().min(1),
      rubric: rubricSchema.optional(),
    }),
  ),
});

export interface ScorableBank {
  /** Open questions that have a rubric, by key. */
  questions: Map<string, ScorableQuestion>;
  /** Every key in the bank, so "no rubric" can be told from "no such question". */
  allKeys: Set<string>;
}

export function loadScorableQuestions(filePath: string): ScorableBank {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(filePath, 'utf8'));
  } catch (cause) {
    throw new Error(`Question bank ${filePath} could not be read as JSON: ${messageOf(cause)}`, {
      cause,
    });
  }
  const parsed = bankSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Question bank ${filePath} is invalid: ${issue?.path.join('.') ?? 'file'}: ${issue?.message ?? 'unknown problem'}`,
    );
  }
  const questions = new Map<string, ScorableQuestion>();
  for (const q of parsed.data.questions) {
    if (q.rubric && (q.type === 'audio' || q.type === 'video' || q.type === 'text'))
      questions.set(q.key, { key: q.key, prompt: q.prompt, type: q.type, rubric: q.rubric });
  }
  return { questions, allKeys: new Set(parsed.data.questions.map((q) => q.key)) };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
