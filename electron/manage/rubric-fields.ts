/**
 * The rubric as the management screens and the question import send it: checked with the
 * shared rubricSchema, its problems worded for a recruiter ("Give a rubric 2 to 5 criteria.")
 * instead of zod's "Too small: expected array to have >=2 items". Paths stay as zod gives them,
 * so a message still names the field (rubric.criteria.1.weight).
 */
import { z } from 'zod';
import { MAX_CRITERIA, MIN_CRITERIA, rubricSchema, type Rubric } from '../../shared/rubric';

type Issue = z.core.$ZodRawIssue;

const SIZE_MESSAGES: Record<string, string> = {
  criteria: `Give a rubric ${MIN_CRITERIA} to ${MAX_CRITERIA} criteria.`,
  keyPoints: 'Give each criterion 1 to 8 key points.',
  anchors: 'Give each criterion 1 to 5 anchors.',
  synonyms: 'A key point has at most 12 synonyms.',
  weight: 'A weight is above 0 and at most 10.',
  level: 'Anchor levels run from 1 to 5.',
  name: 'Name each criterion, in at most 60 characters.',
  point: 'Write each key point (and synonym) in at most 120 characters.',
  description: 'Describe each anchor, in at most 300 characters.',
  modelAnswer: 'Write a model answer, in at most 2000 characters.',
};

function rubricMessage(issue: Issue): string | undefined {
  const path = issue.path ?? [];
  const last = path.at(-1);
  // A synonym sits at keyPoints.n.synonyms.m: its last segment is a number.
  const field = typeof last === 'number' ? path.at(-2) : last;
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    return typeof field === 'string' ? SIZE_MESSAGES[field] : undefined;
  }
  if (issue.code === 'invalid_type') {
    if (field === 'weight' || field === 'level') return SIZE_MESSAGES[field];
    if (path.length === 0) return 'A rubric is an object with criteria and a model answer.';
  }
  if (issue.code === 'unrecognized_keys') {
    return `Unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.join(', ')}.`;
  }
  return undefined;
}

/** Checks a rubric and returns it parsed, or adds each problem, readably, at its path. */
export function checkRubric(value: unknown, ctx: z.RefinementCtx): Rubric {
  const result = rubricSchema.safeParse(value, { error: rubricMessage });
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  }
  return z.NEVER;
}

/** An open question's rubric: typed as the contract's input, checked by checkRubric. */
export const rubricField = z
  .custom<z.input<typeof rubricSchema>>(() => true)
  .transform((value, ctx) => checkRubric(value, ctx));
