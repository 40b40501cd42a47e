import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { auditLog, consents, interviews } from '../../db/schema';
import { createTestDb, seedTestInterview } from '../../db/test-db';
import { recordConsent } from './consent';
import { NOTICE_VERSION } from './consent-notice';
import { StationError } from '../core/errors';

const NOW = Date.UTC(2026, 11, 1, 9, 30, 0);
const ALTERNATIVE = 'Tell the front desk; a recruiter will interview you in person, unrecorded.';

describe('recordConsent', () => {
  let db: Db;

  beforeEach(() => {
    db = createTestDb();
  });

  afterEach(() => {
    db.$client.close();
  });

  function checkedIn(aiScoring = false) {
    return seedTestInterview(db, {
      status: 'checked_in',
      aiScoring,
      alternativePath: ALTERNATIVE,
      questions: [{ type: 'text', readingSeconds: 30, answerSeconds: 120 }],
    });
  }

  function consentRows(interviewId: number) {
    return db.select().from(consents).where(eq(consents.interviewId, interviewId)).all();
  }

  function statusOf(interviewId: number) {
    return db.select().from(interviews).where(eq(interviews.id, interviewId)).get()?.status;
  }

  it('lets the candidate proceed when both required choices are given, and stores them', () => {
    const { interviewId } = checkedIn();
    const outcome = recordConsent(
      db,
      interviewId,
      { recording: true, signals: true },
      NOTICE_VERSION,
      NOW,
    );
    expect(outcome).toEqual({ proceed: true });
    expect(consentRows(interviewId)).toEqual([
      {
        id: expect.any(Number),
        interviewId,
        noticeVersion: NOTICE_VERSION,
        recording: true,
        signals: true,
        aiScoring: null,
        decidedAt: NOW,
      },
    ]);
    expect(statusOf(interviewId)).toBe('checked_in');
    expect(db.select().from(auditLog).all()).toEqual([
      expect.objectContaining({ action: 'consent_given', subjectId: interviewId, at: NOW }),
    ]);
  });

  it.each([
    { recording: false, signals: true },
    { recording: true, signals: false },
    { recording: false, signals: false },
  ])('declines with %j: offers the alternative and keeps both choices', (choices) => {
    const { interviewId } = checkedIn();
    const outcome = recordConsent(db, interviewId, choices, NOTICE_VERSION, NOW);
    expect(outcome).toEqual({ proceed: false, alternativePath: ALTERNATIVE });
    expect(statusOf(interviewId)).toBe('declined');
    expect(consentRows(interviewId)).toEqual([
      expect.objectContaining({ ...choices, noticeVersion: NOTICE_VERSION, decidedAt: NOW }),
    ]);
    expect(db.select().from(auditLog).all()).toEqual([
      expect.objectContaining({ action: 'consent_declined', subjectId: interviewId }),
    ]);
  });

  it('refuses a decision made on an out-of-date notice and stores nothing', () => {
    const { interviewId } = checkedIn();
    let error: unknown;
    try {
      recordConsent(db, interviewId, { recording: true, signals: true }, '2020-01-01.1', NOW);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StationError);
    expect(error).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/notice has changed/),
    });
    expect(consentRows(interviewId)).toEqual([]);
    expect(statusOf(interviewId)).toBe('checked_in');
  });

  it('refuses an interview that is not waiting for consent', () => {
    const { interviewId } = checkedIn();
    recordConsent(db, interviewId, { recording: false, signals: false }, NOTICE_VERSION, NOW);
    expect(() =>
      recordConsent(db, interviewId, { recording: true, signals: true }, NOTICE_VERSION, NOW + 1),
    ).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(consentRows(interviewId)).toHaveLength(1);
    expect(statusOf(interviewId)).toBe('declined');
  });

  it('stores no AI-scoring choice when the interview does not use AI scoring', () => {
    const { interviewId } = checkedIn(false);
    recordConsent(
      db,
      interviewId,
      { recording: true, signals: true, aiScoring: true },
      NOTICE_VERSION,
      NOW,
    );
    expect(consentRows(interviewId)[0]?.aiScoring).toBeNull();
  });

  it('stores the optional AI-scoring choice, defaulting to no, when the interview uses it', () => {
    const asked = checkedIn(true);
    const silent = checkedIn(true);
    const agreed = recordConsent(
      db,
      asked.interviewId,
      { recording: true, signals: true, aiScoring: true },
      NOTICE_VERSION,
      NOW,
    );
    recordConsent(db, silent.interviewId, { recording: true, signals: true }, NOTICE_VERSION, NOW);
    expect(agreed).toEqual({ proceed: true });
    expect(consentRows(asked.interviewId)[0]?.aiScoring).toBe(true);
    expect(consentRows(silent.interviewId)[0]?.aiScoring).toBe(false);
  });

  it('lets a candidate who declines AI scoring still proceed', () => {
    const { interviewId } = checkedIn(true);
    const outcome = recordConsent(
      db,
      interviewId,
      { recording: true, signals: true, aiScoring: false },
      NOTICE_VERSION,
      NOW,
    );
    expect(outcome).toEqual({ proceed: true });
    expect(statusOf(interviewId)).toBe('checked_in');
  });
});
