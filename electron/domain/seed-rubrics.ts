import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { questions } from '../../db/schema';
import { recordAudit } from '../core/audit';
import type { QuestionBank } from './question-bank';

/**
 * Gives the seeded questions of a station seeded before rubrics existed their rubric from the
 * bank. The database keeps no seed key, so a row counts as that seeded question only while its
 * domain, type and prompt are exactly the bank's: a question someone reworded may no longer fit
 * the rubric, so it is left for a person to score. Only a missing rubric is filled, never one a
 * person wrote or edited. Runs at every start; once filled, it finds nothing to do.
 * Returns how many questions were given a rubric.
 */
export function fillSeedRubrics(db: Db, bank: QuestionBank, now: number): number {
  let filled = 0;
  db.transaction((tx) => {
    for (const q of bank.questions) {
      if (q.type === 'mcq') continue;
      const updated = tx
        .update(questions)
        .set({ rubric: q.rubric })
        .where(
          and(
            eq(questions.domain, q.domain),
            eq(questions.type, q.type),
            eq(questions.prompt, q.prompt),
            isNull(questions.rubric),
          ),
        )
        .returning({ id: questions.id })
        .all();
      filled += updated.length;
    }
  });
  if (filled > 0) {
    recordAudit(db, now, {
      actorKind: 'station',
      action: 'seed_rubrics_filled',
      details: { questions: filled },
    });
  }
  return filled;
}
