import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { consents, interviews } from '../../db/schema';
import { createTestDb, seedTestInterview } from '../../db/test-db';
import { aiScoringConsented } from './ai-consent';

describe('AI scoring consent, as main checks it before each Gemini call', () => {
  let db: Db;
  let interviewId: number;
  beforeEach(() => {
    db = createTestDb();
    interviewId = seedTestInterview(db, {
      questions: [{ type: 'text', readingSeconds: 5, answerSeconds: 60 }],
    }).interviewId;
    db.update(interviews).set({ aiScoring: true }).where(eq(interviews.id, interviewId)).run();
  });
  afterEach(() => db.$client.close());

  const decide = (row: Partial<typeof consents.$inferInsert>, at: number) =>
    db
      .insert(consents)
      .values({
        interviewId,
        noticeVersion: 'v1',
        recording: true,
        signals: true,
        agreed: true,
        decidedAt: at,
        ...row,
      })
      .run();

  it('is a yes only after the candidate agreed to AI scoring on the notice', () => {
    expect(aiScoringConsented(db, interviewId)).toBe(false);
    decide({ aiScoring: null }, 1);
    expect(aiScoringConsented(db, interviewId)).toBe(false);
    decide({ aiScoring: false }, 2);
    expect(aiScoringConsented(db, interviewId)).toBe(false);
    decide({ aiScoring: true }, 3);
    decide({ kind: 'biometric', aiScoring: null }, 4);
    expect(aiScoringConsented(db, interviewId)).toBe(true);
    expect(aiScoringConsented(db, interviewId + 99)).toBe(false);
  });

  it('ends with a withdrawal, an erasure request, or an interview without AI scoring', () => {
    decide({ aiScoring: true }, 1);
    db.update(interviews).set({ aiScoring: false }).where(eq(interviews.id, interviewId)).run();
    expect(aiScoringConsented(db, interviewId)).toBe(false);
    db.update(interviews).set({ aiScoring: true }).where(eq(interviews.id, interviewId)).run();
    db.update(interviews)
      .set({ erasureRequestedAt: 5 })
      .where(eq(interviews.id, interviewId))
      .run();
    expect(aiScoringConsented(db, interviewId)).toBe(false);
    db.update(interviews)
      .set({ erasureRequestedAt: null })
      .where(eq(interviews.id, interviewId))
      .run();
    expect(aiScoringConsented(db, interviewId)).toBe(true);
    decide({ kind: 'withdrawal', agreed: false, keepAnswers: true }, 6);
    expect(aiScoringConsented(db, interviewId)).toBe(false);
  });
});
