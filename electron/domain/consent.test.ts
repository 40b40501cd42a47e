import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { auditLog, consents, interviews } from '../../db/schema';
import { createTestDb, seedTestInterview } from '../../db/test-db';
import { biometricReleased, recordConsent, type ConsentChoices } from './consent';
import { noticeText } from './consent-notice';
import { testNotice } from './test-consent';
import { StationError } from '../core/errors';

const NOTICE = testNotice();
const NOTICE_VERSION = NOTICE.version;
const RELEASE = { version: NOTICE.biometric?.version ?? '', given: true };

/** Records `choices` against the camera station's notice, signing its release. */
function decide(
  db: Db,
  interviewId: number,
  choices: ConsentChoices,
  at: number,
  version = NOTICE_VERSION,
) {
  return recordConsent(
    db,
    interviewId,
    NOTICE,
    { ...choices, noticeVersion: version, biometric: RELEASE },
    at,
  );
}

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
    const outcome = decide(db, interviewId, { recording: true, signals: true }, NOW);
    expect(outcome).toEqual({ proceed: true, faceGeometry: true });
    expect(consentRows(interviewId)).toEqual([
      {
        id: expect.any(Number),
        interviewId,
        kind: 'notice',
        noticeVersion: NOTICE_VERSION,
        noticeText: noticeText(NOTICE),
        recording: true,
        signals: true,
        aiScoring: null,
        agreed: true,
        keepAnswers: null,
        atMs: null,
        decidedAt: NOW,
      },
      expect.objectContaining({
        kind: 'biometric',
        noticeVersion: RELEASE.version,
        noticeText: expect.stringContaining('Biometric release'),
        agreed: true,
      }),
    ]);
    expect(statusOf(interviewId)).toBe('checked_in');
    expect(biometricReleased(db, interviewId)).toBe(true);
    expect(db.select().from(auditLog).all()).toEqual([
      expect.objectContaining({ action: 'consent_given', subjectId: interviewId, at: NOW }),
      expect.objectContaining({ action: 'biometric_release_given', subjectId: interviewId }),
    ]);
  });

  it.each([
    { recording: false, signals: true },
    { recording: true, signals: false },
    { recording: false, signals: false },
  ])('declines with %j: offers the alternative and keeps both choices', (choices) => {
    const { interviewId } = checkedIn();
    const outcome = decide(db, interviewId, choices, NOW);
    expect(outcome).toEqual({ proceed: false, alternativePath: ALTERNATIVE });
    expect(statusOf(interviewId)).toBe('declined');
    expect(consentRows(interviewId)[0]).toEqual(
      expect.objectContaining({ ...choices, agreed: false, noticeVersion: NOTICE_VERSION }),
    );
    expect(db.select().from(auditLog).all()[0]).toEqual(
      expect.objectContaining({ action: 'consent_declined', subjectId: interviewId }),
    );
  });

  it('refuses a decision made on an out-of-date notice and stores nothing', () => {
    const { interviewId } = checkedIn();
    let error: unknown;
    try {
      decide(db, interviewId, { recording: true, signals: true }, NOW, '2020-01-01.1');
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
    decide(db, interviewId, { recording: false, signals: false }, NOW);
    expect(() => decide(db, interviewId, { recording: true, signals: true }, NOW + 1)).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    expect(consentRows(interviewId)).toHaveLength(2);
    expect(statusOf(interviewId)).toBe('declined');
  });

  it('stores no AI-scoring choice when the station has no scorer, even if the interview allows it', () => {
    const { interviewId } = checkedIn(true);
    decide(db, interviewId, { recording: true, signals: true, aiScoring: true }, NOW);
    expect(consentRows(interviewId)[0]?.aiScoring).toBeNull();
  });

  it('stores the optional AI-scoring choice, defaulting to no, with a scorer', () => {
    const notice = testNotice({ aiScoring: true, scorer: { name: 'Gemini' } });
    const decision = (aiScoring?: boolean) => ({
      noticeVersion: notice.version,
      recording: true,
      signals: true,
      aiScoring,
      biometric: { version: notice.biometric?.version ?? '', given: true },
    });
    const asked = checkedIn(true);
    const silent = checkedIn(true);
    const declined = checkedIn(true);
    expect(recordConsent(db, asked.interviewId, notice, decision(true), NOW).proceed).toBe(true);
    recordConsent(db, silent.interviewId, notice, decision(), NOW);
    expect(recordConsent(db, declined.interviewId, notice, decision(false), NOW).proceed).toBe(
      true,
    );
    expect(consentRows(asked.interviewId)[0]?.aiScoring).toBe(true);
    expect(consentRows(silent.interviewId)[0]?.aiScoring).toBe(false);
    expect(statusOf(declined.interviewId)).toBe('checked_in');
  });

  it('lets a candidate who declines the biometric release proceed without face geometry', () => {
    const { interviewId } = checkedIn();
    const outcome = recordConsent(
      db,
      interviewId,
      NOTICE,
      {
        noticeVersion: NOTICE_VERSION,
        recording: true,
        signals: true,
        biometric: { ...RELEASE, given: false },
      },
      NOW,
    );
    expect(outcome).toEqual({ proceed: true, faceGeometry: false });
    expect(consentRows(interviewId).map((row) => [row.kind, row.agreed])).toEqual([
      ['notice', true],
      ['biometric', false],
    ]);
    expect(biometricReleased(db, interviewId)).toBe(false);
    expect(
      db
        .select()
        .from(auditLog)
        .all()
        .map((row) => row.action),
    ).toEqual(['consent_given', 'biometric_release_declined']);
  });

  it('refuses a decision that skips the release or answers an older one', () => {
    const { interviewId } = checkedIn();
    const base = { noticeVersion: NOTICE_VERSION, recording: true, signals: true };
    expect(() => recordConsent(db, interviewId, NOTICE, base, NOW)).toThrow(/notice has changed/);
    expect(() =>
      recordConsent(
        db,
        interviewId,
        NOTICE,
        { ...base, biometric: { version: 'bipa-old', given: true } },
        NOW,
      ),
    ).toThrow(/notice has changed/);
    expect(consentRows(interviewId)).toEqual([]);
  });

  it('on a station without camera or microphone asks nothing and lets the candidate go on', () => {
    const { interviewId } = checkedIn();
    const bare = testNotice({ camera: false, microphone: false, faceGeometry: false });
    const outcome = recordConsent(
      db,
      interviewId,
      bare,
      { noticeVersion: bare.version, recording: true, signals: true },
      NOW,
    );
    expect(outcome).toEqual({ proceed: true, faceGeometry: false });
    expect(consentRows(interviewId)).toEqual([
      expect.objectContaining({ kind: 'notice', recording: false, signals: false, agreed: true }),
    ]);
  });
});
