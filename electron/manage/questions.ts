import { and, asc, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { answers, questionnaireQuestions, questionnaires, questions } from '../../db/schema';
import { StationError } from '../core/errors';
import { auditChange, found, plural, type ManageContext } from './context';
import type { Rubric } from '../../shared/rubric';
import type { QuestionFields, QuestionFilter } from './schemas';

type QuestionRow = typeof questions.$inferSelect;

export interface QuestionListItem {
  id: number;
  domain: QuestionRow['domain'];
  type: QuestionRow['type'];
  prompt: string;
  options: string[] | null;
  correctOption: number | null;
  /** Audio, video and text questions; null for an MCQ or one made before rubrics. */
  rubric: Rubric | null;
  readingSeconds: number;
  answerSeconds: number;
  archived: boolean;
  /** Answered in at least one session: it can no longer change, only be archived. */
  used: boolean;
  /** Titles of the questionnaires it is in. */
  questionnaires: string[];
  /** Who proposed it, when it entered the bank from an accepted draft; null: by hand. */
  generatedBy: QuestionRow['generatedBy'];
}

/** The question bank, filtered, with what uses each question. */
export function listQuestions(
  ctx: Pick<ManageContext, 'db'>,
  filter: QuestionFilter,
): QuestionListItem[] {
  const { db } = ctx;
  const where: SQL[] = [];
  if (filter.domain) where.push(eq(questions.domain, filter.domain));
  if (filter.type) where.push(eq(questions.type, filter.type));
  if (!filter.includeArchived) where.push(eq(questions.archived, false));
  if (filter.search) {
    where.push(sql`${questions.prompt} LIKE ${`%${escapeLike(filter.search)}%`} ESCAPE '\\'`);
  }
  const rows = db
    .select()
    .from(questions)
    .where(and(...where))
    .orderBy(asc(questions.domain), asc(questions.type), asc(questions.id))
    .all();
  const ids = rows.map((r) => r.id);
  const used = new Set(
    db
      .selectDistinct({ id: answers.questionId })
      .from(answers)
      .where(inArray(answers.questionId, ids))
      .all()
      .map((r) => r.id),
  );
  const memberships = new Map<number, string[]>();
  for (const m of db
    .select({ questionId: questionnaireQuestions.questionId, title: questionnaires.title })
    .from(questionnaireQuestions)
    .innerJoin(questionnaires, eq(questionnaires.id, questionnaireQuestions.questionnaireId))
    .where(inArray(questionnaireQuestions.questionId, ids))
    .all()) {
    memberships.set(m.questionId, [...(memberships.get(m.questionId) ?? []), m.title]);
  }
  return rows.map((q) => ({
    id: q.id,
    domain: q.domain,
    type: q.type,
    prompt: q.prompt,
    options: q.options ?? null,
    correctOption: q.correctOption ?? null,
    rubric: q.type === 'mcq' ? null : (q.rubric ?? null),
    readingSeconds: q.readingSeconds,
    answerSeconds: q.answerSeconds,
    archived: q.archived,
    used: used.has(q.id),
    questionnaires: memberships.get(q.id) ?? [],
    generatedBy: q.generatedBy ?? null,
  }));
}

// `%` and `_` in a search are meant literally.
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The columns a validated question is stored as. */
export function questionValues(fields: QuestionFields) {
  return {
    domain: fields.domain,
    type: fields.type,
    prompt: fields.prompt,
    options: fields.type === 'mcq' ? fields.options : null,
    correctOption: fields.type === 'mcq' ? fields.correctOption : null,
    rubric: fields.type === 'mcq' ? null : (fields.rubric ?? null),
    readingSeconds: fields.readingSeconds,
    answerSeconds: fields.answerSeconds,
  };
}

/** Adds a question to the bank; `generatedBy` marks one accepted from a proposer's draft. */
export function createQuestion(
  ctx: ManageContext,
  fields: QuestionFields,
  generatedBy: QuestionRow['generatedBy'] = null,
): { id: number } {
  const row = ctx.db
    .insert(questions)
    .values({ ...questionValues(fields), generatedBy })
    .returning({ id: questions.id })
    .get();
  auditChange(ctx, 'question_created', { type: 'question', id: row.id });
  return row;
}

function answerCount(ctx: Pick<ManageContext, 'db'>, questionId: number): number {
  return (
    ctx.db.select({ n: count() }).from(answers).where(eq(answers.questionId, questionId)).get()
      ?.n ?? 0
  );
}

/**
 * Changes a question no session has used yet. Once candidates have seen it, a change would
 * rewrite what they were asked (and an MCQ's auto-score), so it is refused.
 */
export function updateQuestion(
  ctx: ManageContext,
  questionId: number,
  fields: QuestionFields,
): void {
  const existing = found(
    ctx.db.select().from(questions).where(eq(questions.id, questionId)).get(),
    'question',
  );
  const sessions = answerCount(ctx, questionId);
  if (sessions > 0) {
    throw new StationError(
      'CONFLICT',
      `This question was already put to candidates (${plural(sessions, 'session')}), so it cannot change. Save it as a new question instead.`,
    );
  }
  if (existing.archived) {
    throw new StationError('CONFLICT', 'Restore this question before editing it.');
  }
  ctx.db.update(questions).set(questionValues(fields)).where(eq(questions.id, questionId)).run();
  auditChange(ctx, 'question_updated', { type: 'question', id: questionId });
}

/**
 * Removes a question from the bank. One that any session used is archived instead, so its
 * sessions can still be reviewed; one still in a questionnaire must leave it first.
 */
export function removeQuestion(
  ctx: ManageContext,
  questionId: number,
): { outcome: 'deleted' | 'archived' } {
  found(
    ctx.db.select({ id: questions.id }).from(questions).where(eq(questions.id, questionId)).get(),
    'question',
  );
  if (answerCount(ctx, questionId) > 0) {
    ctx.db.update(questions).set({ archived: true }).where(eq(questions.id, questionId)).run();
    auditChange(ctx, 'question_archived', { type: 'question', id: questionId });
    return { outcome: 'archived' };
  }
  const inQuestionnaires = ctx.db
    .select({ title: questionnaires.title })
    .from(questionnaireQuestions)
    .innerJoin(questionnaires, eq(questionnaires.id, questionnaireQuestions.questionnaireId))
    .where(eq(questionnaireQuestions.questionId, questionId))
    .all();
  if (inQuestionnaires.length > 0) {
    const titles = inQuestionnaires.map((q) => `“${q.title}”`).join(', ');
    throw new StationError(
      'CONFLICT',
      `This question is in ${titles}. Remove it from there first.`,
    );
  }
  ctx.db.delete(questions).where(eq(questions.id, questionId)).run();
  auditChange(ctx, 'question_deleted', { type: 'question', id: questionId });
  return { outcome: 'deleted' };
}

/** Brings an archived question back into the bank. */
export function restoreQuestion(ctx: ManageContext, questionId: number): void {
  found(
    ctx.db.select({ id: questions.id }).from(questions).where(eq(questions.id, questionId)).get(),
    'question',
  );
  ctx.db.update(questions).set({ archived: false }).where(eq(questions.id, questionId)).run();
  auditChange(ctx, 'question_restored', { type: 'question', id: questionId });
}
