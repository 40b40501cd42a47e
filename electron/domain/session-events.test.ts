import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/open';
import { createTestDb, seedTestInterview } from '../../db/test-db';
import { agreeToNotice } from './test-consent';
import type { SessionHooks } from './session-events';
import { SessionRunner } from './session-runner';
import { markInterrupted } from './session-store';

describe('session hooks (what capture follows)', () => {
  let db: Db;
  let calls: string[];
  const runners: SessionRunner[] = [];
  const hooks: SessionHooks = {
    started: (id, startedAt) => calls.push(`started ${id} @${startedAt}`),
    phase: (id, phase) => calls.push(`phase ${id} ${phase}`),
    ended: (id) => calls.push(`ended ${id}`),
  };
  const clock = { now: () => Date.now() };
  const newRunner = () => {
    const runner = new SessionRunner(db, clock, () => {}, hooks);
    runners.push(runner);
    return runner;
  };

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
    db = createTestDb();
    calls = [];
  });
  afterEach(() => {
    for (const runner of runners.splice(0)) runner.close();
    vi.useRealTimers();
    db.$client.close();
  });

  it('reports start, every phase, a resume on the same clock, and the end', () => {
    const { interviewId } = seedTestInterview(db, {
      status: 'checked_in',
      questions: [
        { type: 'text', readingSeconds: 2, answerSeconds: 5 },
        { type: 'text', readingSeconds: 2, answerSeconds: 5 },
      ],
    });
    agreeToNotice(db, interviewId, 0);
    const first = newRunner();
    const id = first.start(interviewId);
    vi.advanceTimersByTime(2000);
    first.close(); // the station stops mid-answer
    markInterrupted(db);
    vi.advanceTimersByTime(30_000);
    const second = newRunner();
    second.resume(id);
    second.submit(id, 0);
    second.beginAnswering(id, 1);
    second.submit(id, 1);
    expect(calls).toEqual([
      `started ${id} @1000000`,
      `phase ${id} reading`,
      `phase ${id} answering`,
      `ended ${id}`,
      `started ${id} @1000000`,
      `phase ${id} answering`,
      `phase ${id} reading`,
      `phase ${id} answering`,
      `ended ${id}`,
    ]);
  });
});
