import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { auditLog, interviews } from '../../db/schema';
import { selfIdentifications } from '../../db/privacy-schema';
import { createTestDb, seedTestInterview } from '../../db/test-db';
import { writeSetting } from '../core/setting-store';
import { SELF_IDENTIFICATION_KEY } from '../domain/self-identification';
import { createTestStaff } from '../domain/test-staff';
import { renderReportHtml } from '../review/report-html';
import { loadSessionDetail } from '../review/session-detail';
import { seedReviewSession, type SeededReview } from '../review/test-review';
import type { Services } from './services';
import { codeOf, createTestServices, signInStaff, stationCaller } from './test-router';

// Values no review output could hold by chance: a category's code, its label, the other's label.
const DEMOGRAPHIC = /native_hawaiian|pacific islander|female/i;

describe('fairness router and self-identification', () => {
  let db: Db;
  let services: Services;
  let seeded: SeededReview;

  beforeEach(async () => {
    db = createTestDb();
    services = createTestServices(db);
    await createTestStaff(db, { role: 'recruiter' });
    await createTestStaff(db, { role: 'admin' });
    seeded = seedReviewSession(db, { jobTitle: 'Data Engineer' });
    seedReviewSession(db, { candidateName: 'Grace Hopper', jobTitle: 'Site Reliability' });
    db.insert(selfIdentifications)
      .values({
        interviewId: seeded.interviewId,
        sex: 'female',
        raceEthnicity: 'native_hawaiian_or_pacific_islander',
        recordedAt: 1,
      })
      .run();
  });
  afterEach(() => {
    services.sessions.close();
    db.$client.close();
  });

  const caller = () => stationCaller(services);
  const jobOf = (interviewId: number) =>
    db.select().from(interviews).where(eq(interviews.id, interviewId)).get()?.jobId ?? 0;

  it('gives an admin the report for one job, and its CSV, the export audited', async () => {
    const token = await signInStaff(services, 'admin');
    await caller().review.decide({ token, interviewId: seeded.interviewId, decision: 'Offered' });
    const filter = { jobId: jobOf(seeded.interviewId) };
    const report = await caller().fairness.report({ token, filter });
    expect(report.jobTitle).toBe('Data Engineer');
    expect(report.total).toBe(1);
    const female = report.sex.rows.find((r) => r.key === 'female');
    expect([female?.count, female?.selection.rate, female?.selection.impactRatio]).toEqual([
      1, 1, 1,
    ]);
    // The seeded session has no_face and looking_away events.
    expect(report.eventTypes).toEqual(['no_face', 'looking_away']);
    const all = await caller().fairness.report({ token, filter: {} });
    expect([all.total, all.sex.unknown]).toEqual([2, 1]);

    const { csv, fileName } = await caller().fairness.exportCsv({ token, filter });
    expect(fileName).toMatch(/^bias-report-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv).toContain('Sex,Female,1,no,1,1.0000,1.0000');
    const audit = db.select().from(auditLog).where(eq(auditLog.action, 'bias_report_exported'));
    expect(audit.all()).toHaveLength(1);
    expect(JSON.stringify(audit.all())).not.toContain(token);
  });

  it('refuses recruiters and candidates, and date ranges that run backwards', async () => {
    const recruiter = await signInStaff(services, 'recruiter');
    const calls = [
      () => caller().fairness.report({ token: recruiter, filter: {} }),
      () => caller().fairness.exportCsv({ token: recruiter, filter: {} }),
    ];
    for (const call of calls) {
      expect(codeOf(await call().catch((e: unknown) => e))).toBe('FORBIDDEN');
    }
    const { accessCode } = seedTestInterview(db, {
      questions: [{ type: 'text', readingSeconds: 1, answerSeconds: 5 }],
    });
    const candidate = (await caller().candidate.checkIn({ code: accessCode })).token;
    const asCandidate = await caller()
      .fairness.report({ token: candidate, filter: {} })
      .catch((e: unknown) => e);
    expect(codeOf(asCandidate)).toBe('FORBIDDEN');
    const admin = await signInStaff(services, 'admin');
    const backwards = await caller()
      .fairness.report({ token: admin, filter: { from: 2, to: 1 } })
      .catch((e: unknown) => e);
    expect(codeOf(backwards)).toBe('BAD_REQUEST');
  });

  it('keeps demographics out of everything a scorer reads or exports', async () => {
    for (const role of ['recruiter', 'admin'] as const) {
      const token = await signInStaff(services, role);
      const { interviewId } = seeded;
      await caller().review.decide({ token, interviewId, decision: 'Passed', overallScore: 70 });
      const outputs: unknown[] = [
        await caller().review.dashboard({ token }),
        await caller().review.session({ token, interviewId }),
        await caller().review.exportCsv({ token }),
        await caller().manage.listInterviews({ token }),
        await caller().manage.listCandidates({ token }),
      ];
      for (const output of outputs) expect(JSON.stringify(output)).not.toMatch(DEMOGRAPHIC);
    }
    // The PDF report is printed from the same detail.
    const html = renderReportHtml(loadSessionDetail(db, seeded.interviewId), {
      stationName: 'Test station',
      reviewer: { displayName: 'R', role: 'recruiter' },
      generatedAt: 0,
      thumbnails: new Map(),
      formatTime: String,
    });
    expect(html).not.toMatch(DEMOGRAPHIC);
  });

  it('stores a candidate’s answers only when the station asks, without them in the audit log', async () => {
    const { accessCode, interviewId } = seedTestInterview(db, {
      questions: [{ type: 'text', readingSeconds: 1, answerSeconds: 5 }],
    });
    const checkIn = await caller().candidate.checkIn({ code: accessCode });
    expect(checkIn.selfIdentification).toBe(false);
    const answers = {
      sex: 'female',
      raceEthnicity: 'native_hawaiian_or_pacific_islander',
    } as const;
    const off = await caller()
      .candidate.selfIdentify({ token: checkIn.token, ...answers })
      .catch((e: unknown) => e);
    expect(codeOf(off)).toBe('PRECONDITION_FAILED');

    writeSetting(db, SELF_IDENTIFICATION_KEY, true);
    await caller().candidate.selfIdentify({ token: checkIn.token, ...answers });
    // A second answer replaces the first: "prefer not to say", and the other left unanswered.
    await caller().candidate.selfIdentify({
      token: checkIn.token,
      sex: 'prefer_not_to_say',
      raceEthnicity: null,
    });
    const rows = db.select().from(selfIdentifications).all();
    expect(rows.find((r) => r.interviewId === interviewId)).toMatchObject({
      sex: 'prefer_not_to_say',
      raceEthnicity: null,
    });
    const audit = JSON.stringify(db.select().from(auditLog).all());
    expect(audit).toContain('self_identified');
    expect(audit).not.toMatch(/native_hawaiian|prefer_not_to_say/);
    const staff = await signInStaff(services, 'recruiter');
    const refused = await caller()
      .candidate.selfIdentify({ token: staff, sex: 'male', raceEthnicity: 'asian' })
      .catch((e: unknown) => e);
    expect(codeOf(refused)).toBe('UNAUTHORIZED');
  });

  it('goes with its interview', () => {
    const { interviewId } = seedTestInterview(db, {
      questions: [{ type: 'text', readingSeconds: 1, answerSeconds: 5 }],
    });
    db.insert(selfIdentifications).values({ interviewId, sex: 'male', recordedAt: 1 }).run();
    db.delete(interviews).where(eq(interviews.id, interviewId)).run();
    const left = db.select().from(selfIdentifications).all();
    expect(left.map((r) => r.interviewId)).toEqual([seeded.interviewId]);
  });
});
