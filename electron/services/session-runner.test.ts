import { and, asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/open';
import {
  answers,
  consents,
  events,
  interviews,
  scores,
  sessionSegments,
  sessions,
} from '../../db/schema';
import {
  createTestDb,
  refusal,
  seedTestInterview,
  type SeededInterview,
  type TestQuestion,
} from '../../db/test-db';
import { recordConsent } from './consent';
import { NOTICE_VERSION } from './consent-notice';
import { DEADLINE_GRACE_MS, SessionRunner } from './session-runner';
import type { SessionView } from './session-view';
import { markInterrupted } from './session-store';

const START = Date.UTC(2026, 11, 1, 9, 0, 0);

// Position 0: MCQ (2 s reading, 5 s answer); 1: text (3 s, 10 s); 2: video (5 s, 20 s).
const QUESTIONS: TestQuestion[] = [
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

describe('SessionRunner', () => {
  let db: Db;
  let interview: SeededInterview;
  let runner: SessionRunner;
  let onComplete: ReturnType<typeof vi.fn<(interviewId: number) => void>>;
  const runners: SessionRunner[] = [];
  const clock = { now: () => Date.now() };

  function newRunner(): SessionRunner {
    const created = new SessionRunner(db, clock, onComplete);
    runners.push(created);
    return created;
  }

  function consentedInterview(questions: TestQuestion[] = QUESTIONS, extraTimePercent = 0) {
    const seeded = seedTestInterview(db, {
      status: 'checked_in',
      questions,
      accommodations: { extraTimePercent, candidateNotices: true },
    });
    recordConsent(
      db,
      seeded.interviewId,
      { recording: true, signals: true },
      NOTICE_VERSION,
      Date.now(),
    );
    return seeded;
  }

  function answerAt(sessionId: number, position: number) {
    const row = db
      .select()
      .from(answers)
      .where(and(eq(answers.sessionId, sessionId), eq(answers.position, position)))
      .get();
    if (!row) throw new Error(`No answer at position ${position}`);
    return row;
  }

  function scoresOf(answerId: number) {
    return db
      .select({ kind: scores.scorerKind, score: scores.score, rationale: scores.rationale })
      .from(scores)
      .where(eq(scores.answerId, answerId))
      .all();
  }

  function sessionRow(sessionId: number) {
    return db.select().from(sessions).where(eq(sessions.id, sessionId)).get();
  }

  function interviewRow(interviewId: number) {
    return db.select().from(interviews).where(eq(interviews.id, interviewId)).get();
  }

  /** Answers the MCQ with `choice` and moves on to the text question's reading time. */
  function answerMcq(sessionId: number, choice: number): SessionView {
    runner.beginAnswering(sessionId, 0);
    runner.saveDraft(sessionId, 0, { choice });
    return runner.submit(sessionId, 0);
  }

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(START);
    db = createTestDb();
    onComplete = vi.fn<(interviewId: number) => void>();
    interview = consentedInterview();
    runner = newRunner();
  });

  afterEach(() => {
    for (const created of runners.splice(0)) created.close();
    vi.useRealTimers();
    db.$client.close();
  });

  describe('start', () => {
    it('opens the first question in its reading time and records the session', () => {
      const sessionId = runner.start(interview.interviewId);
      expect(runner.view(sessionId)).toEqual({
        sessionId,
        status: 'active',
        position: 0,
        total: 3,
        phase: 'reading',
        phaseLimitMs: 2000,
        remainingMs: 2000,
        question: {
          type: 'mcq',
          prompt: 'Which status code means Not Found?',
          options: ['200', '404', '500', '302'],
          supported: true,
        },
        draft: { text: null, choice: null },
      });
      expect(interviewRow(interview.interviewId)?.status).toBe('in_progress');
      expect(sessionRow(sessionId)).toMatchObject({ status: 'active', startedAt: START });
      const rows = db.select().from(answers).where(eq(answers.sessionId, sessionId)).all();
      expect(rows.map((a) => [a.position, a.status])).toEqual([
        [0, 'pending'],
        [1, 'pending'],
        [2, 'pending'],
      ]);
    });

    it('requires consent to recording and signals', () => {
      const noConsent = seedTestInterview(db, { status: 'checked_in', questions: QUESTIONS });
      const missing = refusal(() => runner.start(noConsent.interviewId));
      expect(missing.code).toBe('PRECONDITION_FAILED');
      expect(missing.message).toMatch(/consent/);

      db.insert(consents)
        .values({
          interviewId: noConsent.interviewId,
          noticeVersion: NOTICE_VERSION,
          recording: true,
          signals: false,
          decidedAt: START,
        })
        .run();
      expect(refusal(() => runner.start(noConsent.interviewId)).code).toBe('PRECONDITION_FAILED');
      expect(db.select().from(sessions).all()).toEqual([]);
      expect(interviewRow(noConsent.interviewId)?.status).toBe('checked_in');
    });

    it('refuses a second interview while one is running, and the same one twice', () => {
      const other = consentedInterview();
      const sessionId = runner.start(interview.interviewId);

      const second = refusal(() => runner.start(other.interviewId));
      expect(second.code).toBe('CONFLICT');
      expect(second.message).toMatch(/Another interview is running/);
      expect(interviewRow(other.interviewId)?.status).toBe('checked_in');

      expect(refusal(() => runner.start(interview.interviewId)).code).toBe('CONFLICT');
      expect(db.select({ id: sessions.id }).from(sessions).all()).toEqual([{ id: sessionId }]);
    });
  });

  describe('phases', () => {
    it('moves from reading to answering when the reading time is over', () => {
      const sessionId = runner.start(interview.interviewId);
      vi.advanceTimersByTime(1500);
      expect(runner.view(sessionId)).toMatchObject({ phase: 'reading', remainingMs: 500 });

      vi.advanceTimersByTime(500);
      expect(runner.view(sessionId)).toMatchObject({
        position: 0,
        phase: 'answering',
        phaseLimitMs: 5000,
        remainingMs: 5000,
      });
      expect(answerAt(sessionId, 0).startedMs).toBe(2000);
    });

    it('lets the candidate skip the rest of the reading time', () => {
      const sessionId = runner.start(interview.interviewId);
      vi.advanceTimersByTime(700);
      const view = runner.beginAnswering(sessionId, 0);
      expect(view).toMatchObject({ phase: 'answering', remainingMs: 5000 });
      expect(answerAt(sessionId, 0).startedMs).toBe(700);
    });

    it('refuses a draft or a submit while the question is still being read', () => {
      const sessionId = runner.start(interview.interviewId);
      expect(refusal(() => runner.saveDraft(sessionId, 0, { choice: 1 })).code).toBe('CONFLICT');
      expect(refusal(() => runner.submit(sessionId, 0)).code).toBe('CONFLICT');
      expect(runner.view(sessionId).position).toBe(0);
    });

    it('stretches answer time by the candidate’s extra-time accommodation', () => {
      const extra = consentedInterview(QUESTIONS, 50);
      const sessionId = runner.start(extra.interviewId);
      const view = runner.beginAnswering(sessionId, 0);
      expect(view).toMatchObject({ phaseLimitMs: 7500, remainingMs: 7500 });
    });
  });

  describe('answers', () => {
    it('keeps typed text and submits it', () => {
      const sessionId = runner.start(interview.interviewId);
      answerMcq(sessionId, 1);
      runner.beginAnswering(sessionId, 1);
      runner.saveDraft(sessionId, 1, { text: 'A B-tree' });
      runner.saveDraft(sessionId, 1, { text: 'A B-tree over the key columns.' });
      expect(runner.view(sessionId).draft).toEqual({
        text: 'A B-tree over the key columns.',
        choice: null,
      });
      vi.advanceTimersByTime(4000);

      const next = runner.submit(sessionId, 1);
      expect(next).toMatchObject({ position: 2, question: { type: 'video' } });
      expect(answerAt(sessionId, 1)).toMatchObject({
        status: 'submitted',
        text: 'A B-tree over the key columns.',
        attempts: 1,
        startedMs: 0,
        endedMs: 4000,
      });
      expect(scoresOf(answerAt(sessionId, 1).id)).toEqual([]);
    });

    it('scores a right multiple-choice answer 100', () => {
      const sessionId = runner.start(interview.interviewId);
      const next = answerMcq(sessionId, 1);
      expect(next).toMatchObject({ position: 1, phase: 'reading' });
      const answer = answerAt(sessionId, 0);
      expect(answer).toMatchObject({ status: 'submitted', choice: 1 });
      expect(scoresOf(answer.id)).toEqual([
        {
          kind: 'auto',
          score: 100,
          rationale: 'Chose option B; the correct option is B.',
        },
      ]);
    });

    it('scores a wrong multiple-choice answer 0 and says why', () => {
      const sessionId = runner.start(interview.interviewId);
      answerMcq(sessionId, 3);
      expect(scoresOf(answerAt(sessionId, 0).id)).toEqual([
        { kind: 'auto', score: 0, rationale: 'Chose option D; the correct option is B.' },
      ]);
    });

    it('refuses a choice that does not exist and text for a multiple-choice question', () => {
      const sessionId = runner.start(interview.interviewId);
      runner.beginAnswering(sessionId, 0);
      expect(refusal(() => runner.saveDraft(sessionId, 0, { choice: 4 })).code).toBe('BAD_REQUEST');
      expect(refusal(() => runner.saveDraft(sessionId, 0, { text: 'B' })).code).toBe('BAD_REQUEST');
      expect(answerAt(sessionId, 0)).toMatchObject({ status: 'pending', choice: null, text: null });
    });

    it('refuses a draft for a question whose time is over', () => {
      const sessionId = runner.start(interview.interviewId);
      answerMcq(sessionId, 1);
      const late = refusal(() => runner.saveDraft(sessionId, 0, { choice: 2 }));
      expect(late.code).toBe('CONFLICT');
      expect(late.message).toMatch(/next one has started/);
      expect(late.details).toEqual({ position: 1 });
      expect(answerAt(sessionId, 0).choice).toBe(1);
    });
  });

  describe('deadlines', () => {
    it('times out the answer at the deadline, keeps its last draft and starts the next', () => {
      const sessionId = runner.start(interview.interviewId);
      answerMcq(sessionId, 1);
      runner.beginAnswering(sessionId, 1);
      runner.saveDraft(sessionId, 1, { text: 'Half a thought' });

      vi.advanceTimersByTime(10_000);
      expect(runner.view(sessionId)).toMatchObject({ position: 1, remainingMs: 0 });
      // The page flushes its draft as the countdown reaches zero; the grace lets it land.
      runner.saveDraft(sessionId, 1, { text: 'Half a thought, finished' });
      vi.advanceTimersByTime(DEADLINE_GRACE_MS - 1);
      expect(answerAt(sessionId, 1).status).toBe('draft');

      vi.advanceTimersByTime(1);
      expect(answerAt(sessionId, 1)).toMatchObject({
        status: 'timed_out',
        text: 'Half a thought, finished',
        endedMs: 10_000 + DEADLINE_GRACE_MS,
      });
      expect(runner.view(sessionId)).toMatchObject({ position: 2, phase: 'answering' });
    });

    it('scores an unanswered multiple-choice question 0 when time runs out', () => {
      const sessionId = runner.start(interview.interviewId);
      vi.advanceTimersByTime(2000 + DEADLINE_GRACE_MS + 5000 + DEADLINE_GRACE_MS);
      const answer = answerAt(sessionId, 0);
      expect(answer.status).toBe('timed_out');
      expect(scoresOf(answer.id)).toEqual([
        { kind: 'auto', score: 0, rationale: 'No option chosen.' },
      ]);
      expect(runner.view(sessionId)).toMatchObject({ position: 1, phase: 'reading' });
    });
  });

  describe('unsupported questions', () => {
    it('shows a video question as unsupported, skips its reading and records it as such', () => {
      const sessionId = runner.start(interview.interviewId);
      answerMcq(sessionId, 1);
      runner.beginAnswering(sessionId, 1);
      const view = runner.submit(sessionId, 1);
      expect(view).toMatchObject({
        position: 2,
        phase: 'answering',
        remainingMs: 20_000,
        question: { type: 'video', prompt: 'Introduce yourself.', supported: false },
      });
      expect(refusal(() => runner.saveDraft(sessionId, 2, { text: 'hi' })).code).toBe(
        'BAD_REQUEST',
      );

      runner.submit(sessionId, 2);
      expect(answerAt(sessionId, 2)).toMatchObject({ status: 'unsupported', text: null });
    });

    it('records an unsupported question as unsupported when its time runs out', () => {
      const sessionId = runner.start(interview.interviewId);
      answerMcq(sessionId, 1);
      runner.beginAnswering(sessionId, 1);
      runner.submit(sessionId, 1);
      vi.advanceTimersByTime(20_000 + DEADLINE_GRACE_MS);
      expect(answerAt(sessionId, 2).status).toBe('unsupported');
      expect(runner.view(sessionId).status).toBe('completed');
    });
  });

  describe('completion', () => {
    it('completes the session and the interview after the last question', () => {
      const sessionId = runner.start(interview.interviewId);
      answerMcq(sessionId, 1);
      runner.beginAnswering(sessionId, 1);
      runner.saveDraft(sessionId, 1, { text: 'Done.' });
      runner.submit(sessionId, 1);
      vi.advanceTimersByTime(3000);

      const last = runner.submit(sessionId, 2);
      expect(last).toMatchObject({ status: 'completed', position: 3, total: 3, question: null });
      expect(runner.isLive(sessionId)).toBe(false);
      expect(sessionRow(sessionId)).toMatchObject({
        status: 'completed',
        endedAt: START + 3000,
        clockMs: 3000,
      });
      expect(interviewRow(interview.interviewId)).toMatchObject({
        status: 'completed',
        applicationStatus: 'Interviewed',
      });
      expect(onComplete).toHaveBeenCalledExactlyOnceWith(interview.interviewId);
      const segments = db
        .select({ startMs: sessionSegments.startMs, endMs: sessionSegments.endMs })
        .from(sessionSegments)
        .where(eq(sessionSegments.sessionId, sessionId))
        .all();
      expect(segments).toEqual([{ startMs: 0, endMs: 3000 }]);
      expect(refusal(() => runner.submit(sessionId, 2)).code).toBe('CONFLICT');
    });

    it('frees the station for the next candidate once an interview is complete', () => {
      const next = consentedInterview();
      const first = runner.start(interview.interviewId);
      answerMcq(first, 1);
      runner.beginAnswering(first, 1);
      runner.submit(first, 1);
      runner.submit(first, 2);

      const second = runner.start(next.interviewId);
      expect(runner.view(second)).toMatchObject({ status: 'active', position: 0 });
    });
  });

  describe('crash recovery', () => {
    it('resumes at the same question with the time that was left and the draft intact', () => {
      const sessionId = runner.start(interview.interviewId);
      answerMcq(sessionId, 1);
      runner.beginAnswering(sessionId, 1);
      runner.saveDraft(sessionId, 1, { text: 'Before the power cut' });
      vi.advanceTimersByTime(3200);
      // The heartbeat has written the progress once a second.
      expect(sessionRow(sessionId)).toMatchObject({ phase: 'answering', phaseElapsedMs: 3000 });

      runner.close();
      expect(markInterrupted(db)).toBe(1);
      expect(sessionRow(sessionId)).toMatchObject({
        status: 'interrupted',
        integrityFlags: ['interrupted'],
      });

      runner = newRunner();
      vi.advanceTimersByTime(60_000);
      expect(runner.resume(sessionId)).toEqual({ sessionId, interviewId: interview.interviewId });

      const view = runner.view(sessionId);
      expect(view).toMatchObject({
        status: 'active',
        position: 1,
        phase: 'answering',
        draft: { text: 'Before the power cut', choice: null },
      });
      expect(Math.abs(view.remainingMs - 6800)).toBeLessThanOrEqual(1100);

      const restart = db.select().from(events).where(eq(events.sessionId, sessionId)).all();
      expect(restart).toHaveLength(1);
      expect(restart[0]).toMatchObject({ type: 'restart', severity: 'medium' });
      const gapMs = restart[0]?.details?.gapMs as number;
      expect(gapMs).toBeGreaterThanOrEqual(60_000);
      expect(gapMs).toBeLessThanOrEqual(61_100);
      expect((restart[0]?.endMs ?? 0) - (restart[0]?.startMs ?? 0)).toBe(gapMs);

      const segments = db
        .select()
        .from(sessionSegments)
        .where(eq(sessionSegments.sessionId, sessionId))
        .orderBy(asc(sessionSegments.ordinal))
        .all();
      expect(segments.map((s) => s.ordinal)).toEqual([0, 1]);
      expect(segments[0]?.endMs).toBe(restart[0]?.startMs);
      expect(segments[1]).toMatchObject({ startMs: restart[0]?.endMs, endMs: null });
      expect(sessionRow(sessionId)?.status).toBe('active');

      // The resumed clock runs out on time and keeps the draft.
      vi.advanceTimersByTime(view.remainingMs + DEADLINE_GRACE_MS);
      expect(answerAt(sessionId, 1)).toMatchObject({
        status: 'timed_out',
        text: 'Before the power cut',
      });
      expect(runner.view(sessionId).position).toBe(2);
    });

    it('refuses to resume a session that is running or already finished', () => {
      const sessionId = runner.start(interview.interviewId);
      expect(refusal(() => runner.resume(sessionId)).message).toMatch(/already running/);

      answerMcq(sessionId, 1);
      runner.beginAnswering(sessionId, 1);
      runner.submit(sessionId, 1);
      runner.submit(sessionId, 2);
      const done = refusal(() => runner.resume(sessionId));
      expect(done.code).toBe('CONFLICT');
      expect(done.message).toMatch(/already finished/);
      expect(db.select().from(events).all()).toEqual([]);
    });

    it('refuses to resume a session that does not exist', () => {
      expect(refusal(() => runner.resume(999)).code).toBe('NOT_FOUND');
    });

    it('hands a running session to a reloaded page without touching its clock', () => {
      const sessionId = runner.start(interview.interviewId);
      vi.advanceTimersByTime(1200);
      expect(runner.running()).toEqual([
        expect.objectContaining({ sessionId, position: 0, total: 3 }),
      ]);
      expect(runner.reattach(sessionId)).toEqual({ sessionId, interviewId: interview.interviewId });
      expect(runner.view(sessionId)).toMatchObject({ phase: 'reading', remainingMs: 800 });
      expect(db.select().from(events).all()).toEqual([]);
      expect(refusal(() => runner.reattach(999)).code).toBe('CONFLICT');
    });
  });

  describe('subscribe', () => {
    it('pushes a view on every transition until unsubscribed', () => {
      const sessionId = runner.start(interview.interviewId);
      const seen: SessionView[] = [];
      const unsubscribe = runner.subscribe(sessionId, (view) => seen.push(view));
      const toEnd: SessionView[] = [];
      runner.subscribe(sessionId, (view) => toEnd.push(view));

      vi.advanceTimersByTime(2000 + DEADLINE_GRACE_MS);
      runner.saveDraft(sessionId, 0, { choice: 1 });
      runner.submit(sessionId, 0);
      expect(seen.map((v) => [v.position, v.phase])).toEqual([
        [0, 'answering'],
        [1, 'reading'],
      ]);

      unsubscribe();
      runner.beginAnswering(sessionId, 1);
      runner.submit(sessionId, 1);
      runner.submit(sessionId, 2);
      expect(seen).toHaveLength(2);
      expect(toEnd.map((v) => [v.status, v.position, v.phase])).toEqual([
        ['active', 0, 'answering'],
        ['active', 1, 'reading'],
        ['active', 1, 'answering'],
        ['active', 2, 'answering'],
        ['completed', 3, 'answering'],
      ]);
    });
  });
});
