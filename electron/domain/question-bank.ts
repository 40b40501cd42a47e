import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DOMAINS, QUESTION_TYPES } from '../../shared/enums';
import { rubricSchema } from '../../shared/rubric';

const MCQ_OPTION_COUNT = 4;
const MAX_PROMPT_LENGTH = 400;

// The enums come from the DB schema so a seeded question can always be inserted as is.
const domainSchema = z.enum(DOMAINS);

const seconds = z.number().int().positive();

// Strict objects, so a stray `options` on a video question or a misspelt key fails loudly
// instead of being dropped without a word.
const baseShape = {
  key: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lowercase words joined by dashes'),
  domain: domainSchema,
  prompt: z.string().trim().min(1).max(MAX_PROMPT_LENGTH),
  readingSeconds: seconds,
  answerSeconds: seconds,
};

const mcqQuestionSchema = z.strictObject({
  ...baseShape,
  type: z.literal('mcq'),
  options: z
    .array(z.string().trim().min(1, 'An option must not be empty'))
    .length(MCQ_OPTION_COUNT)
    .refine((options) => new Set(options).size === options.length, 'Options must be distinct'),
  correctOption: z
    .number()
    .int()
    .min(0, 'correctOption is a zero-based index into options')
    .max(MCQ_OPTION_COUNT - 1, `correctOption must be below ${MCQ_OPTION_COUNT}, the option count`),
});

// An open answer is scored against its rubric, so it cannot be seeded without one; an MCQ has
// a correct option instead, and the strict object refuses a rubric on it.
const openQuestionSchema = z.strictObject({
  ...baseShape,
  type: z.enum(QUESTION_TYPES).exclude(['mcq']),
  rubric: rubricSchema,
});

const bankQuestionSchema = z.discriminatedUnion('type', [mcqQuestionSchema, openQuestionSchema]);

export const questionBankSchema = z
  .strictObject({
    version: z.literal(1),
    questions: z.array(bankQuestionSchema).min(1),
  })
  .superRefine((bank, ctx) => {
    // Keys are the stable name a seeded question keeps across re-seeds, so they must be
    // unique and must agree with the question's domain and type.
    const seen = new Set<string>();
    bank.questions.forEach((question, index) => {
      if (seen.has(question.key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['questions', index, 'key'],
          message: `Duplicate key "${question.key}"`,
        });
      }
      seen.add(question.key);
      const prefix = `${question.domain.replace(/_/g, '-')}-${question.type}-`;
      if (!new RegExp(`^${prefix}\\d+$`).test(question.key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['questions', index, 'key'],
          message: `Key "${question.key}" should look like "${prefix}<n>"`,
        });
      }
    });
  });

export type QuestionBank = z.infer<typeof questionBankSchema>;
export type BankQuestion = QuestionBank['questions'][number];

/** Reads and validates the seeded question bank, throwing a readable Error naming the file. */
export function loadQuestionBank(filePath: string): QuestionBank {
  let raw: string;
  try {
    raw = readFileSync(filePath, 'utf8');
  } catch (cause) {
    throw new Error(`Question bank ${filePath} could not be read: ${messageOf(cause)}`, { cause });
  }

  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw new Error(`Question bank ${filePath} is not valid JSON: ${messageOf(cause)}`, { cause });
  }

  const result = questionBankSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'file';
    throw new Error(
      `Question bank ${filePath} is invalid: ${where}: ${issue?.message ?? 'unknown problem'}`,
      { cause: result.error },
    );
  }
  return result.data;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
