/**
 * Test helper: a finished interview with a written, a spoken and a multiple-choice answer,
 * the first two against the fixture rubric (evaluation/test-rubrics.ts), the spoken one with
 * its transcript (words 300 ms apart from 20 s on the session clock); and an AnswerSuggestions
 * that scores offline unless a Gemini key is given.
 */
import type { Db } from '../../db/open';
import { answers, questions, sessions } from '../../db/schema';
import { seedTestInterview, type SeededInterview } from '../../db/test-db';
import { systemClock } from '../core/clock';
import { offlineScorer } from '../evaluation/offline-scorer';
import { createStationScorer } from '../evaluation/station-scorer';
import { cachingQuestion, STRONG_CACHING_ANSWER } from '../evaluation/test-rubrics';
import type { SpeechAnalytics } from '../transcription/analytics';
import { saveTranscript } from '../transcription/transcript-store';
import { AnswerSuggestions } from './answer-suggestions';
import { eq } from 'drizzle-orm';

export interface AnsweredSession {
  seeded: SeededInterview;
  sessionId: number;
  textAnswer: number;
  spokenAnswer: number;
}

export function seedAnsweredSession(
  db: Db,
  opts: {
    spoken: string;
    candidateName?: string;
    aiScoring?: boolean;
    analytics?: SpeechAnalytics;
  },
): AnsweredSession {
  const seeded = seedTestInterview(db, {
    status: 'completed',
    candidateName: opts.candidateName,
    aiScoring: opts.aiScoring,
    questions: [
      { type: 'text', readingSeconds: 5, answerSeconds: 60, prompt: cachingQuestion.prompt },
      { type: 'audio', readingSeconds: 5, answerSeconds: 60, prompt: cachingQuestion.prompt },
      {
        type: 'mcq',
        readingSeconds: 5,
        answerSeconds: 60,
        options: ['a', 'b', 'c', 'd'],
        correctOption: 1,
      },
    ],
  });
  for (const id of seeded.questionIds.slice(0, 2)) {
    db.update(questions).set({ rubric: cachingQuestion.rubric }).where(eq(questions.id, id)).run();
  }
  const sessionId = db
    .insert(sessions)
    .values({
      interviewId: seeded.interviewId,
      status: 'completed',
      startedAt: 0,
      endedAt: 60_000,
      lastHeartbeatAt: 0,
    })
    .returning({ id: sessions.id })
    .get().id;
  const answer = (position: number, values: Partial<typeof answers.$inferInsert>) =>
    db
      .insert(answers)
      .values({
        sessionId,
        questionId: seeded.questionIds[position] ?? 0,
        position,
        status: 'submitted',
        updatedAt: 0,
        ...values,
      })
      .returning({ id: answers.id })
      .get().id;
  const textAnswer = answer(0, { text: STRONG_CACHING_ANSWER });
  const spokenAnswer = answer(1, { startedMs: 20_000, endedMs: 30_000 });
  answer(2, { choice: 1 });
  saveTranscript(db, {
    sessionId,
    answerId: spokenAnswer,
    model: 'test',
    language: 'en',
    parts: [
      {
        mediaStartMs: 20_000,
        words: opts.spoken
          .split(' ')
          .map((word, i) => ({ word, startMs: i * 300, endMs: i * 300 + 250 })),
      },
    ],
    analytics: opts.analytics,
  });
  return { seeded, sessionId, textAnswer, spokenAnswer };
}

/** Suggestions as the station makes them: offline, or Gemini when `key()` gives a key. */
export function testSuggestions(
  db: Db,
  key: () => { apiKey: string; model: string; baseUrl?: string } | null = () => null,
): AnswerSuggestions {
  return new AnswerSuggestions({
    db,
    clock: systemClock,
    log: () => {},
    scorer: createStationScorer({
      keys: { read: key },
      offline: offlineScorer,
      clock: systemClock,
      log: () => {},
      gemini: { timeoutMs: 2_000, attempts: 1, backoffMs: 1 },
    }),
  });
}
