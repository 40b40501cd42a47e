import { eq } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { auditLog, consents, interviews, sessions } from '../../db/schema';
import { createTestDb, seedTestInterview } from '../../db/test-db';
import { DeviceCheck } from '../capture/device-check';
import { DeviceFeed } from '../capture/device-feed';
import type { CaptureFactory, CaptureWiring } from '../capture/station-capture';
import { createTestStaff } from '../domain/test-staff';
import type { Services } from './services';
import { codeOf, createTestServices, signInStaff, stationCaller } from './test-router';

/**
 * The candidate's consent calls on a station with a (fake) camera and microphone: the
 * biometric release and what it changes, and withdrawing mid-interview.
 */
describe('candidate consent router', () => {
  let db: Db;
  let dataDir: string;
  let services: Services;
  let wiring: CaptureWiring;
  let captured: string[];

  const fakeCapture: CaptureFactory = (given) => {
    wiring = given;
    const feed = new DeviceFeed();
    const check = new DeviceCheck({
      source: { kind: 'file', path: '/nonexistent.mp4' },
      microphone: null,
      resourcesDir: given.resourcesDir,
      dataDir: given.dataDir,
      feed,
      log: () => {},
    });
    return {
      devices: { feed, check },
      microphone: true,
      recorder: {
        started: (id) => captured.push(`started ${id}`),
        takeEnded: (id, _take, _end, keep) => captured.push(`take ended ${id} keep=${keep}`),
        ended: (id) => captured.push(`ended ${id}`),
        settle: () => Promise.resolve(),
      },
    };
  };

  beforeEach(() => {
    db = createTestDb();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'consent-router-'));
    captured = [];
    services = createTestServices(db, { dataDir, capture: fakeCapture });
  });
  afterEach(() => {
    services.sessions.close();
    db.$client.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Checks in, consents (signing the release or not) and starts; the token and session. */
  async function started(release: boolean) {
    const { interviewId, accessCode } = seedTestInterview(db, {
      questions: [
        { type: 'text', readingSeconds: 30, answerSeconds: 60 },
        { type: 'text', readingSeconds: 30, answerSeconds: 60 },
      ],
    });
    const caller = stationCaller(services);
    const checkIn = await caller.candidate.checkIn({ code: accessCode });
    const biometric = checkIn.notice.biometric;
    expect(biometric?.version).toMatch(/^bipa-/);
    const outcome = await caller.candidate.consent({
      token: checkIn.token,
      noticeVersion: checkIn.notice.version,
      recording: true,
      signals: true,
      biometric: { version: biometric?.version ?? '', given: release },
    });
    expect(outcome).toEqual({ proceed: true, faceGeometry: release });
    const view = await caller.candidate.start({ token: checkIn.token });
    return { caller, token: checkIn.token, interviewId, sessionId: view.sessionId };
  }

  const rowsOf = (interviewId: number) =>
    db.select().from(consents).where(eq(consents.interviewId, interviewId)).all();

  it('runs face landmarks only for a candidate who signed the biometric release', async () => {
    const signed = await started(true);
    expect(wiring.signalsNow(signed.sessionId).signalOptions.landmarkEvery).not.toBe(0);
    await signed.caller.candidate.withdraw({ token: signed.token, keepAnswers: true });

    const declined = await started(false);
    expect(wiring.signalsNow(declined.sessionId).signalOptions.landmarkEvery).toBe(0);
    expect(rowsOf(declined.interviewId).map((r) => [r.kind, r.agreed])).toEqual([
      ['notice', true],
      ['biometric', false],
    ]);
  });

  it('refuses a consent that leaves out the release the notice asked for', async () => {
    const { accessCode } = seedTestInterview(db, {
      questions: [{ type: 'text', readingSeconds: 30, answerSeconds: 60 }],
    });
    const caller = stationCaller(services);
    const checkIn = await caller.candidate.checkIn({ code: accessCode });
    const refused = await caller.candidate
      .consent({
        token: checkIn.token,
        noticeVersion: checkIn.notice.version,
        recording: true,
        signals: true,
      })
      .catch(codeOf);
    expect(refused).toBe('CONFLICT');
  });

  it('withdrawing and keeping the answers ends the session at once and records the choice', async () => {
    const { caller, token, interviewId, sessionId } = await started(true);
    await caller.candidate.beginAnswering({ token, position: 0 });
    await caller.candidate.saveDraft({ token, position: 0, text: 'So far' });
    const result = await caller.candidate.withdraw({ token, keepAnswers: true });
    expect(result).toEqual({ keepAnswers: true, erasureRequested: false });
    expect(captured).toEqual([`started ${sessionId}`, `ended ${sessionId}`]);
    const session = db.select().from(sessions).where(eq(sessions.id, sessionId)).get();
    expect(session?.status).toBe('completed');
    expect(session?.endedAt).not.toBeNull();
    expect(rowsOf(interviewId).at(-1)).toMatchObject({
      kind: 'withdrawal',
      agreed: false,
      keepAnswers: true,
      atMs: expect.any(Number),
    });
    const interview = db.select().from(interviews).where(eq(interviews.id, interviewId)).get();
    expect(interview?.erasureRequestedAt).toBeNull();
    expect(
      db
        .select()
        .from(auditLog)
        .all()
        .map((row) => row.action),
    ).toContain('consent_withdrawn');
    // The check-in is over: the page holds nothing of this interview any more.
    expect(await caller.candidate.session({ token }).catch(codeOf)).toBe('UNAUTHORIZED');

    await createTestStaff(db, { role: 'recruiter' });
    const staffToken = await signInStaff(services, 'recruiter');
    const detail = await caller.review.session({ token: staffToken, interviewId });
    expect(detail.withdrawal).toMatchObject({ keepAnswers: true, erasureRequestedAt: null });
    expect(detail.answers[0]?.text).toBe('So far');
  });

  it('withdrawing and asking for deletion records the erasure request', async () => {
    const { caller, token, interviewId } = await started(false);
    const result = await caller.candidate.withdraw({ token, keepAnswers: false });
    expect(result).toEqual({ keepAnswers: false, erasureRequested: true });
    const interview = db.select().from(interviews).where(eq(interviews.id, interviewId)).get();
    expect(interview?.erasureRequestedAt).toEqual(expect.any(Number));
    expect(
      db
        .select()
        .from(auditLog)
        .all()
        .map((row) => row.action),
    ).toEqual(expect.arrayContaining(['consent_withdrawn', 'erasure_requested']));
    expect(rowsOf(interviewId).at(-1)).toMatchObject({ kind: 'withdrawal', keepAnswers: false });
  });

  it('refuses a withdrawal before the interview started, or without a valid check-in', async () => {
    const { accessCode } = seedTestInterview(db, {
      questions: [{ type: 'text', readingSeconds: 30, answerSeconds: 60 }],
    });
    const caller = stationCaller(services);
    const checkIn = await caller.candidate.checkIn({ code: accessCode });
    expect(
      await caller.candidate.withdraw({ token: checkIn.token, keepAnswers: true }).catch(codeOf),
    ).toBe('PRECONDITION_FAILED');
    expect(
      await caller.candidate.withdraw({ token: 'x'.repeat(43), keepAnswers: true }).catch(codeOf),
    ).toBe('UNAUTHORIZED');
  });
});
