/**
 * No credential in the audit log: every audit-writing door reachable through the router is
 * called with live tokens and passwords, then every audit row is scanned for them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { auditLog } from '../../db/schema';
import { createTestDb, seedTestInterview } from '../../db/test-db';
import { recordAudit } from '../core/audit';
import { seedReviewSession, type SeededReview } from '../review/test-review';
import { createTestStaff, TEST_STAFF_PASSWORD } from '../domain/test-staff';
import type { Services } from './services';
import { createTestServices, stationCaller } from './test-router';

/** Every audit row as the text it is stored as, details included. */
function auditText(db: Db): string[] {
  return db
    .select()
    .from(auditLog)
    .all()
    .map((row) => JSON.stringify(row));
}

describe('audit log and credentials', () => {
  let db: Db;
  let services: Services;
  let dataDir: string;
  let seeded: SeededReview;
  const now = 1_800_000_000_000;

  beforeEach(async () => {
    db = createTestDb();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'audit-credentials-'));
    services = createTestServices(db, {
      clock: { now: () => now },
      dataDir,
      printer: { print: async (_html, pdf) => writeFileSync(pdf, '%PDF-1.4 test') },
    });
    await createTestStaff(db, { role: 'recruiter' });
    await createTestStaff(db, { role: 'admin' });
    seeded = seedReviewSession(db, { dataDir });
  });
  afterEach(() => {
    services.sessions.close();
    db.$client.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores no token or password from any staff or candidate call', async () => {
    const caller = stationCaller(services);
    const secrets: string[] = [TEST_STAFF_PASSWORD];
    const signIn = async (username: string, password = TEST_STAFF_PASSWORD) => {
      const { token } = await caller.staff.login({ username, password });
      secrets.push(token);
      return token;
    };
    const attempt = (call: Promise<unknown>) => call.catch(() => undefined);

    const recruiter = await signIn('recruiter');
    const admin = await signIn('admin');
    await attempt(caller.staff.login({ username: 'recruiter', password: 'wrong-password-1' }));
    await attempt(caller.staff.login({ username: 'nobody', password: 'wrong-password-2' }));
    secrets.push('wrong-password-1', 'wrong-password-2');

    // Review: every procedure, the CSV export with every filter field (it audited its input).
    const r = caller.review;
    await r.dashboard({ token: recruiter });
    await r.session({ token: recruiter, interviewId: seeded.interviewId });
    await r.scoreAnswer({ token: recruiter, answerId: seeded.answerIds[1] ?? 0, score: 70 });
    await r.decide({ token: recruiter, interviewId: seeded.interviewId, decision: 'Passed' });
    await r.exportCsv({ token: recruiter });
    await r.exportCsv({ token: admin, search: 'Ada', state: 'decided', jobId: 1 });
    await r.exportReport({ token: recruiter, interviewId: seeded.interviewId });

    // Management: a job, a question, a candidate, an interview, staff accounts.
    const m = caller.manage;
    const { id: jobId } = await m.createJob({
      token: admin,
      job: {
        title: 'SOC Analyst',
        department: 'Security',
        description: '',
        domain: 'cybersecurity',
      },
    });
    await m.updateJob({
      token: admin,
      jobId,
      job: {
        title: 'SOC Analyst II',
        department: 'Security',
        description: '',
        domain: 'cybersecurity',
      },
    });
    const { id: questionId } = await m.createQuestion({
      token: admin,
      question: {
        type: 'text',
        domain: 'cybersecurity',
        prompt: 'Describe a phishing triage.',
        readingSeconds: 10,
        answerSeconds: 45,
      },
    });
    await m.exportQuestions({ token: admin });
    await m.removeQuestion({ token: admin, questionId });
    const { id: candidateId } = await m.createCandidate({
      token: admin,
      candidate: { fullName: 'Katherine Johnson', email: '' },
    });
    await m.listInterviews({ token: recruiter, candidateId });
    const created = await m.createStaff({
      token: admin,
      account: { username: 'sam', displayName: 'Sam', role: 'recruiter' },
    });
    secrets.push(created.password);
    const reset = await m.resetStaffPassword({ token: admin, userId: created.id });
    secrets.push(reset.password);
    await m.unlockStaff({ token: admin, userId: created.id });

    // Sam's first sign-in, password change (current and next), sign-out.
    const sam = await signIn('sam', reset.password);
    const next = 'a-brand-new-password-for-sam';
    secrets.push(next);
    await caller.staff.changePassword({ token: sam, current: reset.password, next });
    await attempt(caller.staff.changePassword({ token: sam, current: 'wrong-password-3', next }));
    secrets.push('wrong-password-3');
    await caller.staff.logout({ token: sam });

    // Settings and the admin PIN door.
    await caller.settings.set({ token: admin, key: 'retention.days', value: 45 });
    await attempt(caller.admin.exit({ pin: '98765432' }));

    // A candidate: check-in (a wrong code, then the right one), consent, start.
    await attempt(caller.candidate.checkIn({ code: 'WRONG-CODE-1234' }));
    const { accessCode } = seedTestInterview(db, {
      candidateName: 'Grace Hopper',
      jobTitle: 'Compiler Engineer',
      questions: [{ type: 'text', readingSeconds: 30, answerSeconds: 60 }],
    });
    const checkIn = await caller.candidate.checkIn({ code: accessCode });
    secrets.push(checkIn.token, accessCode);
    await caller.candidate.consent({
      token: checkIn.token,
      noticeVersion: checkIn.notice.version,
      recording: true,
      signals: true,
    });
    await caller.candidate.start({ token: checkIn.token });

    const rows = auditText(db);
    // The calls above were audited (so the scan below looks at real rows)…
    for (const action of ['interviews_exported', 'report_exported', 'staff_password_reset']) {
      expect(
        rows.some((row) => row.includes(`"${action}"`)),
        action,
      ).toBe(true);
    }
    expect(rows.length).toBeGreaterThan(15);
    // …and not one of them holds a token, a password or an access code.
    for (const secret of secrets) {
      expect(
        rows.filter((row) => row.includes(secret)),
        secret,
      ).toEqual([]);
    }
    // The CSV export still says what was exported.
    const exported = db
      .select()
      .from(auditLog)
      .all()
      .filter((row) => row.action === 'interviews_exported')
      .map((row) => row.details);
    expect(exported).toContainEqual({
      format: 'csv',
      rows: 1,
      filter: { search: 'Ada', state: 'decided', jobId: 1 },
    });
  });

  it('drops credential-named details at any depth, whoever the caller', () => {
    recordAudit(db, now, {
      actorKind: 'station',
      action: 'test_entry',
      details: {
        token: 'tok-1',
        filter: { search: 'Ada', staffToken: 'tok-2', nested: [{ password: 'pw-1' }] },
        pin: '1234',
        adminPin: '5678',
        secret: 's-1',
        current: 'pw-2',
        next: 'pw-3',
        accessCode: 'ABCD-EFGH',
        kept: 'visible',
      },
    });
    const row = db.select().from(auditLog).all().at(-1);
    expect(row?.details).toEqual({ filter: { search: 'Ada', nested: [{}] }, kept: 'visible' });
  });
});
