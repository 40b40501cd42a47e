import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { answers, auditLog } from '../../db/schema';
import { createTestDb, seedTestInterview } from '../../db/test-db';
import { MAX_FAILED_CODES } from '../domain/check-in';
import { markInterrupted } from '../domain/session-store';
import { createTestStaff } from '../domain/test-staff';
import type { Services } from './services';
import { codeOf, createTestServices, signInStaff, stationCaller } from './test-router';

/** A second page on the station (or a stranger on its socket) trying to take a session over. */
describe('candidate.resume', () => {
  let db: Db;
  let services: Services;
  let code: string;
  let sessionId: number;
  let firstToken: string;

  beforeEach(async () => {
    db = createTestDb();
    services = createTestServices(db);
    const seeded = seedTestInterview(db, {
      questions: [
        { type: 'text', readingSeconds: 30, answerSeconds: 120 },
        { type: 'text', readingSeconds: 30, answerSeconds: 120 },
      ],
    });
    code = seeded.accessCode;
    const caller = stationCaller(services);
    const checkIn = await caller.candidate.checkIn({ code });
    firstToken = checkIn.token;
    await caller.candidate.consent({
      token: firstToken,
      noticeVersion: checkIn.notice.version,
      recording: true,
      signals: true,
    });
    sessionId = (await caller.candidate.start({ token: firstToken })).sessionId;
    await caller.candidate.beginAnswering({ token: firstToken, position: 0 });
    await caller.candidate.saveDraft({ token: firstToken, position: 0, text: 'My own words' });
  });
  afterEach(() => {
    services.sessions.close();
    db.$client.close();
  });

  const resume = (proof: { code: string } | { staffToken: string }) =>
    stationCaller(services).candidate.resume({ sessionId, proof });
  /** The first page following its session, as candidate.watch does while the page is open. */
  const pageOpen = () => services.sessions.subscribe(sessionId, () => {});

  it('refuses a session id without the code, and a wrong code', async () => {
    const bare = stationCaller(services).candidate.resume as unknown as (
      input: unknown,
    ) => Promise<unknown>;
    expect(await bare({ sessionId }).catch(codeOf)).toBe('BAD_REQUEST');
    expect(await resume({ code: 'WRONG-CODE' }).catch(codeOf)).toBe('NOT_FOUND');
    // The candidate's own page still holds the session.
    const view = await stationCaller(services).candidate.session({ token: firstToken });
    expect(view.position).toBe(0);
  });

  it('refuses the right code while the first page still follows the running session', async () => {
    const close = pageOpen();
    expect(await resume({ code }).catch(codeOf)).toBe('CONFLICT');
    close();
    // Once that page is gone (reloaded, closed), the candidate continues with their code.
    const resumed = await resume({ code });
    expect(resumed.session.position).toBe(0);
    expect(
      await stationCaller(services).candidate.session({ token: firstToken }).catch(codeOf),
    ).toBe('UNAUTHORIZED');
  });

  it('counts wrong resume codes towards the check-in cool-down', async () => {
    for (let i = 1; i < MAX_FAILED_CODES; i++) {
      expect(await resume({ code: `WRONG-${i}AAA` }).catch(codeOf)).toBe('NOT_FOUND');
    }
    expect(await resume({ code: 'WRONG-LAST' }).catch(codeOf)).toBe('TOO_MANY_REQUESTS');
    // Even the right code waits for the cool-down now.
    expect(await resume({ code }).catch(codeOf)).toBe('TOO_MANY_REQUESTS');
  });

  it('lets staff continue it for the candidate, and audits who did', async () => {
    const recruiterId = await createTestStaff(db, { role: 'recruiter' });
    const staffToken = await signInStaff(services, 'recruiter');
    const resumed = await resume({ staffToken });
    expect(resumed.session.position).toBe(0);
    const row = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'session_reattach'), eq(auditLog.subjectId, sessionId)))
      .get();
    expect(row).toMatchObject({ actorKind: 'recruiter', actorId: recruiterId });
    // A candidate's own check-in token is no staff sign-in.
    expect(await resume({ staffToken: resumed.token }).catch(codeOf)).toBe('UNAUTHORIZED');
  });

  it('resumes an interrupted session with its code, audited as the candidate', async () => {
    services.sessions.close();
    markInterrupted(db);
    services = createTestServices(db);
    const resumed = await resume({ code });
    expect(resumed.session.position).toBe(0);
    const draft = db.select().from(answers).where(eq(answers.position, 0)).get();
    expect(draft?.text).toBe('My own words');
    const row = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'session_resume'), eq(auditLog.subjectId, sessionId)))
      .get();
    expect(row?.actorKind).toBe('candidate');
  });
});
