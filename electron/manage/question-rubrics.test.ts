import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { questions } from '../../db/schema';
import { createTestDb } from '../../db/test-db';
import type { Rubric } from '../../shared/rubric';
import { exportQuestions, importQuestions } from './question-transfer';
import { createQuestion, listQuestions, updateQuestion } from './questions';
import { questionFields } from './schemas';
import { mcq, testContext, textQuestion } from './test-context';

const rubric: Rubric = {
  criteria: [
    {
      name: 'Write cost',
      weight: 2,
      keyPoints: [
        {
          point: 'every insert updates the index',
          synonyms: ['index maintenance', 'extra writes'],
        },
      ],
      anchors: [
        { level: 1, description: 'Says indexes are free.' },
        { level: 3, description: 'Mentions slower writes.' },
        { level: 5, description: 'Explains the B-tree update on each write and its cost.' },
      ],
    },
    {
      name: 'Trade-off',
      weight: 1,
      keyPoints: [{ point: 'faster reads', synonyms: ['quicker lookups'] }],
      anchors: [{ level: 3, description: 'Weighs reads against writes.' }],
    },
  ],
  modelAnswer: 'Each write must also update every index on the table, so writes slow down.',
};

const withRubric = (prompt?: string, r: unknown = rubric) =>
  ({ ...textQuestion(prompt), rubric: r }) as Parameters<typeof createQuestion>[1];

function messages(input: unknown): string[] {
  const result = questionFields.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('rubrics on questions', () => {
  let db: Db;
  beforeEach(() => {
    db = createTestDb();
  });
  afterEach(() => db.$client.close());

  it('stores, lists and edits the rubric of an open question', () => {
    const ctx = testContext(db);
    const { id } = createQuestion(ctx, withRubric());
    expect(listQuestions(ctx, {})[0]?.rubric).toEqual(rubric);

    const reweighted = { ...rubric, modelAnswer: 'Writes update the index too.' };
    updateQuestion(ctx, id, withRubric(undefined, reweighted));
    expect(listQuestions(ctx, {})[0]?.rubric).toEqual(reweighted);
    // Kept as JSON in the row, as the scorers read it.
    expect(db.select({ r: questions.rubric }).from(questions).get()?.r).toEqual(reweighted);
  });

  it('keeps an open question without a rubric valid, and an mcq without one', () => {
    const ctx = testContext(db);
    createQuestion(ctx, textQuestion());
    createQuestion(ctx, mcq());
    expect(listQuestions(ctx, {}).map((q) => q.rubric)).toEqual([null, null]);
  });

  it('refuses an invalid rubric with a readable message at its field', () => {
    const one = { ...rubric, criteria: rubric.criteria.slice(0, 1) };
    expect(messages(withRubric(undefined, one))).toEqual([
      'rubric.criteria: Give a rubric 2 to 5 criteria.',
    ]);
    const [first, second] = rubric.criteria;
    const badWeight = { ...rubric, criteria: [{ ...first, weight: 0 }, second] };
    expect(messages(withRubric(undefined, badWeight))).toEqual([
      'rubric.criteria.0.weight: A weight is above 0 and at most 10.',
    ]);
    const noPoints = { ...rubric, criteria: [first, { ...second, keyPoints: [] }] };
    expect(messages(withRubric(undefined, noPoints))).toEqual([
      'rubric.criteria.1.keyPoints: Give each criterion 1 to 8 key points.',
    ]);
    const sameLevel = {
      ...rubric,
      criteria: [
        first,
        { ...second, anchors: [...(second?.anchors ?? []), ...(second?.anchors ?? [])] },
      ],
    };
    expect(messages(withRubric(undefined, sameLevel))).toEqual([
      'rubric.criteria.1.anchors: Anchors must be at distinct levels',
    ]);
    expect(messages(withRubric(undefined, { ...rubric, modelAnswer: ' ' }))).toEqual([
      'rubric.modelAnswer: Write a model answer, in at most 2000 characters.',
    ]);
    expect(messages({ ...mcq(), rubric })).toEqual([
      'rubric: A multiple-choice question has a correct option, not a rubric.',
    ]);
  });
});

describe('rubrics in question import and export', () => {
  let db: Db;
  beforeEach(() => {
    db = createTestDb();
  });
  afterEach(() => db.$client.close());

  it('carries rubrics through an export and an import into another station', () => {
    const source = testContext(db);
    createQuestion(source, withRubric());
    createQuestion(source, textQuestion('No rubric yet'));
    createQuestion(source, mcq());
    const file = exportQuestions(source, {});
    expect(file.questions.map((q) => ('rubric' in q ? q.rubric : undefined))).toEqual([
      undefined,
      rubric,
      undefined,
    ]);

    const other = createTestDb();
    try {
      const result = importQuestions(testContext(other), JSON.stringify(file));
      expect(result).toMatchObject({ ok: true, imported: 3 });
      const strip = ({ id: _id, ...q }: ReturnType<typeof listQuestions>[number]) => q;
      expect(listQuestions(testContext(other), {}).map(strip)).toEqual(
        listQuestions(source, {}).map(strip),
      );
    } finally {
      other.$client.close();
    }
  });

  it('refuses a file with a bad rubric, naming the item and the field', () => {
    const ctx = testContext(db);
    const file = {
      version: 1,
      questions: [
        withRubric('Fine'),
        withRubric('One criterion', { ...rubric, criteria: rubric.criteria.slice(0, 1) }),
        { ...mcq(), rubric },
      ],
    };
    expect(importQuestions(ctx, JSON.stringify(file))).toEqual({
      ok: false,
      problems: [
        { item: 2, field: 'rubric.criteria', message: 'Give a rubric 2 to 5 criteria.' },
        {
          item: 3,
          field: 'rubric',
          message: 'A multiple-choice question has a correct option, not a rubric.',
        },
      ],
    });
    expect(listQuestions(ctx, {})).toEqual([]);
  });
});
