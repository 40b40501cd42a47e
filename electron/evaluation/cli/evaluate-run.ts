/**
 * What `npm run evaluate` does once its files are read: validates the answers, scores each one
 * against its seeded question with the scorer it is given, and says which could not be scored.
 * An answer whose question key is unknown, or has no rubric, is reported by its id and the
 * others are still scored (one bad line should not lose a batch); the CLI then exits 1.
 */
import { z } from 'zod';
import type { AnswerScorer } from '../answer-scorer';
import type { ScorableBank } from '../scorable-questions';

export const answersFileSchema = z
  .strictObject({
    answers: z.array(
      z.strictObject({
        id: z.string().trim().min(1).max(200),
        questionKey: z.string().trim().min(1).max(100),
        text: z.string().max(50_000),
      }),
    ),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.answers.forEach((answer, index) => {
      if (seen.has(answer.id))
        ctx.addIssue({
          code: 'custom',
          path: ['answers', index, 'id'],
          message: `Duplicate id "${answer.id}": ids name the scores in the output`,
        });
      seen.add(answer.id);
    });
  });

export type AnswersFile = z.infer<typeof answersFileSchema>;

export interface ScoreLine {
  id: string;
  score: number;
  criteria: { name: string; score: number; evidence: string[] }[];
  rationale: string;
  provider: string;
  /** Why Gemini's offline stand-in scored this answer (Gemini failed or its circuit is open). */
  fallbackReason?: string;
}

export interface ScoresFile {
  scores: ScoreLine[];
  /** Answers that could not be scored, by id, with the reason. */
  errors: { id: string; message: string }[];
}

export async function evaluateAnswers(
  file: AnswersFile,
  bank: ScorableBank,
  scorer: AnswerScorer,
): Promise<ScoresFile> {
  const scores: ScoreLine[] = [];
  const errors: ScoresFile['errors'] = [];
  for (const answer of file.answers) {
    const question = bank.questions.get(answer.questionKey);
    if (!question) {
      errors.push({
        id: answer.id,
        message: bank.allKeys.has(answer.questionKey)
          ? `Question "${answer.questionKey}" has no rubric to score against (multiple-choice questions are marked by their correct option).`
          : `Unknown question key "${answer.questionKey}": use a key from resources/seed/question-bank.json.`,
      });
      continue;
    }
    const evaluation = await scorer.score(question, { text: answer.text });
    scores.push({
      id: answer.id,
      score: evaluation.score,
      criteria: evaluation.criteria.map((c) => ({
        name: c.name,
        score: c.score,
        evidence: c.evidence.map((e) => e.quote),
      })),
      rationale: evaluation.rationale,
      provider: evaluation.provider,
      ...(evaluation.fallbackReason ? { fallbackReason: evaluation.fallbackReason } : {}),
    });
  }
  return { scores, errors };
}
