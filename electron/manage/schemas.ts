/**
 * What the management screens may send: one zod schema per kind of record. The router
 * checks every input with these, and the question import checks each item of a file with
 * the same question schema, so a question is valid in the same way however it arrives.
 */
import { z } from 'zod';
import { screeningRequirementsSchema } from '../../shared/job-requirements';
import { DOMAINS, QUESTION_GENERATORS, QUESTION_TYPES, USER_ROLES } from '../../shared/enums';
import { id } from '../core/fields';
import { rubricField } from './rubric-fields';

const requiredText = (what: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${what}.`)
    .max(max, `Keep ${what} under ${max + 1} characters.`);

export const domainSchema = z.enum(DOMAINS);
export const questionTypeSchema = z.enum(QUESTION_TYPES);

export const jobFields = z.strictObject({
  title: requiredText('a job title', 120),
  department: z.string().trim().max(80, 'Keep the department under 81 characters.').nullable(),
  description: z.string().trim().max(4000, 'Keep the description under 4001 characters.'),
  domain: domainSchema.nullable(),
  // Left out by callers that do not edit them (the job keeps its requirements); null clears.
  requirements: screeningRequirementsSchema.nullable().optional(),
});
export type JobFields = z.infer<typeof jobFields>;

/** Reading time and answer time bounds, in seconds. */
export const READING_SECONDS = { min: 1, max: 600 } as const;
export const ANSWER_SECONDS = { min: 10, max: 3600 } as const;
export const MCQ_OPTIONS = { min: 2, max: 8 } as const;

const questionBase = {
  domain: domainSchema,
  prompt: requiredText('the question', 1000),
  readingSeconds: z
    .number()
    .int('Use whole seconds.')
    .min(READING_SECONDS.min, `Reading time is at least ${READING_SECONDS.min} second.`)
    .max(READING_SECONDS.max, `Reading time is at most ${READING_SECONDS.max} seconds.`),
  answerSeconds: z
    .number()
    .int('Use whole seconds.')
    .min(ANSWER_SECONDS.min, `Answer time is at least ${ANSWER_SECONDS.min} seconds.`)
    .max(ANSWER_SECONDS.max, `Answer time is at most ${ANSWER_SECONDS.max} seconds.`),
};

const mcqFields = z
  .strictObject({
    ...questionBase,
    type: z.literal('mcq'),
    options: z
      .array(z.string().trim().min(1, 'An option must not be empty.').max(300))
      .min(MCQ_OPTIONS.min, `A multiple-choice question needs at least ${MCQ_OPTIONS.min} options.`)
      .max(MCQ_OPTIONS.max, `A multiple-choice question has at most ${MCQ_OPTIONS.max} options.`)
      .refine((options) => new Set(options).size === options.length, 'Options must differ.'),
    correctOption: z.number().int().min(0, 'Choose the correct option.'),
    // Exported MCQs carry no rubric; null is accepted so an edited export still imports.
    rubric: z
      .null({ error: 'A multiple-choice question has a correct option, not a rubric.' })
      .optional(),
  })
  .refine((q) => q.correctOption < q.options.length, {
    path: ['correctOption'],
    message: 'The correct option must be one of the options.',
  });

const openFields = z.strictObject({
  ...questionBase,
  type: questionTypeSchema.exclude(['mcq']),
  // Accepted as null so an exported open question imports back unchanged.
  options: z.null().optional(),
  correctOption: z.null().optional(),
  // The form always sends one; null or missing keeps exports and questions made before
  // rubrics valid (such an answer is scored by a person alone).
  rubric: rubricField.nullable().optional(),
});

export const questionFields = z.discriminatedUnion('type', [mcqFields, openFields]);
export type QuestionFields = z.infer<typeof questionFields>;

/**
 * One item of an import file: a question, optionally with the key the seeded bank uses and,
 * for one accepted from a proposer's draft, who proposed it (so it stays marked generated).
 */
const importExtras = {
  key: z.string().max(100).optional(),
  generatedBy: z.enum(QUESTION_GENERATORS).nullable().optional(),
};
export const importedQuestion = z.discriminatedUnion('type', [
  mcqFields.safeExtend(importExtras),
  openFields.safeExtend(importExtras),
]);

/** A question as an export file holds it. */
export type ExportedQuestion = QuestionFields & {
  generatedBy?: (typeof QUESTION_GENERATORS)[number];
};

export const EXPORT_FORMAT_VERSION = 1;
export const MAX_IMPORT_QUESTIONS = 1000;

export const questionFilter = z.strictObject({
  domain: domainSchema.optional(),
  type: questionTypeSchema.optional(),
  includeArchived: z.boolean().optional(),
  search: z.string().trim().max(200).optional(),
});
export type QuestionFilter = z.infer<typeof questionFilter>;

export const questionnaireFields = z.strictObject({
  title: requiredText('a questionnaire title', 120),
  jobId: id.nullable(),
  retakesAllowed: z
    .number()
    .int('Use a whole number of retakes.')
    .min(0, 'Retakes cannot be negative.')
    .max(5, 'Allow at most 5 retakes.'),
});
export type QuestionnaireFields = z.infer<typeof questionnaireFields>;

export const MAX_QUESTIONNAIRE_QUESTIONS = 100;

export const candidateFields = z.strictObject({
  fullName: requiredText('the candidate’s full name', 120),
  // An empty field means no email address.
  email: z
    .string()
    .trim()
    .max(200, 'Keep the email address under 201 characters.')
    .refine(
      (value) => value === '' || z.email().safeParse(value).success,
      'Enter a valid email address, or leave it empty.',
    )
    .nullable()
    .transform((value) => value || null),
});
export type CandidateFields = z.infer<typeof candidateFields>;

export const accommodationsSchema = z.strictObject({
  extraTimePercent: z
    .number()
    .int('Use a whole percentage.')
    .min(0, 'Extra time cannot be negative.')
    .max(100, 'Extra time is at most 100%.'),
  candidateNotices: z.boolean(),
});

export const interviewFields = z.strictObject({
  candidateId: id,
  jobId: id,
  questionnaireId: id,
  /** When the access code stops working (ms since the epoch). */
  expiresAt: z.number().int().positive(),
  accommodations: accommodationsSchema,
  alternativePath: requiredText('what a candidate who declines recording is offered', 1000),
  aiScoring: z.boolean(),
});
export type InterviewFields = z.infer<typeof interviewFields>;

/** The longest an access code may stay valid. */
export const MAX_CODE_VALIDITY_DAYS = 180;

export const staffAccountFields = z.strictObject({
  username: z
    .string()
    .trim()
    .min(3, 'A username has at least 3 characters.')
    .max(64)
    .regex(/^[a-z0-9._-]+$/, 'Use lowercase letters, digits, dots, dashes or underscores.'),
  displayName: requiredText('a display name', 120),
  role: z.enum(USER_ROLES),
});
export type StaffAccountFields = z.infer<typeof staffAccountFields>;
