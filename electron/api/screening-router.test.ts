import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { auditLog, candidates, interviews } from '../../db/schema';
import { screenings } from '../../db/screening-schema';
import { createTestDb, seedTestInterview } from '../../db/test-db';
import { createTestStaff } from '../domain/test-staff';
import { BULLET_RESUME } from '../screening/test-resumes';
import type { Services } from './services';
import { codeOf, createTestServices, signInStaff, stationCaller } from './test-router';

const requirements = {
  requirements: [
    { skill: 'TypeScript', synonyms: [], mustHave: true },
    { skill: 'PostgreSQL', synonyms: ['Postgres'], mustHave: true },
    { skill: 'Go', synonyms: ['Golang'], mustHave: false },
  ],
  minYears: 3,
  interviewThreshold: 70,
};

describe('screening procedures', () => {
  let db: Db;
  let services: Services;
  let token: string;
  let seeded: ReturnType<typeof seedTestInterview>;
  // The résumé store is main's to wire; here the source is a map the test fills.
  const texts = new Map<number, string>();

  beforeEach(async () => {
    db = createTestDb();
    services = createTestServices(db, {
      resumeTexts: (_db, candidateId) => texts.get(candidateId) ?? null,
    });
    seeded = seedTestInterview(db, {
      candidateName: 'Ada Lovelace',
      questions: [{ type: 'text', readingSeconds: 30, answerSeconds: 120 }],
    });
    texts.clear();
    texts.set(seeded.candidateId, BULLET_RESUME);
    await createTestStaff(db, { username: 'alice', jobIds: [seeded.jobId] });
    token = await signInStaff(services, 'alice');
  });
  afterEach(() => {
    services.sessions.close();
    db.$client.close();
  });
  const caller = () => stationCaller(services);
  const audits = () =>
    db
      .select({ action: auditLog.action, details: auditLog.details })
      .from(auditLog)
      .all()
      .filter((a) => a.action.startsWith('screening_') || a.action === 'resume_screened');

  it('edits a job’s requirements and screens the candidate against them, keeping no résumé text', async () => {
    const notYet = await caller()
      .screening.screen({ token, candidateId: seeded.candidateId, jobId: seeded.jobId })
      .catch((e: Error) => e.message);
    expect(notYet).toMatch(/no requirements to screen against/);

    await caller().manage.updateJob({
      token,
      jobId: seeded.jobId,
      job: {
        title: 'Backend',
        department: null,
        description: 'Billing',
        domain: null,
        requirements,
      },
    });
    const [listed] = await caller().manage.listJobs({ token });
    expect(listed?.requirements).toEqual(requirements);
    // An edit that leaves requirements out keeps them.
    await caller().manage.updateJob({
      token,
      jobId: seeded.jobId,
      job: { title: 'Backend 2', department: null, description: '', domain: null },
    });
    expect((await caller().manage.listJobs({ token }))[0]?.requirements).toEqual(requirements);

    const screened = await caller().screening.screen({
      token,
      candidateId: seeded.candidateId,
      jobId: seeded.jobId,
    });
    expect(screened).toMatchObject({
      score: 86,
      suggestedStatus: 'Interview Required',
      acceptedStatus: null,
      jobTitle: 'Backend 2',
    });
    expect(screened.result.keywordsMissing).toEqual(['Go']);
    const stored = JSON.stringify(db.select().from(screenings).all());
    expect(stored).not.toContain('Acme'); // a line of the résumé that matched nothing
    expect(JSON.stringify(audits())).not.toContain('TypeScript');
    expect(audits()).toEqual([
      {
        action: 'resume_screened',
        details: {
          jobId: seeded.jobId,
          screeningId: screened.id,
          score: 86,
          suggestedStatus: 'Interview Required',
        },
      },
    ]);
    const listedScreenings = await caller().screening.forCandidate({
      token,
      candidateId: seeded.candidateId,
    });
    expect(listedScreenings.map((s) => s.id)).toEqual([screened.id]);
  });

  it('audits accepting the suggestion apart from changing it, and moves the application status', async () => {
    await caller().manage.updateJob({
      token,
      jobId: seeded.jobId,
      job: { title: 'Backend', department: null, description: '', domain: null, requirements },
    });
    const screened = await caller().screening.screen({
      token,
      candidateId: seeded.candidateId,
      jobId: seeded.jobId,
    });
    const status = () =>
      db.select().from(interviews).where(eq(interviews.id, seeded.interviewId)).get()
        ?.applicationStatus;
    await caller().screening.decide({
      token,
      screeningId: screened.id,
      status: 'Interview Required',
    });
    expect(status()).toBe('Interview Required');
    await caller().screening.decide({ token, screeningId: screened.id, status: 'Rejected' });
    expect(status()).toBe('Rejected');
    expect(audits().map((a) => [a.action, a.details?.status, a.details?.previousStatus])).toEqual([
      ['resume_screened', undefined, undefined],
      ['screening_accepted', 'Interview Required', undefined],
      ['screening_changed', 'Rejected', 'Interview Required'],
    ]);
    const [row] = db.select().from(screenings).all();
    expect(row).toMatchObject({
      acceptedStatus: 'Rejected',
      suggestedStatus: 'Interview Required',
    });
    expect(row?.decidedBy).toBeTypeOf('number');
  });

  it('refuses a candidate with no résumé text, and a screening that does not exist', async () => {
    await caller().manage.updateJob({
      token,
      jobId: seeded.jobId,
      job: { title: 'Backend', department: null, description: '', domain: null, requirements },
    });
    texts.clear();
    const none = await caller()
      .screening.screen({ token, candidateId: seeded.candidateId, jobId: seeded.jobId })
      .catch((e: Error) => e.message);
    expect(none).toMatch(/no résumé text/);
    const missing = await caller()
      .screening.decide({ token, screeningId: 999, status: 'Passed' })
      .catch(codeOf);
    expect(missing).toBe('NOT_FOUND');
    expect(db.select().from(screenings).all()).toEqual([]);
  });

  it('refuses requirements the schema does not allow', async () => {
    const bad = await caller()
      .manage.updateJob({
        token,
        jobId: seeded.jobId,
        job: {
          title: 'Backend',
          department: null,
          description: '',
          domain: null,
          requirements: { ...requirements, interviewThreshold: 101 },
        },
      })
      .catch(codeOf);
    expect(bad).toBe('BAD_REQUEST');
  });
});

describe('the dashboard’s screening column', () => {
  let db: Db;
  let services: Services;
  let token: string;

  beforeEach(async () => {
    db = createTestDb();
    services = createTestServices(db);
    await createTestStaff(db, { username: 'admin', role: 'admin' });
    token = await signInStaff(services, 'admin');
  });
  afterEach(() => {
    services.sessions.close();
    db.$client.close();
  });

  it('shows each interview’s latest screening score and sorts by it, unscreened last', async () => {
    const seed = (candidateName: string) =>
      seedTestInterview(db, {
        candidateName,
        questions: [{ type: 'text', readingSeconds: 30, answerSeconds: 120 }],
      });
    const low = seed('Low Scorer');
    seed('Not Screened');
    const high = seed('High Scorer');
    const screen = (s: typeof low, score: number) =>
      db
        .insert(screenings)
        .values({
          candidateId: s.candidateId,
          jobId: s.jobId,
          score,
          suggestedStatus: 'Under Review',
          result: {
            score,
            keywordsFound: [],
            keywordsMissing: [],
            suggestedStatus: 'Under Review',
            reasons: [],
            textLength: 1,
          },
        })
        .run();
    screen(high, 20);
    screen(high, 90); // screened again: the latest stands
    screen(low, 30);
    const names = async (sort?: 'screening_desc' | 'screening_asc') =>
      (
        await stationCaller(services).review.dashboard({ token, ...(sort ? { sort } : {}) })
      ).interviews.map((r) => [r.candidateName, r.screeningScore]);
    expect(await names()).toEqual([
      ['High Scorer', 90],
      ['Not Screened', null],
      ['Low Scorer', 30],
    ]);
    expect(await names('screening_desc')).toEqual([
      ['High Scorer', 90],
      ['Low Scorer', 30],
      ['Not Screened', null],
    ]);
    expect(await names('screening_asc')).toEqual([
      ['Low Scorer', 30],
      ['High Scorer', 90],
      ['Not Screened', null],
    ]);
  });
});

describe('screenings and erasure', () => {
  it('go with the candidate when the candidate is erased (the evidence lines quote the résumé)', async () => {
    const db = createTestDb();
    const services = createTestServices(db);
    try {
      await createTestStaff(db, { username: 'admin', role: 'admin' });
      const token = await signInStaff(services, 'admin');
      const seeded = seedTestInterview(db, {
        questions: [{ type: 'text', readingSeconds: 30, answerSeconds: 120 }],
      });
      const candidateId = db
        .insert(candidates)
        .values({ fullName: 'Resume Only' })
        .returning({ id: candidates.id })
        .get().id;
      db.insert(screenings)
        .values({
          candidateId,
          jobId: seeded.jobId,
          score: 10,
          suggestedStatus: 'Under Review',
          result: {
            score: 10,
            keywordsFound: [
              { skill: 'Go', term: 'Go', evidence: 'Go at Resume Only Ltd', section: 'other' },
            ],
            keywordsMissing: [],
            suggestedStatus: 'Under Review',
            reasons: [],
            textLength: 20,
          },
        })
        .run();
      await stationCaller(services).privacy.eraseCandidate({
        token,
        candidateId,
        confirmName: 'Resume Only',
      });
      expect(db.select().from(screenings).all()).toEqual([]);
    } finally {
      services.sessions.close();
      db.$client.close();
    }
  });
});
