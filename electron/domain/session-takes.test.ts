import { describe, expect, it, vi } from 'vitest';
import { DEADLINE_GRACE_MS } from './session-runner';
import type { AnswerTake, SessionHooks } from './session-events';
import { useRunnerHarness } from './test-session-runner';

/** Hooks of a station that records audio and video answers, remembering every call. */
function recordingHooks() {
  const started: AnswerTake[] = [];
  const ended: { take: AnswerTake; endMs: number; keep: boolean }[] = [];
  const hooks: SessionHooks = {
    recordsAnswers: true,
    started: vi.fn(),
    phase: vi.fn(),
    ended: vi.fn(),
    takeStarted: (_sessionId, take) => started.push({ ...take }),
    takeEnded: (_sessionId, take, endMs, keep) => ended.push({ take: { ...take }, endMs, keep }),
  };
  return { hooks, started, ended };
}

describe('audio and video answers', () => {
  const h = useRunnerHarness();
  const VIDEO = [{ type: 'video' as const, readingSeconds: 5, answerSeconds: 20 }];

  it('records each take, lets the candidate retake as often as allowed, then keeps the last', () => {
    const { hooks, started, ended } = recordingHooks();
    const runner = h.newRunner(hooks);
    const { interviewId } = h.consentedInterview(VIDEO, 0, 1);
    const sessionId = runner.start(interviewId);
    expect(runner.view(sessionId).question?.supported).toBe(true);
    expect(started).toHaveLength(0);

    vi.advanceTimersByTime(1000);
    runner.beginAnswering(sessionId, 0);
    expect(started).toEqual([
      expect.objectContaining({ kind: 'video', attempt: 1, startMs: 1000 }),
    ]);
    expect(runner.view(sessionId).take).toEqual({ attempt: 1, retakesLeft: 1 });

    vi.advanceTimersByTime(8000);
    const again = runner.retake(sessionId, 0);
    expect(ended).toEqual([expect.objectContaining({ endMs: 9000, keep: false })]);
    expect(started[1]).toMatchObject({ attempt: 2, startMs: 9000 });
    // A retake gets the full answer time again.
    expect(again.remainingMs).toBe(20_000);
    expect(again.take).toEqual({ attempt: 2, retakesLeft: 0 });
    expect(() => runner.retake(sessionId, 0)).toThrow(/cannot be recorded again/);

    vi.advanceTimersByTime(4000);
    runner.submit(sessionId, 0);
    expect(ended[1]).toMatchObject({ endMs: 13_000, keep: true, take: { attempt: 2 } });
    const answer = h.answerAt(sessionId, 0);
    expect(answer).toMatchObject({
      status: 'submitted',
      attempts: 2,
      startedMs: 9000,
      endedMs: 13_000,
    });
  });

  it('keeps the take when the answer time runs out', () => {
    const { hooks, ended } = recordingHooks();
    const runner = h.newRunner(hooks);
    const { interviewId } = h.consentedInterview([
      { type: 'audio', readingSeconds: 2, answerSeconds: 10 },
    ]);
    const sessionId = runner.start(interviewId);
    vi.advanceTimersByTime(2000 + 10_000 + DEADLINE_GRACE_MS);
    expect(ended).toEqual([
      expect.objectContaining({
        keep: true,
        endMs: 12_000 + DEADLINE_GRACE_MS,
        take: expect.objectContaining({ kind: 'audio' }),
      }),
    ]);
    expect(h.answerAt(sessionId, 0).status).toBe('timed_out');
  });

  it('refuses a retake when the questionnaire allows none, and for typed answers', () => {
    const { hooks } = recordingHooks();
    const runner = h.newRunner(hooks);
    const { interviewId } = h.consentedInterview([
      { type: 'text', readingSeconds: 2, answerSeconds: 10 },
      ...VIDEO,
    ]);
    const sessionId = runner.start(interviewId);
    runner.beginAnswering(sessionId, 0);
    expect(() => runner.retake(sessionId, 0)).toThrow(/no recording/);
    runner.submit(sessionId, 0);
    runner.beginAnswering(sessionId, 1);
    expect(runner.view(sessionId).take).toEqual({ attempt: 1, retakesLeft: 0 });
    expect(() => runner.retake(sessionId, 1)).toThrow(/cannot be recorded again/);
  });

  it('without devices audio and video questions stay unsupported', () => {
    const runner = h.newRunner();
    const { interviewId } = h.consentedInterview(VIDEO);
    const sessionId = runner.start(interviewId);
    expect(runner.view(sessionId).question?.supported).toBe(false);
    expect(runner.view(sessionId).take).toBeNull();
  });

  it.each([true, false])(
    'a withdrawal mid-take ends the take (kept: %s), the session and capture at once',
    (keep) => {
      const { hooks, ended } = recordingHooks();
      const runner = h.newRunner(hooks);
      const { interviewId } = h.consentedInterview(VIDEO);
      const sessionId = runner.start(interviewId);
      runner.beginAnswering(sessionId, 0);
      vi.advanceTimersByTime(3000);
      const views: string[] = [];
      runner.subscribe(sessionId, (view) => views.push(view.status));
      expect(runner.endNow(sessionId, keep)).toBe(3000);
      expect(ended).toEqual([expect.objectContaining({ endMs: 3000, keep })]);
      expect(hooks.ended).toHaveBeenCalledWith(sessionId);
      expect(views).toEqual(['completed']);
      expect(h.onComplete).toHaveBeenCalledWith(interviewId);
      expect(runner.isLive(sessionId)).toBe(false);
      // No deadline fires for a session that has ended.
      vi.advanceTimersByTime(60_000);
      expect(ended).toHaveLength(1);
      expect(() => runner.endNow(sessionId, keep)).toThrow(/not running/);
    },
  );
});
