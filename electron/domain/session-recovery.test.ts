import { asc, eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { events, sessionSegments } from '../../db/schema';
import { refusal } from '../../db/test-db';
import { DEADLINE_GRACE_MS } from './session-runner';
import type { SessionView } from './session-view';
import { markInterrupted } from './session-store';

import { useRunnerHarness } from './test-session-runner';

describe('SessionRunner recovery and streaming', () => {
  const h = useRunnerHarness();

  describe('crash recovery', () => {
    it('resumes at the same question with the time that was left and the draft intact', () => {
      const sessionId = h.runner.start(h.interview.interviewId);
      h.answerMcq(sessionId, 1);
      h.runner.beginAnswering(sessionId, 1);
      h.runner.saveDraft(sessionId, 1, { text: 'Before the power cut' });
      vi.advanceTimersByTime(3200);
      // The heartbeat has written the progress once a second.
      expect(h.sessionRow(sessionId)).toMatchObject({ phase: 'answering', phaseElapsedMs: 3000 });

      h.runner.close();
      expect(markInterrupted(h.db)).toBe(1);
      expect(h.sessionRow(sessionId)).toMatchObject({
        status: 'interrupted',
        integrityFlags: ['interrupted'],
      });

      h.runner = h.newRunner();
      vi.advanceTimersByTime(60_000);
      expect(h.runner.resume(sessionId)).toEqual({
        sessionId,
        interviewId: h.interview.interviewId,
      });

      const view = h.runner.view(sessionId);
      expect(view).toMatchObject({
        status: 'active',
        position: 1,
        phase: 'answering',
        draft: { text: 'Before the power cut', choice: null },
      });
      expect(Math.abs(view.remainingMs - 6800)).toBeLessThanOrEqual(1100);

      const restart = h.db.select().from(events).where(eq(events.sessionId, sessionId)).all();
      expect(restart).toHaveLength(1);
      expect(restart[0]).toMatchObject({ type: 'restart', severity: 'medium' });
      const gapMs = restart[0]?.details?.gapMs as number;
      expect(gapMs).toBeGreaterThanOrEqual(60_000);
      expect(gapMs).toBeLessThanOrEqual(61_100);
      expect((restart[0]?.endMs ?? 0) - (restart[0]?.startMs ?? 0)).toBe(gapMs);

      const segments = h.db
        .select()
        .from(sessionSegments)
        .where(eq(sessionSegments.sessionId, sessionId))
        .orderBy(asc(sessionSegments.ordinal))
        .all();
      expect(segments.map((s) => s.ordinal)).toEqual([0, 1]);
      expect(segments[0]?.endMs).toBe(restart[0]?.startMs);
      expect(segments[1]).toMatchObject({ startMs: restart[0]?.endMs, endMs: null });
      expect(h.sessionRow(sessionId)?.status).toBe('active');

      // The resumed clock runs out on time and keeps the draft.
      vi.advanceTimersByTime(view.remainingMs + DEADLINE_GRACE_MS);
      expect(h.answerAt(sessionId, 1)).toMatchObject({
        status: 'timed_out',
        text: 'Before the power cut',
      });
      expect(h.runner.view(sessionId).position).toBe(2);
    });

    it('refuses to resume a session that is running or already finished', () => {
      const sessionId = h.runner.start(h.interview.interviewId);
      expect(refusal(() => h.runner.resume(sessionId)).message).toMatch(/already running/);

      h.answerMcq(sessionId, 1);
      h.runner.beginAnswering(sessionId, 1);
      h.runner.submit(sessionId, 1);
      h.runner.submit(sessionId, 2);
      const done = refusal(() => h.runner.resume(sessionId));
      expect(done.code).toBe('CONFLICT');
      expect(done.message).toMatch(/already finished/);
      expect(h.db.select().from(events).all()).toEqual([]);
    });

    it('refuses to resume a session that does not exist', () => {
      expect(refusal(() => h.runner.resume(999)).code).toBe('NOT_FOUND');
    });

    it('hands a running session to a reloaded page without touching its clock', () => {
      const sessionId = h.runner.start(h.interview.interviewId);
      vi.advanceTimersByTime(1200);
      expect(h.runner.running()).toEqual([
        expect.objectContaining({ sessionId, position: 0, total: 3 }),
      ]);
      expect(h.runner.reattach(sessionId)).toEqual({
        sessionId,
        interviewId: h.interview.interviewId,
      });
      expect(h.runner.view(sessionId)).toMatchObject({ phase: 'reading', remainingMs: 800 });
      expect(h.db.select().from(events).all()).toEqual([]);
      expect(refusal(() => h.runner.reattach(999)).code).toBe('CONFLICT');
    });
  });

  describe('subscribe', () => {
    it('pushes a view on every transition until unsubscribed', () => {
      const sessionId = h.runner.start(h.interview.interviewId);
      const seen: SessionView[] = [];
      const unsubscribe = h.runner.subscribe(sessionId, (view) => seen.push(view));
      const toEnd: SessionView[] = [];
      h.runner.subscribe(sessionId, (view) => toEnd.push(view));

      vi.advanceTimersByTime(2000 + DEADLINE_GRACE_MS);
      h.runner.saveDraft(sessionId, 0, { choice: 1 });
      h.runner.submit(sessionId, 0);
      expect(seen.map((v) => [v.position, v.phase])).toEqual([
        [0, 'answering'],
        [1, 'reading'],
      ]);

      unsubscribe();
      h.runner.beginAnswering(sessionId, 1);
      h.runner.submit(sessionId, 1);
      h.runner.submit(sessionId, 2);
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
