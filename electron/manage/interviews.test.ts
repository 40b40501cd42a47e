import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { auditLog, interviews } from '../../db/schema';
import { createTestDb, refusal, seedTestInterview, type SeededInterview } from '../../db/test-db';
import { CheckIn } from '../domain/check-in';
import { createCandidate, listCandidates, updateCandidate } from './candidates';
import { cancelInterview, invitationOf, listInterviews, scheduleInterview } from './interviews';
import { createQuestionnaire } from './questionnaires';
import { auditActions, testContext, TEST_NOW } from './test-context';
import { processAccessCodeKey } from '../core/access-code-key';

/** The page the codes are typed on. */
const KIOSK = 'ipc:1';

const DAY = 24 * 60 * 60 * 1000;

describe('candidates and interviews', () => {
  let db: Db;
  let seeded: SeededInterview;
  beforeEach(() => {
    db = createTestDb();
    seeded = seedTestInterview(db, {
      questions: [{ type: 'text', readingSeconds: 10, answerSeconds: 100 }],
    });
  });
  afterEach(() => db.$client.close());

  const schedule = (candidateId: number, overrides = {}) =>
    scheduleInterview(
      testContext(db),
      {
        candidateId,
        jobId: seeded.jobId,
        questionnaireId: seeded.questionnaireId,
        expiresAt: TEST_NOW + 7 * DAY,
        accommodations: { extraTimePercent: 50, candidateNotices: false },
        alternativePath: 'Ask at the front desk.',
        aiScoring: false,
        ...overrides,
      },
      processAccessCodeKey(),
    );

  it('creates, edits and finds candidates by name or email', () => {
    const ctx = testContext(db);
    const { id } = createCandidate(ctx, { fullName: 'Grace Hopper', email: null });
    updateCandidate(ctx, id, { fullName: 'Grace Hopper', email: 'grace@navy.example' });
    expect(listCandidates(ctx, 'NAVY').map((c) => c.id)).toEqual([id]);
    expect(listCandidates(ctx, 'ada').map((c) => c.fullName)).toEqual(['Ada Lovelace']);
    expect(listCandidates(ctx, '%')).toEqual([]);
    expect(listCandidates(ctx, undefined)).toHaveLength(2);
  });

  it('schedules an interview whose code checks in, with the accommodations set', () => {
    const ctx = testContext(db);
    const { id: candidateId } = createCandidate(ctx, { fullName: 'Grace Hopper', email: null });
    const { id, accessCode } = schedule(candidateId);
    expect(accessCode).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);

    const checkIn = new CheckIn(db, { now: () => TEST_NOW + DAY }, processAccessCodeKey());
    const welcome = checkIn.checkIn(accessCode.toLowerCase(), KIOSK);
    expect(welcome).toMatchObject({
      interviewId: id,
      candidateName: 'Grace Hopper',
      extraTimePercent: 50,
      candidateNotices: false,
    });
    const listed = listInterviews(ctx, { candidateId });
    expect(listed).toEqual([
      expect.objectContaining({ codeIssuedAt: TEST_NOW, status: 'checked_in', expired: false }),
    ]);
    // The code is shown once, when issued: no list or invitation gives it back.
    expect(JSON.stringify(listed)).not.toContain(accessCode.replace('-', ''));
    const invitation = invitationOf(ctx, id);
    expect(invitation).toMatchObject({ candidateName: 'Grace Hopper' });
    expect(JSON.stringify(invitation)).not.toContain(accessCode.replace('-', ''));
    // The code is never written into the audit log.
    const details = db
      .select()
      .from(auditLog)
      .all()
      .map((a) => JSON.stringify(a.details));
    expect(details.join()).not.toContain(accessCode.replace('-', ''));
  });

  it('refuses an expiry in the past or too far ahead, and an empty questionnaire', () => {
    const ctx = testContext(db);
    expect(
      refusal(() => schedule(seeded.candidateId, { expiresAt: TEST_NOW - 1 })).message,
    ).toMatch(/at least 15 minutes/);
    expect(
      refusal(() => schedule(seeded.candidateId, { expiresAt: TEST_NOW + 400 * DAY })).message,
    ).toMatch(/at most 180 days/);
    const empty = createQuestionnaire(ctx, { title: 'Empty', jobId: null, retakesAllowed: 0 });
    expect(
      refusal(() => schedule(seeded.candidateId, { questionnaireId: empty.id })).message,
    ).toMatch(/no questions/);
    expect(refusal(() => schedule(999)).code).toBe('NOT_FOUND');
  });

  it('cancels an interview that has not started: its code stops working', () => {
    const ctx = testContext(db);
    const revoked: number[] = [];
    const { id, accessCode } = schedule(seeded.candidateId);
    cancelInterview(ctx, id, (interviewId) => revoked.push(interviewId));
    expect(revoked).toEqual([id]);
    expect(db.select().from(interviews).where(eq(interviews.id, id)).get()?.status).toBe(
      'cancelled',
    );
    const checkIn = new CheckIn(db, { now: () => TEST_NOW }, processAccessCodeKey());
    expect(refusal(() => checkIn.checkIn(accessCode, KIOSK)).message).toMatch(/code/);
    expect(refusal(() => cancelInterview(ctx, id, () => {})).message).toMatch(/already cancelled/);
    expect(auditActions(db)).toEqual(['interview_scheduled', 'interview_cancelled']);
  });
});
