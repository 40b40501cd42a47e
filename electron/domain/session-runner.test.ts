import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { answers, consents, sessionSegments, sessions } from '../../db/schema';
import { refusal, seedTestInterview } from '../../db/test-db';
import { NOT_SAVED_MESSAGE } from '../core/disk-space';
import { DEADLINE_GRACE_MS } from './session-runner';

import { QUESTIONS, START, useRunnerHarness } from './test-session-runner';

describe('SessionRunner', () => {
  const h = useRunnerHarness();

  describe('start', () => {
    it('opens the first question in its reading time and records the session', () => {
      const sessionId = h.runner.start(h.interview.interviewId);
      expect(h.runner.view(sessionId)).toEqual({
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
        take: null,
      });
      expect(h.interviewRow(h.interview.interviewId)?.status).toBe('in_progress');
      expect(h.sessionRow(sessionId)).toMatchObject({ status: 'active', startedAt: START });
      const rows = h.db.select().from(answers).where(eq(answers.sessionId, sessionId)).all();
      expect(rows.map((a) => [a.position, a.status])).toEqual([
        [0, 'pending'],
        [1, 'pending'],
        [2, 'pending'],
      ]);
    });

    it('requires consent to recording and signals', () => {
      const noConsent = seedTestInterview(h.db, { status: 'checked_in', questions: QUESTIONS });
      const missing = refusal(() => h.runner.start(noConsent.interviewId));
      expect(missing.code).toBe('PRECONDITION_FAILED');
      expect(missing.message).toMatch(/consent/);

      h.db
        .insert(consents)
        .values({
          interviewId: noConsent.interviewId,
          noticeVersion: 'notice-older',
          recording: true,
          signals: false,
          decidedAt: START,
        })
        .run();
      expect(refusal(() => h.runner.start(noConsent.interviewId)).code).toBe('PRECONDITION_FAILED');
      expect(h.db.select().from(sessions).all()).toEqual([]);
      expect(h.interviewRow(noConsent.interviewId)?.status).toBe('checked_in');
    });

    it('refuses a second interview while one is running, and the same one twice', () => {
      const other = h.consentedInterview();
      const sessionId = h.runner.start(h.interview.interviewId);

      const second = refusal(() => h.runner.start(other.interviewId));
      expect(second.code).toBe('CONFLICT');
      expect(second.message).toMatch(/Another interview is running/);
      expect(h.interviewRow(other.interviewId)?.status).toBe('checked_in');

      expect(refusal(() => h.runner.start(h.interview.interviewId)).code).toBe('CONFLICT');
      expect(h.db.select({ id: sessions.id }).from(sessions).all()).toEqual([{ id: sessionId }]);
    });
  });

  describe('phases', () => {
    it('moves from reading to answering when the reading time is over', () => {
      const sessionId = h.runner.start(h.interview.interviewId);
      vi.advanceTimersByTime(1500);
      expect(h.runner.view(sessionId)).toMatchObject({ phase: 'reading', remainingMs: 500 });

      vi.advanceTimersByTime(500);
      expect(h.runner.view(sessionId)).toMatchObject({
        position: 0,
        phase: 'answering',
        phaseLimitMs: 5000,
        remainingMs: 5000,
      });
      expect(h.answerAt(sessionId, 0).startedMs).toBe(2000);
    });

    it('lets the candidate skip the rest of the reading time', () => {
      const sessionId = h.runner.start(h.interview.interviewId);
      vi.advanceTimersByTime(700);
      const view = h.runner.beginAnswering(sessionId, 0);
      expect(view).toMatchObject({ phase: 'answering', remainingMs: 5000 });
      expect(h.answerAt(sessionId, 0).startedMs).toBe(700);
    });

    it('refuses a draft or a submit while the question is still being read', () => {
      const sessionId = h.runner.start(h.interview.interviewId);
      expect(refusal(() => h.runner.saveDraft(sessionId, 0, { choice: 1 })).code).toBe('CONFLICT');
      expect(refusal(() => h.runner.submit(sessionId, 0)).code).toBe('CONFLICT');
      expect(h.runner.view(sessionId).position).toBe(0);
    });

    it('stretches answer time by the candidate’s extra-time accommodation', () => {
      const extra = h.consentedInterview(QUESTIONS, 50);
      const sessionId = h.runner.start(extra.interviewId);
      const view = h.runner.beginAnswering(sessionId, 0);
      expect(view).toMatchObject({ phaseLimitMs: 7500, remainingMs: 7500 });
    });
  });

  describe('answers', () => {
    it('keeps typed text and submits it', () => {
      const sessionId = h.runner.start(h.interview.interviewId);
      h.answerMcq(sessionId, 1);
      h.runner.beginAnswering(sessionId, 1);
      h.runner.saveDraft(sessionId, 1, { text: 'A B-tree' });
      h.runner.saveDraft(sessionId, 1, { text: 'A B-tree over the key columns.' });
      expect(h.runner.view(sessionId).draft).toEqual({
        text: 'A B-tree over the key columns.',
        choice: null,
      });
      vi.advanceTimersByTime(4000);

      const next = h.runner.submit(sessionId, 1);
      expect(next).toMatchObject({ position: 2, question: { type: 'video' } });
      expect(h.answerAt(sessionId, 1)).toMatchObject({
        status: 'submitted',
        text: 'A B-tree over the key columns.',
        attempts: 1,
        startedMs: 0,
        endedMs: 4000,
      });
      expect(h.scoresOf(h.answerAt(sessionId, 1).id)).toEqual([]);
    });

    it('scores a right multiple-choice answer 100', () => {
      const sessionId = h.runner.start(h.interview.interviewId);
      const next = h.answerMcq(sessionId, 1);
      expect(next).toMatchObject({ position: 1, phase: 'reading' });
      const answer = h.answerAt(sessionId, 0);
      expect(answer).toMatchObject({ status: 'submitted', choice: 1 });
      expect(h.scoresOf(answer.id)).toEqual([
        {
          kind: 'auto',
          score: 100,
          rationale: 'Chose option B; the correct option is B.',
        },
      ]);
    });

    it('scores a wrong multiple-choice answer 0 and says why', () => {
      const sessionId = h.runner.start(h.interview.interviewId);
      h.answerMcq(sessionId, 3);
      expect(h.scoresOf(h.answerAt(sessionId, 0).id)).toEqual([
        { kind: 'auto', score: 0, rationale: 'Chose option D; the correct option is B.' },
      ]);
    });

    it('refuses a choice that does not exist and text for a multiple-choice question', () => {
      const sessionId = h.runner.start(h.interview.interviewId);
      h.runner.beginAnswering(sessionId, 0);
      expect(refusal(() => h.runner.saveDraft(sessionId, 0, { choice: 4 })).code).toBe(
        'BAD_REQUEST',
      );
      expect(refusal(() => h.runner.saveDraft(sessionId, 0, { text: 'B' })).code).toBe(
        'BAD_REQUEST',
      );
      expect(h.answerAt(sessionId, 0)).toMatchObject({
        status: 'pending',
        choice: null,
        text: null,
      });
    });

    it('refuses a draft for a question whose time is over', () => {
      const sessionId = h.runner.start(h.interview.interviewId);
      h.answerMcq(sessionId, 1);
      const late = refusal(() => h.runner.saveDraft(sessionId, 0, { choice: 2 }));
      expect(late.code).toBe('CONFLICT');
      expect(late.message).toMatch(/next one has started/);
      expect(late.details).toEqual({ position: 1 });
      expect(h.answerAt(sessionId, 0).choice).toBe(1);
    });
  });

  describe('deadlines', () => {
    it('times out the answer at the deadline, keeps its last draft and starts the next', () => {
      const sessionId = h.runner.start(h.interview.interviewId);
      h.answerMcq(sessionId, 1);
      h.runner.beginAnswering(sessionId, 1);
      h.runner.saveDraft(sessionId, 1, { text: 'Half a thought' });

      vi.advanceTimersByTime(10_000);
      expect(h.runner.view(sessionId)).toMatchObject({ position: 1, remainingMs: 0 });
      // The page flushes its draft as the countdown reaches zero; the grace lets it land.
      h.runner.saveDraft(sessionId, 1, { text: 'Half a thought, finished' });
      vi.advanceTimersByTime(DEADLINE_GRACE_MS - 1);
      expect(h.answerAt(sessionId, 1).status).toBe('draft');

      vi.advanceTimersByTime(1);
      expect(h.answerAt(sessionId, 1)).toMatchObject({
        status: 'timed_out',
        text: 'Half a thought, finished',
        endedMs: 10_000 + DEADLINE_GRACE_MS,
      });
      expect(h.runner.view(sessionId)).toMatchObject({ position: 2, phase: 'answering' });
    });

    it('scores an unanswered multiple-choice question 0 when time runs out', () => {
      const sessionId = h.runner.start(h.interview.interviewId);
      vi.advanceTimersByTime(2000 + DEADLINE_GRACE_MS + 5000 + DEADLINE_GRACE_MS);
      const answer = h.answerAt(sessionId, 0);
      expect(answer.status).toBe('timed_out');
      expect(h.scoresOf(answer.id)).toEqual([
        { kind: 'auto', score: 0, rationale: 'No option chosen.' },
      ]);
      expect(h.runner.view(sessionId)).toMatchObject({ position: 1, phase: 'reading' });
    });
  });

  describe('unsupported questions', () => {
    it('shows a video question as unsupported, skips its reading and records it as such', () => {
      const sessionId = h.runner.start(h.interview.interviewId);
      h.answerMcq(sessionId, 1);
      h.runner.beginAnswering(sessionId, 1);
      const view = h.runner.submit(sessionId, 1);
      expect(view).toMatchObject({
        position: 2,
        phase: 'answering',
        remainingMs: 20_000,
        question: { type: 'video', prompt: 'Introduce yourself.', supported: false },
      });
      expect(refusal(() => h.runner.saveDraft(sessionId, 2, { text: 'hi' })).code).toBe(
        'BAD_REQUEST',
      );

      h.runner.submit(sessionId, 2);
      expect(h.answerAt(sessionId, 2)).toMatchObject({ status: 'unsupported', text: null });
    });

    it('records an unsupported question as unsupported when its time runs out', () => {
      const sessionId = h.runner.start(h.interview.interviewId);
      h.answerMcq(sessionId, 1);
      h.runner.beginAnswering(sessionId, 1);
      h.runner.submit(sessionId, 1);
      vi.advanceTimersByTime(20_000 + DEADLINE_GRACE_MS);
      expect(h.answerAt(sessionId, 2).status).toBe('unsupported');
      expect(h.runner.view(sessionId).status).toBe('completed');
    });
  });

  describe('completion', () => {
    it('completes the session and the interview after the last question', () => {
      const sessionId = h.runner.start(h.interview.interviewId);
      h.answerMcq(sessionId, 1);
      h.runner.beginAnswering(sessionId, 1);
      h.runner.saveDraft(sessionId, 1, { text: 'Done.' });
      h.runner.submit(sessionId, 1);
      vi.advanceTimersByTime(3000);

      const last = h.runner.submit(sessionId, 2);
      expect(last).toMatchObject({ status: 'completed', position: 3, total: 3, question: null });
      expect(h.runner.isLive(sessionId)).toBe(false);
      expect(h.sessionRow(sessionId)).toMatchObject({
        status: 'completed',
        endedAt: START + 3000,
        clockMs: 3000,
      });
      expect(h.interviewRow(h.interview.interviewId)).toMatchObject({
        status: 'completed',
        applicationStatus: 'Interviewed',
      });
      expect(h.onComplete).toHaveBeenCalledExactlyOnceWith(h.interview.interviewId);
      const segments = h.db
        .select({ startMs: sessionSegments.startMs, endMs: sessionSegments.endMs })
        .from(sessionSegments)
        .where(eq(sessionSegments.sessionId, sessionId))
        .all();
      expect(segments).toEqual([{ startMs: 0, endMs: 3000 }]);
      expect(refusal(() => h.runner.submit(sessionId, 2)).code).toBe('CONFLICT');
    });

    it('frees the station for the next candidate once an interview is complete', () => {
      const next = h.consentedInterview();
      const first = h.runner.start(h.interview.interviewId);
      h.answerMcq(first, 1);
      h.runner.beginAnswering(first, 1);
      h.runner.submit(first, 1);
      h.runner.submit(first, 2);

      const second = h.runner.start(next.interviewId);
      expect(h.runner.view(second)).toMatchObject({ status: 'active', position: 0 });
    });
  });

  describe('a full database', () => {
    /** SQLite itself refuses to grow the file past its current pages: a real SQLITE_FULL. */
    const fill = () => {
      const client = h.db.$client;
      client.pragma(`max_page_count = ${client.pragma('page_count', { simple: true }) as number}`);
    };
    const unfill = () => h.db.$client.pragma('max_page_count = 1073741823');

    it('refuses a draft calmly, keeps the one saved before, and its timers never throw', () => {
      const sessionId = h.runner.start(h.interview.interviewId);
      h.answerMcq(sessionId, 1);
      h.runner.beginAnswering(sessionId, 1);
      h.runner.saveDraft(sessionId, 1, { text: 'Saved before the disk filled.' });
      fill();
      const long = `More, typed once the disk was full. ${'x'.repeat(19_000)}`;
      const refused = refusal(() => h.runner.saveDraft(sessionId, 1, { text: long }));
      expect(refused.message).toBe(NOT_SAVED_MESSAGE);
      expect(refused.details).toEqual({ diskFull: true });
      expect(h.answerAt(sessionId, 1).text).toBe('Saved before the disk filled.');
      // Heartbeats and the deadline run in timers: a throw there would end the station.
      expect(() => vi.advanceTimersByTime(10_000 + DEADLINE_GRACE_MS + 3000)).not.toThrow();
      unfill();
      vi.advanceTimersByTime(1000);
      // The deadline went through once it could: question 2's answer is final, 3 is on.
      expect(h.answerAt(sessionId, 1)).toMatchObject({ text: 'Saved before the disk filled.' });
      expect(h.runner.view(sessionId).position).toBe(2);
    });
  });
});
