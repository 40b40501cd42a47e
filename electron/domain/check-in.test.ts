import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { checkInAttempts, interviews, sessions } from '../../db/schema';
import { createTestDb, refusal, seedTestInterview, type SeededInterview } from '../../db/test-db';
import { readSetting, writeSetting } from '../core/setting-store';
import { CheckIn, COOLDOWN_MS, MAX_FAILED_CODES } from './check-in';
import { STATION_COOLDOWN_MS, STATION_MAX_MISSES } from './check-in-pauses';
import { processAccessCodeKey } from '../core/access-code-key';

/** The page the codes are typed on. */
const KIOSK = 'ipc:1';

const START = Date.UTC(2026, 11, 1, 9, 0, 0);
const MINUTE = 60_000;

describe('CheckIn', () => {
  let db: Db;
  let t: number;
  const clock = { now: () => t };
  let interview: SeededInterview;
  let checkIn: CheckIn;

  beforeEach(() => {
    t = START;
    db = createTestDb();
    interview = seedTestInterview(db, {
      accessCode: 'ABCDEFGH',
      candidateName: 'Grace Hopper',
      jobTitle: 'Platform Engineer',
      expiresAt: START + 7 * 24 * 60 * MINUTE,
      questions: [
        {
          type: 'mcq',
          options: ['A', 'B', 'C', 'D'],
          correctOption: 1,
          readingSeconds: 30,
          answerSeconds: 60,
        },
        { type: 'text', readingSeconds: 60, answerSeconds: 300 },
      ],
    });
    checkIn = new CheckIn(db, clock, processAccessCodeKey());
  });

  afterEach(() => {
    db.$client.close();
  });

  function attempts() {
    return db
      .select({
        at: checkInAttempts.at,
        outcome: checkInAttempts.outcome,
        interviewId: checkInAttempts.interviewId,
      })
      .from(checkInAttempts)
      .orderBy(asc(checkInAttempts.id))
      .all();
  }

  function statusOf(interviewId: number) {
    return db.select().from(interviews).where(eq(interviews.id, interviewId)).get()?.status;
  }

  function missFiveTimes() {
    for (let i = 1; i < MAX_FAILED_CODES; i++) refusal(() => checkIn.checkIn('WRONGONE', KIOSK));
    return refusal(() => checkIn.checkIn('WRONGONE', KIOSK));
  }

  it('accepts the right code and shows who, which job, how many questions and how long', () => {
    const details = checkIn.checkIn('ABCDEFGH', KIOSK);
    // 30 + 60 + 60 + 300 seconds = 7.5 minutes, rounded up.
    expect(details).toEqual({
      interviewId: interview.interviewId,
      candidateName: 'Grace Hopper',
      jobTitle: 'Platform Engineer',
      questionCount: 2,
      expectedMinutes: 8,
      aiScoring: false,
      candidateNotices: true,
      extraTimePercent: 0,
    });
    expect(statusOf(interview.interviewId)).toBe('checked_in');
    expect(attempts()).toEqual([
      { at: START, outcome: 'accepted', interviewId: interview.interviewId },
    ]);
  });

  it('counts extra time in the expected duration for a candidate with accommodations', () => {
    const extra = seedTestInterview(db, {
      accessCode: 'KMNPQRST',
      accommodations: { extraTimePercent: 50, candidateNotices: false },
      questions: [{ type: 'text', readingSeconds: 60, answerSeconds: 600 }],
    });
    // 60 + 600 × 1.5 = 960 seconds = 16 minutes.
    expect(checkIn.checkIn('KMNPQRST', KIOSK)).toMatchObject({
      interviewId: extra.interviewId,
      expectedMinutes: 16,
      extraTimePercent: 50,
      candidateNotices: false,
    });
  });

  it.each(['abcdefgh', 'abcd-efgh', ' ABCD EFGH ', 'Abcd - efgh'])(
    'accepts the code typed as %j',
    (typed) => {
      expect(checkIn.checkIn(typed, KIOSK).interviewId).toBe(interview.interviewId);
    },
  );

  it('counts down the tries left on wrong codes and pauses check-in after the fifth', () => {
    const left = [1, 2, 3, 4].map((i) => {
      const error = refusal(() => checkIn.checkIn(`WRONG${i}XX`, KIOSK));
      expect(error.code).toBe('NOT_FOUND');
      expect(error.message).toMatch(/not recognised/);
      return error.details?.triesLeft;
    });
    expect(left).toEqual([4, 3, 2, 1]);

    const fifth = refusal(() => checkIn.checkIn('WRONG5XX', KIOSK));
    expect(fifth.code).toBe('TOO_MANY_REQUESTS');
    expect(fifth.message).toMatch(/paused for 5 minutes/);
    expect(fifth.details?.retryAfterMs).toBe(COOLDOWN_MS);
    expect(checkIn.cooldownRemaining()).toBe(COOLDOWN_MS);
    expect(attempts().map((a) => a.outcome)).toEqual(Array(5).fill('wrong_code'));
  });

  it('refuses even the right code during the cool-down, records it, and lets it in after', () => {
    missFiveTimes();

    t += 4 * MINUTE;
    const during = refusal(() => checkIn.checkIn('ABCDEFGH', KIOSK));
    expect(during.code).toBe('TOO_MANY_REQUESTS');
    expect(during.message).toMatch(/wait a minute/);
    expect(during.details?.retryAfterMs).toBe(MINUTE);
    expect(statusOf(interview.interviewId)).toBe('scheduled');
    expect(attempts().at(-1)).toEqual({ at: t, outcome: 'cooldown', interviewId: null });

    t = START + COOLDOWN_MS;
    expect(checkIn.cooldownRemaining()).toBe(0);
    expect(checkIn.checkIn('abcd-efgh', KIOSK).candidateName).toBe('Grace Hopper');
    expect(statusOf(interview.interviewId)).toBe('checked_in');
    expect(attempts().map((a) => a.outcome)).toEqual([
      ...Array(5).fill('wrong_code'),
      'cooldown',
      'accepted',
    ]);
  });

  it('keeps the cool-down across a station restart', () => {
    missFiveTimes();
    t += MINUTE;

    const afterRestart = new CheckIn(db, clock, processAccessCodeKey());
    expect(afterRestart.cooldownRemaining()).toBe(COOLDOWN_MS - MINUTE);
    expect(refusal(() => afterRestart.checkIn('ABCDEFGH', KIOSK)).code).toBe('TOO_MANY_REQUESTS');
    expect(afterRestart.attemptCount('cooldown')).toBe(1);
  });

  it('starts the count afresh after a successful check-in', () => {
    for (let i = 0; i < 4; i++) refusal(() => checkIn.checkIn('WRONGONE', KIOSK));
    checkIn.checkIn('ABCDEFGH', KIOSK);
    const next = refusal(() => checkIn.checkIn('WRONGONE', KIOSK));
    expect(next.code).toBe('NOT_FOUND');
    expect(next.details?.triesLeft).toBe(4);
  });

  it('forgets misses that are more than 15 minutes apart', () => {
    for (let i = 0; i < 4; i++) refusal(() => checkIn.checkIn('WRONGONE', KIOSK));
    t += 16 * MINUTE;
    const later = refusal(() => checkIn.checkIn('WRONGONE', KIOSK));
    expect(later.code).toBe('NOT_FOUND');
    expect(later.details?.triesLeft).toBe(4);
  });

  it('refuses an expired code and counts it as a miss', () => {
    t = START + 8 * 24 * 60 * MINUTE;
    const error = refusal(() => checkIn.checkIn('ABCDEFGH', KIOSK));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toMatch(/expired/);
    expect(error.details?.triesLeft).toBe(MAX_FAILED_CODES - 1);
    expect(statusOf(interview.interviewId)).toBe('scheduled');
    expect(attempts()).toEqual([{ at: t, outcome: 'expired', interviewId: interview.interviewId }]);
  });

  it('refuses a code whose interview already has a session', () => {
    checkIn.checkIn('ABCDEFGH', KIOSK);
    db.insert(sessions)
      .values({ interviewId: interview.interviewId, startedAt: t, lastHeartbeatAt: t })
      .run();

    const error = refusal(() => checkIn.checkIn('ABCDEFGH', KIOSK));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toMatch(/already been used/);
    expect(error.message).toMatch(/Resume/);
    expect(attempts().map((a) => [a.outcome, a.interviewId])).toEqual([
      ['accepted', interview.interviewId],
      ['used', interview.interviewId],
    ]);
  });

  it('refuses the code of a finished or declined interview', () => {
    const declined = seedTestInterview(db, {
      accessCode: 'DECLNEDX',
      status: 'declined',
      questions: [{ type: 'text', readingSeconds: 10, answerSeconds: 60 }],
    });
    const error = refusal(() => checkIn.checkIn('DECLNEDX', KIOSK));
    expect(error.message).toMatch(/already been used/);
    expect(statusOf(declined.interviewId)).toBe('declined');
  });

  describe('per attempt source, with a station-wide ceiling', () => {
    const staff = { actorKind: 'admin' as const, actorId: 1 };

    it('pauses the page that missed five times, not another page', () => {
      missFiveTimes();
      expect(refusal(() => checkIn.checkIn('ABCDEFGH', KIOSK)).code).toBe('TOO_MANY_REQUESTS');
      expect(checkIn.cooldownRemaining(KIOSK)).toBe(COOLDOWN_MS);
      expect(checkIn.cooldownRemaining('ipc:2')).toBe(0);
      expect(checkIn.checkIn('ABCDEFGH', 'ipc:2').candidateName).toBe('Grace Hopper');
      // Staff see the pause of any page.
      expect(checkIn.cooldownRemaining()).toBe(COOLDOWN_MS);
    });

    it('pauses everyone after 20 misses from many sources within 15 minutes', () => {
      const outcomes = Array.from({ length: STATION_MAX_MISSES }, (_, i) => {
        t += 30_000;
        // A new connection for every guess, as a script rotating sockets would.
        return refusal(() => checkIn.checkIn('WRONGONE', `ws:${i}`));
      });
      expect(outcomes.slice(0, -1).map((e) => e.code)).toEqual(
        Array(STATION_MAX_MISSES - 1).fill('NOT_FOUND'),
      );
      const last = outcomes.at(-1);
      expect(last?.code).toBe('TOO_MANY_REQUESTS');
      expect(last?.message).toMatch(/many incorrect codes at this station.*paused for 15 minutes/);
      const fresh = refusal(() => checkIn.checkIn('ABCDEFGH', 'ws:new'));
      expect(fresh.code).toBe('TOO_MANY_REQUESTS');
      expect(fresh.message).toMatch(/^Check-in is paused.*Please wait 15 minutes/);
      expect(checkIn.cooldownRemaining('ws:new')).toBe(STATION_COOLDOWN_MS);

      // A restart does not lift it.
      t += MINUTE;
      const afterRestart = new CheckIn(db, clock, processAccessCodeKey());
      expect(afterRestart.cooldownRemaining('ipc:1')).toBe(STATION_COOLDOWN_MS - MINUTE);
      t += STATION_COOLDOWN_MS;
      expect(afterRestart.checkIn('ABCDEFGH', 'ws:new').candidateName).toBe('Grace Hopper');
    });

    it('forgets station-wide misses older than 15 minutes', () => {
      for (let i = 0; i < STATION_MAX_MISSES - 1; i++) {
        refusal(() => checkIn.checkIn('WRONGONE', `ws:${i}`));
      }
      t += 15 * MINUTE;
      expect(refusal(() => checkIn.checkIn('WRONGONE', 'ws:late')).code).toBe('NOT_FOUND');
    });

    it("counts wrong resume codes from a page towards that page's pause", () => {
      for (let i = 0; i < MAX_FAILED_CODES - 1; i++) {
        refusal(() => checkIn.confirmCode(interview.interviewId, 'WRONGONE', KIOSK));
      }
      const fifth = refusal(() => checkIn.confirmCode(interview.interviewId, 'WRONGONE', KIOSK));
      expect(fifth.code).toBe('TOO_MANY_REQUESTS');
      expect(refusal(() => checkIn.checkIn('ABCDEFGH', KIOSK)).code).toBe('TOO_MANY_REQUESTS');
      expect(() => checkIn.confirmCode(interview.interviewId, 'ABCDEFGH', 'ipc:2')).not.toThrow();
    });

    it("lifts every page's pause and the station-wide one when staff clear it", () => {
      missFiveTimes();
      for (let i = 0; i < STATION_MAX_MISSES; i++) {
        refusal(() => checkIn.checkIn('WRONGONE', `ws:${i}`));
      }
      expect(checkIn.cooldownRemaining('ws:other')).toBe(STATION_COOLDOWN_MS);
      expect(checkIn.clearCooldown(staff)).toBe(true);
      expect(checkIn.cooldownRemaining()).toBe(0);
      expect(checkIn.checkIn('ABCDEFGH', KIOSK).candidateName).toBe('Grace Hopper');
      expect(checkIn.clearCooldown(staff)).toBe(false);
    });

    it('keeps a pause written by an earlier version, for everyone', () => {
      writeSetting(db, 'checkIn.lockout', { failures: 0, lastFailureAt: t, until: t + MINUTE });
      expect(refusal(() => checkIn.checkIn('ABCDEFGH', 'ipc:7')).code).toBe('TOO_MANY_REQUESTS');
      t += MINUTE;
      expect(checkIn.checkIn('ABCDEFGH', 'ipc:7').candidateName).toBe('Grace Hopper');
      expect(readSetting(db, 'checkIn.lockout')).toMatchObject({ sources: {} });
    });
  });
});
