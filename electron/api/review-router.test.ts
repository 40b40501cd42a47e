import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { auditLog, interviews } from '../../db/schema';
import { createTestDb } from '../../db/test-db';
import { ReviewService } from '../review/review-service';
import { seedReviewSession, type SeededReview } from '../review/test-review';
import type { Services } from './services';
import { createTestStaff, TEST_STAFF_PASSWORD } from '../domain/test-staff';
import { codeOf, createTestServices, stationCaller } from './test-router';

describe('review router', () => {
  let db: Db;
  let services: Services;
  let dataDir: string;
  let seeded: SeededReview;
  const now = 1_800_000_000_000;

  beforeEach(async () => {
    db = createTestDb();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'review-router-'));
    // The in-memory database has no folder; give exports one and a printer that writes bytes.
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

  const caller = () => stationCaller(services);
  const signIn = async (username: 'recruiter' | 'admin') =>
    (await caller().staff.login({ username, password: TEST_STAFF_PASSWORD })).token;

  it('lets a recruiter and an admin review, score and decide, each audited as themselves', async () => {
    for (const role of ['recruiter', 'admin'] as const) {
      const token = await signIn(role);
      const board = await caller().review.dashboard({ token });
      expect(board.interviews[0]?.candidateName).toBe('Ada Lovelace');
      const detail = await caller().review.session({ token, interviewId: seeded.interviewId });
      expect(detail.answers).toHaveLength(2);
      await caller().review.scoreAnswer({ token, answerId: seeded.answerIds[1] ?? 0, score: 55 });
      await caller().review.decide({ token, interviewId: seeded.interviewId, decision: 'Passed' });
    }
    const kinds = db
      .select({ kind: auditLog.actorKind, action: auditLog.action })
      .from(auditLog)
      .all()
      .filter((a) => ['session_viewed', 'answer_scored', 'interview_decided'].includes(a.action))
      .map((a) => `${a.kind}:${a.action}`);
    expect(kinds).toEqual([
      'recruiter:session_viewed',
      'recruiter:answer_scored',
      'recruiter:interview_decided',
      'admin:session_viewed',
      'admin:answer_scored',
      'admin:interview_decided',
    ]);
    const status = db.select().from(interviews).where(eq(interviews.id, seeded.interviewId)).get();
    expect(status?.applicationStatus).toBe('Passed');
  });

  it('gives the timeline its columns and refuses a backwards range', async () => {
    const token = await signIn('recruiter');
    const signals = await caller().review.signals({ token, sessionId: seeded.sessionId });
    expect(signals.tMs.length).toBe(signals.faceCount.length);
    const backwards = await caller()
      .review.signals({ token, sessionId: seeded.sessionId, fromMs: 5000, toMs: 1000 })
      .catch(codeOf);
    expect(backwards).toBe('BAD_REQUEST');
  });

  it('refuses scores outside 0–100 and decisions outside the statuses', async () => {
    const token = await signIn('recruiter');
    const answerId = seeded.answerIds[0] ?? 0;
    for (const score of [-1, 101, 50.5]) {
      expect(await caller().review.scoreAnswer({ token, answerId, score }).catch(codeOf)).toBe(
        'BAD_REQUEST',
      );
    }
    const bad = caller().review.decide({
      token,
      interviewId: seeded.interviewId,
      decision: 'Hired' as 'Passed',
    });
    expect(await bad.catch(codeOf)).toBe('BAD_REQUEST');
    expect(await caller().review.session({ token, interviewId: 424242 }).catch(codeOf)).toBe(
      'NOT_FOUND',
    );
  });

  it('answers UNAUTHORIZED once the sign-in has ended', async () => {
    const token = await signIn('recruiter');
    await caller().staff.logout({ token });
    expect(await caller().review.dashboard({ token }).catch(codeOf)).toBe('UNAUTHORIZED');
  });

  it('exports a report as an id and interviews as CSV text', async () => {
    const token = await signIn('recruiter');
    const report = await caller().review.exportReport({ token, interviewId: seeded.interviewId });
    expect(report).toMatchObject({ exportId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(JSON.stringify(report)).not.toContain(dataDir);
    const { csv } = await caller().review.exportCsv({ token, state: 'to_review' });
    expect(csv).toContain('Ada Lovelace');
  });

  it('refuses a report export on a station without a data folder', async () => {
    services.review = new ReviewService({
      db,
      clock: { now: () => now },
      config: { stationName: 'Test station' },
      log: () => {},
      dataDir: null,
      printer: { print: async () => {} },
    });
    const token = await signIn('recruiter');
    expect(
      await caller().review.exportReport({ token, interviewId: seeded.interviewId }).catch(codeOf),
    ).toBe('PRECONDITION_FAILED');
  });
});
