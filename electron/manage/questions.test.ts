import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { auditLog, questions } from '../../db/schema';
import { createTestDb, refusal, seedTestSession } from '../../db/test-db';
import { exportQuestions, importQuestions } from './question-transfer';
import {
  createQuestion,
  listQuestions,
  removeQuestion,
  restoreQuestion,
  updateQuestion,
} from './questions';
import { questionFields } from './schemas';
import { auditActions, mcq, testContext, textQuestion } from './test-context';

describe('question bank', () => {
  let db: Db;
  beforeEach(() => {
    db = createTestDb();
  });
  afterEach(() => db.$client.close());

  it('creates, filters, edits and deletes a question, auditing each change', () => {
    const ctx = testContext(db);
    const { id } = createQuestion(ctx, mcq());
    createQuestion(ctx, textQuestion());
    expect(listQuestions(ctx, { type: 'mcq' }).map((q) => q.id)).toEqual([id]);
    expect(listQuestions(ctx, { search: 'NOT FOUND' }).map((q) => q.id)).toEqual([id]);
    expect(listQuestions(ctx, { domain: 'ai_ml' })).toEqual([]);

    updateQuestion(ctx, id, mcq({ prompt: 'Which code means Gone?', correctOption: 3 }));
    const [edited] = listQuestions(ctx, { type: 'mcq' });
    expect(edited).toMatchObject({ prompt: 'Which code means Gone?', correctOption: 3 });

    expect(removeQuestion(ctx, id)).toEqual({ outcome: 'deleted' });
    expect(listQuestions(ctx, { includeArchived: true }).map((q) => q.type)).toEqual(['text']);
    expect(auditActions(db)).toEqual([
      'question_created',
      'question_created',
      'question_updated',
      'question_deleted',
    ]);
    const entry = db.select().from(auditLog).where(eq(auditLog.action, 'question_deleted')).get();
    expect(entry).toMatchObject({ actorKind: 'recruiter', actorId: 1, subjectId: id });
  });

  it('archives a question a session used instead of deleting it, and refuses to edit it', () => {
    const ctx = testContext(db);
    seedTestSession(db);
    const used = db.select().from(questions).get();
    if (!used) throw new Error('no seeded question');
    expect(refusal(() => updateQuestion(ctx, used.id, textQuestion())).code).toBe('CONFLICT');
    expect(removeQuestion(ctx, used.id)).toEqual({ outcome: 'archived' });
    expect(listQuestions(ctx, {})).toEqual([]);
    expect(listQuestions(ctx, { includeArchived: true })[0]).toMatchObject({
      archived: true,
      used: true,
    });
    restoreQuestion(ctx, used.id);
    expect(listQuestions(ctx, {})).toHaveLength(1);
  });

  it('will not delete a question still in a questionnaire', () => {
    const ctx = testContext(db);
    seedTestSession(db);
    // A second, unanswered question in the same questionnaire.
    const { id } = createQuestion(ctx, textQuestion('Unused'));
    db.$client
      .prepare(
        'INSERT INTO questionnaire_questions (questionnaire_id, question_id, position) VALUES (1, ?, 1)',
      )
      .run(id);
    const refused = refusal(() => removeQuestion(ctx, id));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(/Test questionnaire/);
  });

  it('checks multiple-choice options, the correct option and time bounds', () => {
    const messages = (input: unknown) => {
      const result = questionFields.safeParse(input);
      return result.success
        ? []
        : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(messages(mcq())).toEqual([]);
    expect(messages(mcq({ options: ['only one'], correctOption: 0 }))).toEqual([
      'options: A multiple-choice question needs at least 2 options.',
    ]);
    expect(messages(mcq({ correctOption: 4 }))).toEqual([
      'correctOption: The correct option must be one of the options.',
    ]);
    expect(messages(mcq({ options: ['a', 'a', 'b'] }))).toEqual(['options: Options must differ.']);
    expect(messages(mcq({ readingSeconds: 0, answerSeconds: 9000 }))).toEqual([
      'readingSeconds: Reading time is at least 1 second.',
      'answerSeconds: Answer time is at most 3600 seconds.',
    ]);
    expect(messages({ ...textQuestion(), options: ['a', 'b'] })).toHaveLength(1);
  });
});

describe('question import and export', () => {
  let db: Db;
  beforeEach(() => {
    db = createTestDb();
  });
  afterEach(() => db.$client.close());

  it('exports the bank as a file that imports into another station unchanged', () => {
    const source = testContext(db);
    createQuestion(source, mcq());
    createQuestion(source, textQuestion());
    const file = exportQuestions(source, {});
    expect(file.questions).toHaveLength(2);

    const other = createTestDb();
    try {
      const result = importQuestions(testContext(other), JSON.stringify(file));
      expect(result).toMatchObject({ ok: true, imported: 2 });
      const strip = ({ id: _id, ...q }: ReturnType<typeof listQuestions>[number]) => q;
      expect(listQuestions(testContext(other), {}).map(strip)).toEqual(
        listQuestions(source, {}).map(strip),
      );
    } finally {
      other.$client.close();
    }
  });

  it('imports nothing when one item is wrong, and says which item and why', () => {
    const ctx = testContext(db);
    createQuestion(ctx, textQuestion('Already here'));
    const file = {
      version: 1,
      questions: [
        mcq(),
        { ...mcq({ prompt: 'Bad correct option' }), correctOption: 7 },
        { ...textQuestion('Typo'), answerSecs: 60 },
        { ...textQuestion(), type: 'essay' },
        textQuestion('  already HERE '),
        mcq(),
      ],
    };
    const result = importQuestions(ctx, JSON.stringify(file));
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          item: 2,
          field: 'correctOption',
          message: 'The correct option must be one of the options.',
        },
        { item: 3, field: null, message: 'Unknown field answerSecs.' },
        { item: 4, field: 'type', message: 'type must be one of mcq, text, audio, video.' },
        { item: 5, field: 'prompt', message: 'This question is already in the bank.' },
        { item: 6, field: 'prompt', message: 'Same question as item 1 of this file.' },
      ],
    });
    expect(listQuestions(ctx, {})).toHaveLength(1);
    expect(auditActions(db)).toEqual(['question_created', 'questions_import_refused']);
  });

  it('refuses a file that is not JSON or not an export, as a whole', () => {
    const ctx = testContext(db);
    const notJson = importQuestions(ctx, '{ "version": 1, ');
    expect(notJson.ok).toBe(false);
    expect(!notJson.ok && notJson.problems[0]?.message).toMatch(/^The file is not JSON/);
    const wrongVersion = importQuestions(ctx, JSON.stringify({ version: 3, questions: [mcq()] }));
    expect(!wrongVersion.ok && wrongVersion.problems).toEqual([
      {
        item: null,
        field: 'version',
        message: 'This file is not a question export this station reads (version 1).',
      },
    ]);
  });
});
