import { and, count, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../db/open';
import {
  candidates,
  interviews,
  jobs,
  questionnaireQuestions,
  questionnaires,
  questions,
  sessions,
  users,
} from '../../db/schema';
import { recordAudit } from '../core/audit';
import type { QuestionBank } from './question-bank';
import { hashSecret, newPassword, newPin } from '../core/secrets';
import { unusedAccessCode } from './access-codes';
import { writeSetting } from '../core/setting-store';

export const ADMIN_PIN_KEY = 'admin.pinHash';
export const DEMO_JOB_TITLE = 'Full-stack Engineer (demo)';
const DEMO_VALID_MS = 30 * 24 * 60 * 60 * 1000;
// The demo walks through every kind of question the station shows today.
const DEMO_QUESTION_KEYS = [
  'fullstack-mcq-1',
  'fullstack-mcq-2',
  'fullstack-text-1',
  'fullstack-mcq-3',
  'fullstack-video-1',
  'fullstack-mcq-4',
];
export const DEFAULT_ALTERNATIVE_PATH =
  'Please let the coordinator at the front desk know. They will arrange an interview in ' +
  'person with a recruiter instead, without recording.';

export interface FirstRunCredentials {
  recruiterUsername: string;
  recruiterPassword: string;
  /** The admin account manages staff accounts; like the recruiter's, its password works once. */
  adminUsername: string;
  adminPassword: string;
  adminPin: string;
}

/**
 * Seeds an empty database: the question bank, a demo job and questionnaire, a recruiter
 * account, an admin account and the admin PIN. Returns the initial secrets, which exist nowhere else and are
 * shown once; returns null when the database was already seeded.
 */
export async function seedFirstRun(
  db: Db,
  bank: QuestionBank,
  now: number,
): Promise<FirstRunCredentials | null> {
  const existing = db.select({ n: count() }).from(users).get();
  if ((existing?.n ?? 0) > 0) return null;

  const recruiterPassword = newPassword();
  const adminPassword = newPassword();
  const adminPin = newPin();
  const [passwordHash, adminPasswordHash, pinHash] = await Promise.all([
    hashSecret(recruiterPassword),
    hashSecret(adminPassword),
    hashSecret(adminPin),
  ]);

  db.transaction((tx) => {
    const ids = new Map<string, number>();
    for (const q of bank.questions) {
      const row = tx
        .insert(questions)
        .values({
          domain: q.domain,
          type: q.type,
          prompt: q.prompt,
          options: q.type === 'mcq' ? q.options : null,
          correctOption: q.type === 'mcq' ? q.correctOption : null,
          rubric: q.type === 'mcq' ? null : q.rubric,
          readingSeconds: q.readingSeconds,
          answerSeconds: q.answerSeconds,
        })
        .returning({ id: questions.id })
        .get();
      ids.set(q.key, row.id);
    }
    const job = tx
      .insert(jobs)
      .values({
        title: DEMO_JOB_TITLE,
        department: 'Engineering',
        description: 'A sample role to try the station with.',
        domain: 'fullstack',
      })
      .returning({ id: jobs.id })
      .get();
    const questionnaire = tx
      .insert(questionnaires)
      .values({ title: 'Full-stack fundamentals (demo)', jobId: job.id })
      .returning({ id: questionnaires.id })
      .get();
    tx.insert(questionnaireQuestions)
      .values(
        DEMO_QUESTION_KEYS.map((key, position) => {
          const questionId = ids.get(key);
          if (questionId === undefined) throw new Error(`The question bank has no "${key}".`);
          return { questionnaireId: questionnaire.id, questionId, position };
        }),
      )
      .run();
    tx.insert(users)
      .values({
        username: 'recruiter',
        displayName: 'Recruiter',
        role: 'recruiter',
        passwordHash,
      })
      .run();
    tx.insert(users)
      .values({
        username: 'admin',
        displayName: 'Station admin',
        role: 'admin',
        passwordHash: adminPasswordHash,
      })
      .run();
  });
  writeSetting(db, ADMIN_PIN_KEY, pinHash);
  recordAudit(db, now, { actorKind: 'station', action: 'first_run_seed' });
  return {
    recruiterUsername: 'recruiter',
    recruiterPassword,
    adminUsername: 'admin',
    adminPassword,
    adminPin,
  };
}

export const DEMO_CANDIDATE_NAME = 'Demo Candidate';

/**
 * The one demo candidate every demo interview belongs to: the latest demo interview's, or a new
 * one when there is none (first start, or the last was erased). A new candidate per demo made
 * the candidate list fill up with identical "Demo Candidate" entries, one per restart.
 */
function demoCandidateId(db: Db): number {
  const existing = db
    .select({ id: candidates.id })
    .from(interviews)
    .innerJoin(candidates, eq(candidates.id, interviews.candidateId))
    .where(eq(interviews.isDemo, true))
    .orderBy(desc(interviews.id))
    .get();
  if (existing) return existing.id;
  return db
    .insert(candidates)
    .values({ fullName: DEMO_CANDIDATE_NAME, email: null })
    .returning({ id: candidates.id })
    .get().id;
}

/**
 * Makes sure an unused, unexpired demo interview exists (creating one when the last was
 * used) and returns its access code. Only the code's hash is stored, so an existing demo
 * interview is given a new code at each start: the one printed is always the one that works.
 */
export function ensureDemoInterview(db: Db, stationKey: Buffer, now: number): string {
  const usable = db
    .select({ id: interviews.id })
    .from(interviews)
    .leftJoin(sessions, eq(sessions.interviewId, interviews.id))
    .where(
      and(
        eq(interviews.isDemo, true),
        eq(interviews.status, 'scheduled'),
        gt(interviews.expiresAt, now),
        isNull(sessions.id),
      ),
    )
    .get();
  if (usable) {
    const { code, hash } = unusedAccessCode(db, stationKey);
    db.update(interviews)
      .set({ accessCodeHash: hash, codeIssuedAt: now })
      .where(eq(interviews.id, usable.id))
      .run();
    return code;
  }

  const job = db.select().from(jobs).where(eq(jobs.title, DEMO_JOB_TITLE)).get();
  const questionnaire = job
    ? db.select().from(questionnaires).where(eq(questionnaires.jobId, job.id)).get()
    : undefined;
  if (!job || !questionnaire) {
    throw new Error('The demo job is missing from the database; the seed did not run.');
  }
  const candidateId = demoCandidateId(db);
  const { code, hash } = unusedAccessCode(db, stationKey);
  db.insert(interviews)
    .values({
      candidateId,
      jobId: job.id,
      questionnaireId: questionnaire.id,
      accessCodeHash: hash,
      codeIssuedAt: now,
      expiresAt: now + DEMO_VALID_MS,
      alternativePath: DEFAULT_ALTERNATIVE_PATH,
      isDemo: true,
    })
    .run();
  return code;
}
