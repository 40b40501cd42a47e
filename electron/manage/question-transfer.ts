import { z } from 'zod';
import { questions } from '../../db/schema';
import { QUESTION_TYPES } from '../../shared/enums';
import type { JobScope } from '../domain/job-access';
import { auditChange, type ManageContext } from './context';
import { checkJobs, exportedJobs, insertJobs, jobsSection } from './job-transfer';
import { listQuestions, questionValues } from './questions';
import {
  EXPORT_FORMAT_VERSION,
  importedQuestion,
  MAX_IMPORT_QUESTIONS,
  type ExportedQuestion,
  type JobFields,
  type QuestionFields,
  type QuestionFilter,
} from './schemas';

/** The file a question export writes and an import reads. */
export interface QuestionFile {
  format: 'interview-station.questions';
  version: typeof EXPORT_FORMAT_VERSION;
  exportedAt: string;
  questions: ExportedQuestion[];
  /** Optional: the jobs with their screening requirements (see job-transfer.ts). */
  jobs?: JobFields[];
}

/**
 * The bank (as filtered) as a JSON document another station can import; with a job scope, the
 * jobs in it too, with their screening requirements.
 */
export function exportQuestions(
  ctx: ManageContext,
  filter: QuestionFilter,
  jobScope?: JobScope,
): QuestionFile {
  const list = listQuestions(ctx, { ...filter, includeArchived: false });
  const jobList = jobScope ? exportedJobs(ctx, jobScope) : undefined;
  auditChange(
    ctx,
    'questions_exported',
    { type: 'question_bank', id: 0 },
    { count: list.length, ...(jobList ? { jobs: jobList.length } : {}) },
  );
  return {
    ...(jobList ? { jobs: jobList } : {}),
    format: 'interview-station.questions',
    version: EXPORT_FORMAT_VERSION,
    exportedAt: new Date(ctx.now).toISOString(),
    questions: list.map((q): ExportedQuestion => ({
      ...(q.type === 'mcq'
        ? {
            type: 'mcq',
            domain: q.domain,
            prompt: q.prompt,
            options: q.options ?? [],
            correctOption: q.correctOption ?? 0,
            readingSeconds: q.readingSeconds,
            answerSeconds: q.answerSeconds,
          }
        : {
            type: q.type,
            domain: q.domain,
            prompt: q.prompt,
            readingSeconds: q.readingSeconds,
            answerSeconds: q.answerSeconds,
            // Left out rather than null when there is none, as files before rubrics were.
            ...(q.rubric ? { rubric: q.rubric } : {}),
          }),
      ...(q.generatedBy ? { generatedBy: q.generatedBy } : {}),
    })),
  };
}

/** One thing wrong with an import file; `item` counts from 1, null for the file as a whole. */
export interface ImportProblem {
  item: number | null;
  field: string | null;
  message: string;
}

export type ImportResult =
  | { ok: true; imported: number; ids: number[]; jobsImported: number }
  | { ok: false; problems: ImportProblem[] };

const envelope = z.looseObject({
  version: z.literal(EXPORT_FORMAT_VERSION, {
    error: `This file is not a question export this station reads (version ${EXPORT_FORMAT_VERSION}).`,
  }),
  questions: z
    .array(z.unknown(), { error: 'The file has no "questions" list.' })
    .min(1, 'The file has no questions in it.')
    .max(MAX_IMPORT_QUESTIONS, `Import at most ${MAX_IMPORT_QUESTIONS} questions at a time.`),
  jobs: jobsSection,
});

/**
 * Imports questions from a JSON export: every item is checked first, and either all of them
 * go into the bank in one transaction or none do, with a list of what is wrong and where.
 */
export function importQuestions(ctx: ManageContext, text: string): ImportResult {
  const problems: ImportProblem[] = [];
  const accepted: ExportedQuestion[] = [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return refuse(ctx, [{ item: null, field: null, message: `The file is not JSON: ${reason}` }]);
  }
  const file = envelope.safeParse(json);
  if (!file.success) {
    return refuse(
      ctx,
      file.error.issues.map((issue) => ({
        item: null,
        field: issue.path.join('.') || null,
        message: issue.message,
      })),
    );
  }

  const inBank = new Set(
    ctx.db
      .select()
      .from(questions)
      .all()
      .map((row) => identityOf(row)),
  );
  const seen = new Map<string, number>();
  file.data.questions.forEach((raw, index) => {
    const item = index + 1;
    const parsed = importedQuestion.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({ item, field: issue.path.join('.') || null, message: readable(issue) });
      }
      return;
    }
    const { key: _key, generatedBy, ...fields } = parsed.data;
    const question: ExportedQuestion = { ...fields, ...(generatedBy ? { generatedBy } : {}) };
    const identity = identityOf(question);
    const earlier = seen.get(identity);
    if (earlier !== undefined) {
      problems.push({
        item,
        field: 'prompt',
        message: `Same question as item ${earlier} of this file.`,
      });
      return;
    }
    seen.set(identity, item);
    if (inBank.has(identity)) {
      problems.push({ item, field: 'prompt', message: 'This question is already in the bank.' });
      return;
    }
    accepted.push(question);
  });
  const jobCheck = checkJobs(ctx, file.data.jobs ?? []);
  for (const p of jobCheck.problems) problems.push({ item: null, ...p });
  if (problems.length > 0) return refuse(ctx, problems);

  const { ids, jobIds } = ctx.db.transaction((tx) => ({
    ids: accepted.map(
      (q) =>
        tx
          .insert(questions)
          .values({ ...questionValues(q), generatedBy: q.generatedBy ?? null })
          .returning({ id: questions.id })
          .get().id,
    ),
    jobIds: insertJobs(tx, ctx.actor, jobCheck.accepted),
  }));
  auditChange(
    ctx,
    'questions_imported',
    { type: 'question_bank', id: 0 },
    { count: ids.length, ...(jobIds.length ? { jobs: jobIds.length } : {}) },
  );
  return { ok: true, imported: ids.length, ids, jobsImported: jobIds.length };
}

function refuse(ctx: ManageContext, problems: ImportProblem[]): ImportResult {
  auditChange(
    ctx,
    'questions_import_refused',
    { type: 'question_bank', id: 0 },
    { problems: problems.length },
  );
  return { ok: false, problems };
}

function readable(issue: z.core.$ZodIssue): string {
  // zod words an unknown discriminator as "Invalid input"; say which types there are.
  if (issue.path.length === 1 && issue.path[0] === 'type') {
    return `type must be one of ${QUESTION_TYPES.join(', ')}.`;
  }
  if (issue.code === 'unrecognized_keys') {
    return `Unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.join(', ')}.`;
  }
  return issue.message;
}

// Two questions are the same when domain, type and wording (ignoring case and spacing) are.
function identityOf(q: Pick<QuestionFields, 'domain' | 'type' | 'prompt'>): string {
  return `${q.domain}|${q.type}|${q.prompt.replace(/\s+/g, ' ').toLowerCase()}`;
}
