import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { candidates, evaluations, interviews, jobs, scores } from '../../db/schema';
import { questionDrafts } from '../../db/drafts-schema';
import { screenings } from '../../db/screening-schema';
import { createTestDb } from '../../db/test-db';
import { createTestStaff } from '../domain/test-staff';
import { seedReviewSession } from '../review/test-review';
import type { Services } from './services';
import { appRouter } from './router';
import { codeOf, createTestServices, signInStaff, stationCaller } from './test-router';
import type { ProcedureMeta } from './trpc';

interface ProcedureDef {
  _def: { type: 'query' | 'mutation' | 'subscription'; meta?: ProcedureMeta };
}
const staffPaths = Object.entries(
  appRouter._def.procedures as unknown as Record<string, ProcedureDef>,
)
  .filter(([, p]) => p._def.meta?.staff === true)
  .map(([path]) => path)
  .sort();

/** Job B's ids, job A's, and a new candidate's (to schedule). */
interface Ids {
  jobA: number;
  jobB: number;
  interviewB: number;
  sessionB: number;
  answerB: number;
  candidateB: number;
  /** A candidate with no interview yet: any recruiter may schedule them. */
  candidateNew: number;
  /** A screening of job B's candidate for job B. */
  screeningB: number;
  /** A question draft proposed for job B. */
  draftB: number;
}

/**
 * How every staff procedure treats a recruiter of job A: `forbidden` with job B's ids in the
 * input; `omits` job B from what it lists; or `shared`, with the reason it shows nothing of
 * any job's interviews. A new staff procedure must be added here, so nobody forgets the check.
 */
type Expectation = { forbidden: (ids: Ids) => object } | { omits: object } | { shared: string };

const job = { title: 'Renamed', department: null, description: '', domain: null };
const draftQuestion = {
  type: 'text',
  domain: 'fullstack',
  prompt: 'Describe a piece of work in which you used PostgreSQL.',
  readingSeconds: 20,
  answerSeconds: 300,
} as const;
const CASES: Record<string, Expectation> = {
  'review.dashboard': { omits: {} },
  'review.session': { forbidden: (i) => ({ interviewId: i.interviewB }) },
  'review.signals': { forbidden: (i) => ({ sessionId: i.sessionB }) },
  'review.scoreAnswer': { forbidden: (i) => ({ answerId: i.answerB, score: 50 }) },
  'review.ignoreSuggestion': { forbidden: (i) => ({ answerId: i.answerB, scoreId: 1 }) },
  'review.decide': { forbidden: (i) => ({ interviewId: i.interviewB, decision: 'Passed' }) },
  'review.exportCsv': { omits: {} },
  'review.exportReport': { forbidden: (i) => ({ interviewId: i.interviewB }) },
  'manage.listJobs': { omits: {} },
  'manage.createJob': { shared: 'a new job is assigned to the recruiter who creates it' },
  'manage.updateJob': { forbidden: (i) => ({ jobId: i.jobB, job }) },
  'manage.deleteJob': { forbidden: (i) => ({ jobId: i.jobB }) },
  'manage.listCandidates': { omits: {} },
  'manage.createCandidate': { shared: 'a new candidate has no interview of any job yet' },
  'manage.updateCandidate': {
    forbidden: (i) => ({ candidateId: i.candidateB, candidate: { fullName: 'X', email: null } }),
  },
  'manage.listInterviews': { omits: {} },
  'manage.scheduleDefaults': { shared: 'the form defaults are the station’s' },
  'manage.scheduleInterview': {
    forbidden: (i) => ({
      interview: {
        candidateId: i.candidateNew,
        jobId: i.jobB,
        questionnaireId: 1,
        expiresAt: Date.now() + 86_400_000,
        accommodations: { extraTimePercent: 0, candidateNotices: true },
        alternativePath: 'Ask at the desk.',
        aiScoring: false,
      },
    }),
  },
  'manage.cancelInterview': { forbidden: (i) => ({ interviewId: i.interviewB }) },
  'manage.reissueAccessCode': { forbidden: (i) => ({ interviewId: i.interviewB }) },
  'manage.invitation': { forbidden: (i) => ({ interviewId: i.interviewB }) },
  'monitor.live': { omits: {} },
  'monitor.checkInPause': { shared: 'the station’s check-in pause names no interview' },
  'monitor.clearCheckInPause': { shared: 'the station’s check-in pause names no interview' },
  'monitor.diagnostics': { shared: 'versions, devices and disk space of the station' },
  'station.diagnostics': { shared: 'versions, devices and disk space of the station' },
  'staff.me': { shared: 'the caller’s own account' },
  'staff.logout': { shared: 'the caller’s own sign-in' },
  'staff.changePassword': { shared: 'the caller’s own password' },
  'privacy.erasurePreview': { forbidden: (i) => ({ candidateId: i.candidateB }) },
  'privacy.pendingErasures': { shared: 'interview numbers and dates only, filtered by job' },
  'privacy.hold': { forbidden: (i) => ({ interviewId: i.interviewB }) },
  'privacy.setHold': {
    forbidden: (i) => ({ interviewId: i.interviewB, reason: 'Litigation hold' }),
  },
  'manage.exportCandidateData': { forbidden: (i) => ({ candidateId: i.candidateB }) },
  'manage.candidateDataProgress': { shared: 'a random job id, checked against its candidate' },
  'manage.uploadResumePart': {
    forbidden: (i) => ({
      candidateId: i.candidateB,
      uploadId: 'upload-0123456789ab',
      fileName: 'cv.pdf',
      // Past the size limit: the allowed callers are refused by size, before any parsing.
      totalBytes: 200 * 1024 * 1024,
      offset: 0,
      data: Buffer.from('%PDF-1.7').toString('base64'),
    }),
  },
  'manage.candidateResume': { forbidden: (i) => ({ candidateId: i.candidateB }) },
  'screening.forCandidate': { forbidden: (i) => ({ candidateId: i.candidateB }) },
  'screening.screen': { forbidden: (i) => ({ candidateId: i.candidateB, jobId: i.jobB }) },
  'screening.decide': { forbidden: (i) => ({ screeningId: i.screeningB, status: 'Passed' }) },
  'screening.fitAvailable': { shared: 'whether a Gemini key is configured, nothing more' },
  'screening.summariseFit': { forbidden: (i) => ({ screeningId: i.screeningB }) },
  'screening.proposeQuestions': {
    forbidden: (i) => ({ jobId: i.jobB, level: 'mid', count: 3, provider: 'offline' }),
  },
  'screening.questionDrafts': { forbidden: (i) => ({ jobId: i.jobB }) },
  'screening.updateDraft': { forbidden: (i) => ({ draftId: i.draftB, question: draftQuestion }) },
  'screening.acceptDraft': { forbidden: (i) => ({ draftId: i.draftB }) },
  'screening.discardDraft': { forbidden: (i) => ({ draftId: i.draftB }) },
};
const QUESTION_BANK = [
  'manage.listQuestions',
  'manage.createQuestion',
  'manage.updateQuestion',
  'manage.removeQuestion',
  'manage.restoreQuestion',
  'manage.exportQuestions',
  'manage.importQuestions',
  'manage.listQuestionnaires',
  'manage.getQuestionnaire',
  'manage.createQuestionnaire',
  'manage.updateQuestionnaire',
  'manage.setQuestionnaireQuestions',
  'manage.duplicateQuestionnaire',
];
for (const path of QUESTION_BANK) {
  CASES[path] = { shared: 'the question bank and questionnaires hold no candidate data' };
}
for (const path of staffPaths.filter((p) => p.startsWith('settings.'))) {
  CASES[path] = { shared: 'admin-only station settings' };
}
const ADMIN_ONLY = [
  'manage.listStaff',
  'manage.createStaff',
  'manage.resetStaffPassword',
  'manage.unlockStaff',
  'manage.setStaffActive',
  'manage.setStaffJobs',
  'audit.page',
  'audit.actions',
  'audit.exportCsv',
  'privacy.liftHold',
  'privacy.eraseCandidate',
  'fairness.report',
  'fairness.exportCsv',
  'evaluation.geminiStatus',
  'evaluation.setGemini',
  'evaluation.clearGemini',
  'sync.status',
  'sync.enrol',
  'sync.forget',
  'monitor.exportDiagnostics',
];
for (const path of ADMIN_ONLY) CASES[path] = { shared: 'admin-only: refused to any recruiter' };

/** Calls a procedure by its dotted path; a subscription's first value is its answer. */
async function callByPath(caller: unknown, procedurePath: string, input: unknown) {
  const fn = procedurePath
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  const result = await (fn as (input: unknown) => unknown)(input);
  if (result && typeof result === 'object' && Symbol.asyncIterator in result) {
    const iterator = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    const first = await iterator.next();
    await iterator.return?.();
    return first.value;
  }
  return result;
}

describe('access by job', () => {
  let db: Db;
  let services: Services;
  let ids: Ids;
  let tokens: { recruiterA: string; recruiterB: string; admin: string };

  beforeEach(async () => {
    db = createTestDb();
    services = createTestServices(db);
    const a = seedReviewSession(db, { candidateName: 'Ada Lovelace', jobTitle: 'Alpha Analyst' });
    const b = seedReviewSession(db, { candidateName: 'Grace Hopper', jobTitle: 'Beta Builder' });
    const jobOf = (interviewId: number) => {
      const row = db.select().from(interviews).where(eq(interviews.id, interviewId)).get();
      if (!row) throw new Error(`No interview ${interviewId}`);
      return row;
    };
    ids = {
      jobA: jobOf(a.interviewId).jobId,
      jobB: jobOf(b.interviewId).jobId,
      interviewB: b.interviewId,
      sessionB: b.sessionId,
      answerB: b.answerIds[1] ?? 0,
      candidateB: jobOf(b.interviewId).candidateId,
      candidateNew: db
        .insert(candidates)
        .values({ fullName: 'New Candidate' })
        .returning({ id: candidates.id })
        .get().id,
      screeningB: 0,
      draftB: 0,
    };
    ids.draftB = db
      .insert(questionDrafts)
      .values({
        jobId: ids.jobB,
        batchId: 'batch-b',
        provider: 'offline',
        fields: draftQuestion,
        covers: ['PostgreSQL'],
        note: 'No bank question covers PostgreSQL; written from a template.',
      })
      .returning({ id: questionDrafts.id })
      .get().id;
    ids.screeningB = db
      .insert(screenings)
      .values({
        candidateId: ids.candidateB,
        jobId: ids.jobB,
        score: 40,
        suggestedStatus: 'Under Review',
        result: {
          score: 40,
          keywordsFound: [],
          keywordsMissing: [],
          suggestedStatus: 'Under Review',
          reasons: [],
          textLength: 0,
        },
      })
      .returning({ id: screenings.id })
      .get().id;
    await createTestStaff(db, { username: 'alice', jobIds: [ids.jobA] });
    await createTestStaff(db, { username: 'bob', jobIds: [ids.jobB] });
    await createTestStaff(db, { username: 'admin', role: 'admin' });
    tokens = {
      recruiterA: await signInStaff(services, 'alice'),
      recruiterB: await signInStaff(services, 'bob'),
      admin: await signInStaff(services, 'admin'),
    };
    // Job B's interview is running, so the live panel has it to show or to keep back.
    services.monitor.started(ids.sessionB);
  });
  afterEach(() => {
    services.sessions.close();
    db.$client.close();
  });

  const caller = () => stationCaller(services);
  /** Job B's rows a refused call must leave as they were. */
  const jobBRows = () =>
    JSON.stringify([
      db.select().from(interviews).where(eq(interviews.id, ids.interviewB)).all(),
      db.select().from(jobs).where(eq(jobs.id, ids.jobB)).all(),
      db.select().from(candidates).where(eq(candidates.id, ids.candidateB)).all(),
      db.select().from(evaluations).all(),
      db.select().from(scores).all(),
      db.select().from(questionDrafts).all(),
    ]);

  it('names every staff procedure in the table of what a recruiter of another job gets', () => {
    expect(Object.keys(CASES).sort()).toEqual(staffPaths);
  });

  it('answers FORBIDDEN, or leaves job B out, on every staff procedure', async () => {
    const before = jobBRows();
    let forbidden = 0;
    let omitting = 0;
    for (const path of staffPaths) {
      const expectation = CASES[path];
      if (!expectation || 'shared' in expectation) continue;
      if ('forbidden' in expectation) {
        const input = { token: tokens.recruiterA, ...expectation.forbidden(ids) };
        const outcome = await callByPath(caller(), path, input).catch(codeOf);
        expect(outcome, path).toBe('FORBIDDEN');
        forbidden += 1;
      } else {
        const shown = JSON.stringify(
          await callByPath(caller(), path, { token: tokens.recruiterA, ...expectation.omits }),
        );
        expect(shown, path).not.toMatch(/Grace Hopper|Beta Builder/);
        // The same list shows job B to its own recruiter: the test can tell the difference.
        const own = JSON.stringify(
          await callByPath(caller(), path, { token: tokens.recruiterB, ...expectation.omits }),
        );
        expect(own, path).toMatch(/Grace Hopper|Beta Builder/);
        omitting += 1;
      }
    }
    expect(jobBRows()).toBe(before);
    expect({ forbidden, omitting }).toEqual({ forbidden: 28, omitting: 6 });
  });

  it('lets job B’s recruiter and an admin through the same doors', async () => {
    for (const path of staffPaths) {
      const expectation = CASES[path];
      if (!expectation || !('forbidden' in expectation)) continue;
      for (const token of [tokens.recruiterB, tokens.admin]) {
        const outcome = await callByPath(caller(), path, {
          token,
          ...expectation.forbidden(ids),
        }).then(
          () => 'ok',
          (e: unknown) => codeOf(e),
        );
        expect(outcome, path).not.toBe('FORBIDDEN');
      }
    }
  });

  it('refuses to schedule job A’s interview for a candidate only job B knows', async () => {
    const { interview } = (
      CASES['manage.scheduleInterview'] as { forbidden: (i: Ids) => { interview: object } }
    ).forbidden(ids);
    const outcome = await caller()
      .manage.scheduleInterview({
        token: tokens.recruiterA,
        interview: { ...interview, candidateId: ids.candidateB, jobId: ids.jobA } as never,
      })
      .catch(codeOf);
    expect(outcome).toBe('FORBIDDEN');
  });

  it('says NOT_FOUND for a missing interview and FORBIDDEN without naming another', async () => {
    const missing = await caller()
      .review.session({ token: tokens.recruiterA, interviewId: 999 })
      .catch(codeOf);
    expect(missing).toBe('NOT_FOUND');
    const refused = await caller()
      .review.session({ token: tokens.recruiterA, interviewId: ids.interviewB })
      .catch((e: Error) => e.message);
    expect(refused).toMatch(/not assigned/);
    expect(refused).not.toMatch(/Grace|Beta/);
  });
});
