import { asc, count, eq, inArray } from 'drizzle-orm';
import {
  interviews,
  jobs,
  questionnaireQuestions,
  questionnaires,
  questions,
  sessions,
} from '../../db/schema';
import { StationError } from '../core/errors';
import { auditChange, found, plural, type ManageContext } from './context';
import type { QuestionnaireFields } from './schemas';

export interface QuestionnaireListItem {
  id: number;
  title: string;
  jobId: number | null;
  jobTitle: string | null;
  retakesAllowed: number;
  questionCount: number;
  interviewCount: number;
  /** A session has used it: its questions and retakes are fixed from now on. */
  locked: boolean;
}

export interface QuestionnaireQuestion {
  id: number;
  domain: (typeof questions.$inferSelect)['domain'];
  type: (typeof questions.$inferSelect)['type'];
  prompt: string;
  readingSeconds: number;
  answerSeconds: number;
  archived: boolean;
}

export interface QuestionnaireDetail extends QuestionnaireListItem {
  questions: QuestionnaireQuestion[];
}

type Reader = Pick<ManageContext, 'db'>;

export function listQuestionnaires(ctx: Reader): QuestionnaireListItem[] {
  const { db } = ctx;
  const counts = new Map(
    db
      .select({ id: questionnaireQuestions.questionnaireId, n: count() })
      .from(questionnaireQuestions)
      .groupBy(questionnaireQuestions.questionnaireId)
      .all()
      .map((r) => [r.id, r.n]),
  );
  const interviewCounts = new Map(
    db
      .select({ id: interviews.questionnaireId, n: count() })
      .from(interviews)
      .groupBy(interviews.questionnaireId)
      .all()
      .map((r) => [r.id, r.n]),
  );
  const locked = new Set(
    db
      .selectDistinct({ id: interviews.questionnaireId })
      .from(sessions)
      .innerJoin(interviews, eq(interviews.id, sessions.interviewId))
      .all()
      .map((r) => r.id),
  );
  return db
    .select({ q: questionnaires, jobTitle: jobs.title })
    .from(questionnaires)
    .leftJoin(jobs, eq(jobs.id, questionnaires.jobId))
    .orderBy(asc(questionnaires.title), asc(questionnaires.id))
    .all()
    .map(({ q, jobTitle }) => ({
      id: q.id,
      title: q.title,
      jobId: q.jobId,
      jobTitle,
      retakesAllowed: q.retakesAllowed,
      questionCount: counts.get(q.id) ?? 0,
      interviewCount: interviewCounts.get(q.id) ?? 0,
      locked: locked.has(q.id),
    }));
}

/** A questionnaire with its questions in order. */
export function getQuestionnaire(ctx: Reader, questionnaireId: number): QuestionnaireDetail {
  const item = found(
    listQuestionnaires(ctx).find((q) => q.id === questionnaireId),
    'questionnaire',
  );
  const list = ctx.db
    .select({
      id: questions.id,
      domain: questions.domain,
      type: questions.type,
      prompt: questions.prompt,
      readingSeconds: questions.readingSeconds,
      answerSeconds: questions.answerSeconds,
      archived: questions.archived,
    })
    .from(questionnaireQuestions)
    .innerJoin(questions, eq(questions.id, questionnaireQuestions.questionId))
    .where(eq(questionnaireQuestions.questionnaireId, questionnaireId))
    .orderBy(asc(questionnaireQuestions.position))
    .all();
  return { ...item, questions: list };
}

function checkJob(ctx: Reader, jobId: number | null): void {
  if (jobId === null) return;
  found(ctx.db.select({ id: jobs.id }).from(jobs).where(eq(jobs.id, jobId)).get(), 'job');
}

function sessionCount(ctx: Reader, questionnaireId: number): number {
  return (
    ctx.db
      .select({ n: count() })
      .from(sessions)
      .innerJoin(interviews, eq(interviews.id, sessions.interviewId))
      .where(eq(interviews.questionnaireId, questionnaireId))
      .get()?.n ?? 0
  );
}

function refuseLocked(used: number): never {
  // A running or interrupted session reloads its questions from here when it resumes.
  throw new StationError(
    'CONFLICT',
    `This questionnaire was already used in ${plural(used, 'session')}, so its questions and retakes stay as they were. Duplicate it to make a new version.`,
  );
}

export function createQuestionnaire(
  ctx: ManageContext,
  fields: QuestionnaireFields,
): { id: number } {
  checkJob(ctx, fields.jobId);
  const row = ctx.db
    .insert(questionnaires)
    .values(fields)
    .returning({ id: questionnaires.id })
    .get();
  auditChange(ctx, 'questionnaire_created', { type: 'questionnaire', id: row.id }, fields);
  return row;
}

/** Renames it, links it to a job and sets its retakes; retakes are fixed once it is used. */
export function updateQuestionnaire(
  ctx: ManageContext,
  questionnaireId: number,
  fields: QuestionnaireFields,
): void {
  const existing = found(
    ctx.db.select().from(questionnaires).where(eq(questionnaires.id, questionnaireId)).get(),
    'questionnaire',
  );
  checkJob(ctx, fields.jobId);
  if (existing.retakesAllowed !== fields.retakesAllowed) {
    const used = sessionCount(ctx, questionnaireId);
    if (used > 0) refuseLocked(used);
  }
  ctx.db.update(questionnaires).set(fields).where(eq(questionnaires.id, questionnaireId)).run();
  auditChange(ctx, 'questionnaire_updated', { type: 'questionnaire', id: questionnaireId }, fields);
}

/**
 * Sets the questionnaire's questions, in order: adding, removing and moving are all this
 * one change, made in one transaction.
 */
export function setQuestionnaireQuestions(
  ctx: ManageContext,
  questionnaireId: number,
  questionIds: number[],
): void {
  found(
    ctx.db
      .select({ id: questionnaires.id })
      .from(questionnaires)
      .where(eq(questionnaires.id, questionnaireId))
      .get(),
    'questionnaire',
  );
  const used = sessionCount(ctx, questionnaireId);
  if (used > 0) refuseLocked(used);
  const current = new Set(
    ctx.db
      .select({ id: questionnaireQuestions.questionId })
      .from(questionnaireQuestions)
      .where(eq(questionnaireQuestions.questionnaireId, questionnaireId))
      .all()
      .map((r) => r.id),
  );
  const rows = new Map(
    ctx.db
      .select({ id: questions.id, archived: questions.archived })
      .from(questions)
      .where(inArray(questions.id, questionIds))
      .all()
      .map((r) => [r.id, r]),
  );
  for (const questionId of questionIds) {
    const row = rows.get(questionId);
    if (!row) {
      throw new StationError('NOT_FOUND', `Question ${questionId} no longer exists. Refresh.`);
    }
    // An archived question may stay where it is, but it is not added anywhere new.
    if (row.archived && !current.has(questionId)) {
      throw new StationError('CONFLICT', `Question ${questionId} is archived; restore it first.`);
    }
  }
  ctx.db.transaction((tx) => {
    tx.delete(questionnaireQuestions)
      .where(eq(questionnaireQuestions.questionnaireId, questionnaireId))
      .run();
    if (questionIds.length > 0) {
      tx.insert(questionnaireQuestions)
        .values(
          questionIds.map((questionId, position) => ({ questionnaireId, questionId, position })),
        )
        .run();
    }
  });
  auditChange(
    ctx,
    'questionnaire_questions_set',
    { type: 'questionnaire', id: questionnaireId },
    { questionIds },
  );
}

/** A new, unused copy with the same questions, for changing one that is already in use. */
export function duplicateQuestionnaire(
  ctx: ManageContext,
  questionnaireId: number,
): { id: number } {
  const source = getQuestionnaire(ctx, questionnaireId);
  const id = ctx.db.transaction((tx) => {
    const row = tx
      .insert(questionnaires)
      .values({
        title: `${source.title} (copy)`.slice(0, 120),
        jobId: source.jobId,
        retakesAllowed: source.retakesAllowed,
      })
      .returning({ id: questionnaires.id })
      .get();
    if (source.questions.length > 0) {
      tx.insert(questionnaireQuestions)
        .values(
          source.questions.map((q, position) => ({
            questionnaireId: row.id,
            questionId: q.id,
            position,
          })),
        )
        .run();
    }
    return row.id;
  });
  auditChange(
    ctx,
    'questionnaire_duplicated',
    { type: 'questionnaire', id },
    { from: questionnaireId },
  );
  return { id };
}
