import { fileURLToPath } from 'node:url';
import { eq, isNotNull } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { auditLog, questions } from '../../db/schema';
import { createTestDb } from '../../db/test-db';
import type { Rubric } from '../../shared/rubric';
import { loadQuestionBank } from './question-bank';
import { seedFirstRun } from './seed';
import { fillSeedRubrics } from './seed-rubrics';

const bank = loadQuestionBank(
  fileURLToPath(new URL('../../resources/seed/question-bank.json', import.meta.url)),
);
const now = Date.UTC(2026, 11, 1, 9);

const edited: Rubric = {
  criteria: [
    {
      name: 'Ours',
      weight: 1,
      keyPoints: [{ point: 'a', synonyms: [] }],
      anchors: [{ level: 3, description: 'x' }],
    },
    {
      name: 'Mine',
      weight: 2,
      keyPoints: [{ point: 'b', synonyms: [] }],
      anchors: [{ level: 5, description: 'y' }],
    },
  ],
  modelAnswer: 'Written by a recruiter.',
};

function present<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('The seeded bank is missing a question this test needs');
  return value;
}

function openRows(db: Db) {
  return db
    .select()
    .from(questions)
    .all()
    .filter((q) => q.type !== 'mcq');
}

describe('seeded rubrics in the database', () => {
  let db: Db;
  beforeEach(() => {
    db = createTestDb();
  });
  afterEach(() => db.$client.close());

  it('stores a rubric on every seeded open question and none on an mcq', async () => {
    await seedFirstRun(db, bank, now);
    const rows = db.select().from(questions).all();
    const byPrompt = new Map(bank.questions.map((q) => [q.prompt, q]));
    expect(rows.filter((r) => r.rubric !== null)).toHaveLength(18);
    for (const row of rows) {
      const q = byPrompt.get(row.prompt);
      expect(row.rubric, row.prompt).toEqual(q && q.type !== 'mcq' ? q.rubric : null);
    }
  });

  it('fills missing rubrics on an older station, leaving reworded and edited questions alone', async () => {
    await seedFirstRun(db, bank, now);
    // An older station: no rubrics; then a recruiter rewords one question and writes a rubric for another.
    db.update(questions).set({ rubric: null }).run();
    const rows = openRows(db);
    const reworded = present(rows[0]);
    const withOwn = present(rows[1]);
    db.update(questions)
      .set({ prompt: `${reworded.prompt} Keep it short.` })
      .where(eq(questions.id, reworded.id))
      .run();
    db.update(questions).set({ rubric: edited }).where(eq(questions.id, withOwn.id)).run();

    expect(fillSeedRubrics(db, bank, now)).toBe(16);

    const after = new Map(openRows(db).map((r) => [r.id, r]));
    expect(after.get(reworded.id)?.rubric).toBeNull();
    expect(after.get(withOwn.id)?.rubric).toEqual(edited);
    expect(db.select().from(questions).where(isNotNull(questions.rubric)).all()).toHaveLength(17);
    const audit = db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'seed_rubrics_filled'))
      .all();
    expect(audit).toHaveLength(1);

    // Nothing is left to fill at the next start.
    expect(fillSeedRubrics(db, bank, now)).toBe(0);
  });

  it('never gives an mcq or a question of another domain a rubric', async () => {
    await seedFirstRun(db, bank, now);
    db.update(questions).set({ rubric: null }).run();
    const open = present(bank.questions.find((q) => q.type !== 'mcq'));
    // Same prompt, but filed under another domain: not the seeded question.
    db.insert(questions)
      .values({
        domain: 'cybersecurity',
        type: open.type,
        prompt: open.prompt,
        readingSeconds: 20,
        answerSeconds: 120,
      })
      .run();
    expect(fillSeedRubrics(db, bank, now)).toBe(18);
    const mcqs = db.select().from(questions).where(eq(questions.type, 'mcq')).all();
    expect(mcqs.every((q) => q.rubric === null)).toBe(true);
    const copy = db.select().from(questions).where(eq(questions.domain, 'cybersecurity')).all();
    expect(copy.filter((q) => q.prompt === open.prompt)[0]?.rubric).toBeNull();
  });
});
