import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buffer } from 'node:stream/consumers';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/open';
import { auditLog, scores, sessions } from '../../db/schema';
import { createTestDb, seedTestInterview } from '../../db/test-db';
import type { FileSealing } from '../core/sealed-file';
import { readStoredFile } from '../core/sealed-read';
import { writeSetting } from '../core/setting-store';
import type { StaffUser } from '../domain/staff-auth';
import { findExport } from './export-files';
import { chromiumPdfPrinter, type PdfPrinter } from './pdf-printer';
import { ALL_JOBS } from '../domain/job-access';
import { ReviewService } from './review-service';
import { DroppedFrameCounter } from '../signals/store/dropped-frames';
import { VIEW_WINDOW_MS } from './scoring';
import { seedReviewSession, type SeededReview } from './test-review';

const recruiter: StaffUser = {
  id: 0,
  username: 'recruiter',
  displayName: 'Rita Recruiter',
  role: 'recruiter',
  mustChangePassword: false,
};

describe('review service', () => {
  let db: Db;
  let dataDir: string;
  let now = 1_800_000_000_000;
  let seeded: SeededReview;
  const printed: string[] = [];
  // Writes the HTML it was given as the "PDF", so tests can read what would be printed.
  const htmlPrinter: PdfPrinter = {
    print: async (htmlFile, pdfFile) => {
      const html = readFileSync(htmlFile, 'utf8');
      printed.push(html);
      writeFileSync(pdfFile, html);
    },
  };
  const service = (printer: PdfPrinter = htmlPrinter, sealing?: FileSealing) =>
    new ReviewService({
      db,
      clock: { now: () => now },
      config: { stationName: 'Lobby station' },
      log: () => {},
      dataDir,
      printer,
      sealing,
    });

  beforeEach(() => {
    db = createTestDb();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'review-'));
    seeded = seedReviewSession(db, { dataDir });
    recruiter.id = db.$client
      .prepare(
        "INSERT INTO users (username, display_name, role, password_hash) VALUES ('rita', 'Rita Recruiter', 'recruiter', 'x') RETURNING id",
      )
      .pluck()
      .get() as number;
    printed.length = 0;
  });
  afterEach(() => {
    db.$client.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('groups interviews by state with flag counts, and searches and filters them', () => {
    seedTestInterview(db, {
      questions: [{ type: 'text', readingSeconds: 1, answerSeconds: 5 }],
      candidateName: 'Grace Hopper',
      jobTitle: 'Security Analyst',
    });
    const all = service().dashboard({}, ALL_JOBS);
    expect(all.counts).toMatchObject({ scheduled: 1, to_review: 1, decided: 0, in_progress: 0 });
    const ada = all.interviews.find((i) => i.candidateName === 'Ada Lovelace');
    expect(ada).toMatchObject({ state: 'to_review', flags: { no_face: 1, looking_away: 2 } });
    expect(ada?.flagTotal).toBe(3);

    expect(
      service()
        .dashboard({ search: 'grace' }, ALL_JOBS)
        .interviews.map((i) => i.candidateName),
    ).toEqual(['Grace Hopper']);
    expect(service().dashboard({ search: 'backend' }, ALL_JOBS).interviews).toHaveLength(1);
    // LIKE wildcards in a search are characters, not patterns.
    expect(service().dashboard({ search: '%' }, ALL_JOBS).interviews).toHaveLength(0);
    expect(service().dashboard({ state: 'scheduled' }, ALL_JOBS).interviews[0]?.candidateName).toBe(
      'Grace Hopper',
    );
    const jobId = all.jobs.find((j) => j.title === 'Security Analyst')?.id;
    expect(
      service()
        .dashboard({ jobId }, ALL_JOBS)
        .interviews.map((i) => i.candidateName),
    ).toEqual(['Grace Hopper']);
  });

  it('moves an interview to decided and sets its application status', () => {
    const review = service();
    // Saving "Under Review" keeps the notes but settles nothing: still to review.
    review.decide(recruiter, {
      interviewId: seeded.interviewId,
      decision: 'Under Review',
      overallScore: null,
      notes: 'Second reviewer to watch question 2.',
    });
    expect(review.dashboard({}, ALL_JOBS).interviews[0]).toMatchObject({
      state: 'to_review',
      decision: 'Under Review',
    });
    expect(review.dashboard({ state: 'decided' }, ALL_JOBS).interviews).toEqual([]);
    review.decide(recruiter, {
      interviewId: seeded.interviewId,
      decision: 'Passed',
      overallScore: 82,
      notes: 'Clear answers.',
    });
    const row = review.dashboard({ state: 'decided' }, ALL_JOBS).interviews[0];
    expect(row).toMatchObject({
      decision: 'Passed',
      overallScore: 82,
      applicationStatus: 'Passed',
    });
    // A later decision replaces the shown one; the dashboard still lists the interview once.
    review.decide(recruiter, {
      interviewId: seeded.interviewId,
      decision: 'Offered',
      overallScore: null,
      notes: '',
    });
    const again = review.dashboard({}, ALL_JOBS).interviews;
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ decision: 'Offered', applicationStatus: 'Offered' });
    const audit = db.select().from(auditLog).where(eq(auditLog.action, 'interview_decided')).all();
    expect(audit.map((a) => a.details?.decision)).toEqual(['Under Review', 'Passed', 'Offered']);
    expect(audit[0]).toMatchObject({ actorKind: 'recruiter', actorId: recruiter.id });
  });

  it('gives the replay everything: answers with scores, recordings, events, summary, transcript', () => {
    const detail = service().detail(recruiter, seeded.interviewId);
    expect(detail.candidate.fullName).toBe('Ada Lovelace');
    expect(detail.answers.map((a) => a.question.type)).toEqual(['mcq', 'text']);
    expect(detail.answers[0]?.autoScore).toMatchObject({ score: 100 });
    expect(detail.segments).toEqual([
      expect.objectContaining({
        startMs: 120,
        endMs: 31_900,
        recordingMediaId: seeded.recordingMediaId,
      }),
    ]);
    expect(detail.events[0]).toMatchObject({
      type: 'no_face',
      startMs: 8000,
      thumbnailMediaId: seeded.thumbnailMediaId,
    });
    expect(detail.summary).toMatchObject({ facePresentPercent: 90 });
    expect(detail.transcript.map((s) => s.text)).toEqual(['The loader raced.', 'I added a lock.']);
    expect(detail.session?.durationMs).toBe(32_000);
  });

  it('writes a view to the audit log once per sitting', () => {
    const review = service();
    review.detail(recruiter, seeded.interviewId);
    review.detail(recruiter, seeded.interviewId);
    const views = () =>
      db.select().from(auditLog).where(eq(auditLog.action, 'session_viewed')).all().length;
    expect(views()).toBe(1);
    now += VIEW_WINDOW_MS + 1;
    review.detail(recruiter, seeded.interviewId);
    expect(views()).toBe(2);
  });

  it('answers NOT_FOUND for an interview or session that does not exist', () => {
    expect(() => service().detail(recruiter, 9999)).toThrow(/no such interview/);
    expect(() => service().signals(9999)).toThrow(/no such session/);
  });

  it('gives the timeline its tracks as columns, eyes closed by the station threshold', () => {
    const signals = service().signals(seeded.sessionId);
    expect(signals.tMs).toHaveLength(450);
    const at = (ms: number) => signals.tMs.findIndex((t) => t >= ms);
    expect(signals.faceCount[at(9000)]).toBe(0);
    expect(signals.lookingAway[at(9000)]).toBeNull();
    expect(signals.eyesClosed[at(15_000)]).toBe(1);
    expect(signals.eyesClosed[at(13_000)]).toBe(0);
    expect(signals.lookingAway[at(21_000)]).toBe(1);
    expect(signals.voiceActive[at(18_000)]).toBe(1);
    expect(
      service()
        .signals(seeded.sessionId, 10_000, 11_000)
        .tMs.every((t) => t >= 10_000 && t < 11_000),
    ).toBe(true);
    // A station that tuned eyes-closed lower no longer counts EAR 0.1 as closed.
    writeSetting(db, 'signals.thresholds', { earClosed: 0.05 });
    const tuned = service().signals(seeded.sessionId);
    expect(tuned.eyesClosedBelow).toBe(0.05);
    expect(tuned.eyesClosed[at(15_000)]).toBe(0);
  });

  it('gives the timeline the seconds with dropped frames, within the range asked for', () => {
    expect(service().signals(seeded.sessionId).dropped).toEqual([]);
    const counter = new DroppedFrameCounter(db, seeded.sessionId);
    for (const tMs of [3010, 3500, 3900, 4100, 12_000]) counter.count(tMs);
    // Seconds are stored once over; the last at the flush.
    expect(service().signals(seeded.sessionId).dropped).toEqual([
      { second: 3, count: 3 },
      { second: 4, count: 1 },
    ]);
    counter.flush();
    expect(service().signals(seeded.sessionId, 4000, 20_000).dropped).toEqual([
      { second: 4, count: 1 },
      { second: 12, count: 1 },
    ]);
  });

  it('keeps every recruiter score and shows the newest per recruiter; audits each', () => {
    const review = service();
    const [mcq = 0, text = 0] = seeded.answerIds;
    review.scoreAnswer(recruiter, { answerId: text, score: 60, notes: 'ok' });
    now += 1000;
    review.scoreAnswer(recruiter, { answerId: text, score: 75, notes: '  Better on reread.  ' });
    const detail = review.detail(recruiter, seeded.interviewId);
    expect(detail.answers[1]?.recruiterScores).toEqual([
      expect.objectContaining({
        score: 75,
        notes: 'Better on reread.',
        scorerName: 'Rita Recruiter',
      }),
    ]);
    expect(detail.answers[0]?.recruiterScores).toEqual([]);
    expect(db.select().from(scores).where(eq(scores.answerId, text)).all()).toHaveLength(2);
    expect(db.select().from(scores).where(eq(scores.answerId, mcq)).all()).toHaveLength(1);
    const audit = db.select().from(auditLog).where(eq(auditLog.action, 'answer_scored')).all();
    expect(audit.map((a) => a.details?.score)).toEqual([60, 75]);
  });

  it('refuses to score an answer of a session still running', () => {
    db.update(sessions).set({ status: 'active' }).where(eq(sessions.id, seeded.sessionId)).run();
    expect(() =>
      service().scoreAnswer(recruiter, { answerId: seeded.answerIds[0] ?? 0, score: 1, notes: '' }),
    ).toThrow(/still running/);
  });

  it('refuses a decision on an interview still running, and leaves its status as it was', () => {
    db.update(sessions).set({ status: 'active' }).where(eq(sessions.id, seeded.sessionId)).run();
    const before = service().dashboard({}, ALL_JOBS).interviews[0]?.applicationStatus;
    expect(() =>
      service().decide(recruiter, {
        interviewId: seeded.interviewId,
        decision: 'Rejected',
        overallScore: 10,
        notes: '',
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'PRECONDITION_FAILED',
        message: expect.stringMatching(/still running/),
      }),
    );
    const after = service().dashboard({}, ALL_JOBS).interviews[0];
    expect(after).toMatchObject({ decision: null, applicationStatus: before });
    expect(
      db.select().from(auditLog).where(eq(auditLog.action, 'interview_decided')).all(),
    ).toEqual([]);
  });

  it('refuses a decision on an interview the candidate never took', () => {
    const { interviewId } = seedTestInterview(db, {
      questions: [{ type: 'text', readingSeconds: 1, answerSeconds: 5 }],
      candidateName: 'Grace Hopper',
    });
    expect(() =>
      service().decide(recruiter, { interviewId, decision: 'Passed', overallScore: 90, notes: '' }),
    ).toThrow(
      expect.objectContaining({
        code: 'PRECONDITION_FAILED',
        message: expect.stringMatching(/not been taken/),
      }),
    );
    const grace = service()
      .dashboard({ search: 'grace' }, ALL_JOBS)
      .interviews.find((i) => i.candidateName === 'Grace Hopper');
    expect(grace).toMatchObject({ state: 'scheduled', decision: null });
  });

  it('lets a recruiter decide on an interview that was interrupted and never resumed', () => {
    db.update(sessions)
      .set({ status: 'interrupted' })
      .where(eq(sessions.id, seeded.sessionId))
      .run();
    service().decide(recruiter, {
      interviewId: seeded.interviewId,
      decision: 'Rejected',
      overallScore: null,
      notes: 'Left halfway.',
    });
    expect(service().dashboard({}, ALL_JOBS).interviews[0]).toMatchObject({ decision: 'Rejected' });
  });

  it('exports interviews as CSV that a spreadsheet reads as text', () => {
    seedTestInterview(db, {
      questions: [{ type: 'text', readingSeconds: 1, answerSeconds: 5 }],
      candidateName: '=HYPERLINK("http://evil"),"x"',
    });
    const { csv, fileName } = service().exportCsv(recruiter, {}, ALL_JOBS);
    expect(fileName).toMatch(/^interviews-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^Interview,Candidate,Email,Job/);
    expect(csv).toContain('Ada Lovelace');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil""),""x"""`);
    expect(csv).toContain('looking_away:2 no_face:1');
    expect(
      db.select().from(auditLog).where(eq(auditLog.action, 'interviews_exported')).all(),
    ).toHaveLength(1);
  });

  it('renders the report with everything escaped and the evidence inline', async () => {
    const review = service();
    review.scoreAnswer(recruiter, {
      answerId: seeded.answerIds[1] ?? 0,
      score: 70,
      notes: '<b>bold</b>',
    });
    review.decide(recruiter, {
      interviewId: seeded.interviewId,
      decision: 'Passed',
      overallScore: 80,
      notes: '',
    });
    const out = await review.exportReport(recruiter, seeded.interviewId);
    const html = printed[0] ?? '';
    expect(html).toContain('Ada Lovelace');
    expect(html).toContain('A race in the &lt;script&gt; loader &amp; the cache.');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(html).not.toContain('<script');
    expect(html).toContain('<img src="data:image/jpeg;base64,');
    expect(html).toContain('Rita Recruiter');
    // The page gets an id only; the file is found again by that id and the HTML is gone.
    expect(out.exportId).toMatch(/^[0-9a-f]{32}$/);
    const found = findExport(dataDir, out.exportId, Date.now());
    expect(found?.fileName).toBe(`interview-report-Ada-Lovelace-${seeded.interviewId}.pdf`);
    expect(existsSync(path.join(path.dirname(found?.file ?? ''), '.report.html'))).toBe(false);
    expect(
      db.select().from(auditLog).where(eq(auditLog.action, 'report_exported')).all(),
    ).toHaveLength(1);
  });

  it('says so, and leaves nothing behind, when the report cannot be printed', async () => {
    const broken = service(chromiumPdfPrinter('/nonexistent/chromium'));
    await expect(broken.exportReport(recruiter, seeded.interviewId)).rejects.toThrow(
      /could not be printed/,
    );
    expect(existsSync(path.join(dataDir, 'exports'))).toBe(true);
    expect(readdirSync(path.join(dataDir, 'exports'))).toEqual([]);
  });

  it('prints a real PDF with headless Chromium whose text has the candidate and scores', async () => {
    const review = service(chromiumPdfPrinter());
    review.scoreAnswer(recruiter, {
      answerId: seeded.answerIds[1] ?? 0,
      score: 64,
      notes: 'Solid.',
    });
    const out = await review.exportReport(recruiter, seeded.interviewId);
    const file = findExport(dataDir, out.exportId, Date.now());
    expect(file?.mimeType).toBe('application/pdf');
    const pdf = await getDocumentProxy(new Uint8Array(readFileSync(file?.file ?? '')));
    const { text } = await extractText(pdf, { mergePages: true });
    expect(text).toContain('Ada Lovelace');
    expect(text).toContain('64/100');
    expect(text).toContain('100/100'); // the MCQ auto-score
  }, 60_000);

  it('seals the printed PDF at rest when encryption is on, and reads it back whole', async () => {
    const filesKey = randomBytes(32);
    // The export's folder is as old as the clock says: real time here.
    now = Date.now();
    const review = service(chromiumPdfPrinter(), { filesKey, sealNew: true });
    const out = await review.exportReport(recruiter, seeded.interviewId);
    const found = review.exportFile(out.exportId);
    expect(found?.size).toBe(out.bytes);
    const disk = readFileSync(found?.file ?? '');
    expect(disk.subarray(0, 8).toString('latin1')).toBe('ISSEALv1');
    expect(disk.includes('%PDF')).toBe(false);
    // Nothing plain is left beside it: only the sealed report is in its folder.
    expect(readdirSync(path.dirname(found?.file ?? '')).sort()).toEqual([
      '.interview',
      found?.fileName,
    ]);
    const pdf = await buffer(readStoredFile(found?.file ?? '', filesKey));
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), {
      mergePages: true,
    });
    expect(text).toContain('Ada Lovelace');
    // Without the key, the station cannot serve it at all.
    expect(service().exportFile(out.exportId)).toBeNull();
  }, 60_000);
});
