/**
 * Test harness for the session runner: a real migrated in-memory database, fake timers that
 * also drive Date.now(), a consenting candidate, and helpers to read answers back. Call
 * `useRunnerHarness()` inside a describe; its fields are fresh for every test.
 */
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, vi } from 'vitest';
import type { Db } from '../../db/open';
import { answers, interviews, scores, sessions } from '../../db/schema';
import {
  createTestDb,
  seedTestInterview,
  type SeededInterview,
  type TestQuestion,
} from '../../db/test-db';
import { agreeToNotice } from './test-consent';
import type { SessionHooks } from './session-events';
import { SessionRunner } from './session-runner';
import type { SessionView } from './session-view';

export const START = Date.UTC(2026, 11, 1, 9, 0, 0);

// Position 0: MCQ (2 s reading, 5 s answer); 1: text (3 s, 10 s); 2: video (5 s, 20 s).
export const QUESTIONS: TestQuestion[] = [
  {
    type: 'mcq',
    prompt: 'Which status code means Not Found?',
    options: ['200', '404', '500', '302'],
    correctOption: 1,
    readingSeconds: 2,
    answerSeconds: 5,
  },
  { type: 'text', prompt: 'Explain an index.', readingSeconds: 3, answerSeconds: 10 },
  { type: 'video', prompt: 'Introduce yourself.', readingSeconds: 5, answerSeconds: 20 },
];

/** Sets up a fresh database, candidate and runner before each test and closes them after. */
export function useRunnerHarness() {
  const runners: SessionRunner[] = [];
  const clock = { now: () => Date.now() };
  const h = {
    db: undefined as unknown as Db,
    interview: undefined as unknown as SeededInterview,
    runner: undefined as unknown as SessionRunner,
    onComplete: vi.fn<(interviewId: number) => void>(),

    newRunner(hooks: SessionHooks | null = null): SessionRunner {
      const created = new SessionRunner(h.db, clock, h.onComplete, hooks);
      runners.push(created);
      return created;
    },

    consentedInterview(
      questions: TestQuestion[] = QUESTIONS,
      extraTimePercent = 0,
      retakesAllowed = 0,
    ) {
      const seeded = seedTestInterview(h.db, {
        status: 'checked_in',
        questions,
        retakesAllowed,
        accommodations: { extraTimePercent, candidateNotices: true },
      });
      agreeToNotice(h.db, seeded.interviewId, Date.now());
      return seeded;
    },

    answerAt(sessionId: number, position: number) {
      const row = h.db
        .select()
        .from(answers)
        .where(and(eq(answers.sessionId, sessionId), eq(answers.position, position)))
        .get();
      if (!row) throw new Error(`No answer at position ${position}`);
      return row;
    },

    scoresOf(answerId: number) {
      return h.db
        .select({ kind: scores.scorerKind, score: scores.score, rationale: scores.rationale })
        .from(scores)
        .where(eq(scores.answerId, answerId))
        .all();
    },

    sessionRow(sessionId: number) {
      return h.db.select().from(sessions).where(eq(sessions.id, sessionId)).get();
    },

    interviewRow(interviewId: number) {
      return h.db.select().from(interviews).where(eq(interviews.id, interviewId)).get();
    },

    /** Answers the MCQ with `choice` and moves on to the text question's reading time. */
    answerMcq(sessionId: number, choice: number): SessionView {
      h.runner.beginAnswering(sessionId, 0);
      h.runner.saveDraft(sessionId, 0, { choice });
      return h.runner.submit(sessionId, 0);
    },
  };

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(START);
    h.db = createTestDb();
    h.onComplete = vi.fn<(interviewId: number) => void>();
    h.interview = h.consentedInterview();
    h.runner = h.newRunner();
  });

  afterEach(() => {
    for (const created of runners.splice(0)) created.close();
    vi.useRealTimers();
    h.db.$client.close();
  });

  return h;
}
