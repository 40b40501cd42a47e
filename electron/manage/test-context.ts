import type { Db } from '../../db/open';
import { auditLog } from '../../db/schema';
import type { ManageContext } from './context';
import type { QuestionFields } from './schemas';

export const TEST_NOW = Date.UTC(2026, 5, 1, 9, 0, 0);

/** A management context on a test database, acting as recruiter 1 at a fixed time. */
export function testContext(
  db: Db,
  actor: ManageContext['actor'] = { actorKind: 'recruiter', actorId: 1 },
): ManageContext {
  return { db, now: TEST_NOW, actor };
}

/** The audit actions written so far, oldest first. */
export function auditActions(db: Db): string[] {
  return db
    .select({ action: auditLog.action })
    .from(auditLog)
    .all()
    .map((r) => r.action);
}

export const mcq = (overrides: Partial<Extract<QuestionFields, { type: 'mcq' }>> = {}) =>
  ({
    type: 'mcq',
    domain: 'fullstack',
    prompt: 'Which status code means Not Found?',
    options: ['200', '301', '404', '500'],
    correctOption: 2,
    readingSeconds: 10,
    answerSeconds: 60,
    ...overrides,
  }) satisfies QuestionFields;

export const textQuestion = (
  prompt = 'Explain what an index costs on writes.',
): QuestionFields => ({
  type: 'text',
  domain: 'fullstack',
  prompt,
  readingSeconds: 20,
  answerSeconds: 300,
});
