/**
 * Test helpers: a real in-memory SQLite migrated with the committed migrations (not mocked
 * query chains), and a seeded interview to run services against.
 */
import { eq } from 'drizzle-orm';
import { fileURLToPath } from 'node:url';
import { StationError } from '../electron/core/errors';
import { hashAccessCode } from '../electron/core/secrets';
import { processAccessCodeKey } from '../electron/core/access-code-key';
import { insertSession, loadInterviewQuestions } from '../electron/domain/session-store';
import { openDatabase, type Db } from './open';
import {
  candidates,
  interviews,
  jobs,
  questionnaireQuestions,
  questionnaires,
  questions,
  staffJobs,
  users,
  type Accommodations,
} from './schema';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

/** A fresh, migrated in-memory station database. */
export function createTestDb(): Db {
  return openDatabase({ file: ':memory:', migrationsDir: MIGRATIONS_DIR });
}

export interface TestQuestion {
  type: (typeof questions.$inferInsert)['type'];
  prompt?: string;
  options?: string[];
  correctOption?: number;
  readingSeconds: number;
  answerSeconds: number;
}

export interface SeedInterviewOptions {
  questions: TestQuestion[];
  /** The code to issue (stored as its keyed hash); a fresh test code unless given. */
  accessCode?: string;
  /** The key the code is stored under: the process's (as test services use) unless given. */
  stationKey?: Buffer;
  expiresAt?: number;
  alternativePath?: string;
  accommodations?: Accommodations;
  aiScoring?: boolean;
  status?: (typeof interviews.$inferInsert)['status'];
  candidateName?: string;
  jobTitle?: string;
  /** Retakes per audio or video answer (the questionnaire's policy). */
  retakesAllowed?: number;
  /**
   * The recruiters assigned to the new job (per-job access); every recruiter existing now
   * unless given, as a station's one-time grant assigns them to the jobs it already has.
   */
  recruiterIds?: number[];
}

export interface SeededInterview {
  jobId: number;
  questionnaireId: number;
  questionIds: number[];
  candidateId: number;
  interviewId: number;
  accessCode: string;
  alternativePath: string;
}

// The access-code alphabet (no 0/O, 1/I/L), so seeded codes look like real ones.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
let seeded = 0;

function nextTestCode(): string {
  seeded += 1;
  let code = '';
  for (let n = seeded, i = 0; i < 4; i++, n = Math.floor(n / CODE_ALPHABET.length)) {
    code = (CODE_ALPHABET[n % CODE_ALPHABET.length] ?? 'A') + code;
  }
  return `TEST${code}`;
}

/** Inserts a job, a questionnaire with the given questions, a candidate and their interview. */
export function seedTestInterview(db: Db, opts: SeedInterviewOptions): SeededInterview {
  const accessCode = opts.accessCode ?? nextTestCode();
  const alternativePath =
    opts.alternativePath ?? 'Ask the coordinator for an interview in person, without recording.';
  return db.transaction((tx) => {
    const job = tx
      .insert(jobs)
      .values({ title: opts.jobTitle ?? 'Backend Engineer', domain: 'fullstack' })
      .returning({ id: jobs.id })
      .get();
    const questionnaire = tx
      .insert(questionnaires)
      .values({
        title: 'Test questionnaire',
        jobId: job.id,
        retakesAllowed: opts.retakesAllowed ?? 0,
      })
      .returning({ id: questionnaires.id })
      .get();
    const questionIds = opts.questions.map((q, position) => {
      const row = tx
        .insert(questions)
        .values({
          domain: 'fullstack',
          type: q.type,
          prompt: q.prompt ?? `Question ${position + 1} (${q.type})`,
          options: q.options ?? null,
          correctOption: q.correctOption ?? null,
          readingSeconds: q.readingSeconds,
          answerSeconds: q.answerSeconds,
        })
        .returning({ id: questions.id })
        .get();
      tx.insert(questionnaireQuestions)
        .values({ questionnaireId: questionnaire.id, questionId: row.id, position })
        .run();
      return row.id;
    });
    const candidate = tx
      .insert(candidates)
      .values({ fullName: opts.candidateName ?? 'Ada Lovelace', email: 'ada@example.com' })
      .returning({ id: candidates.id })
      .get();
    const interview = tx
      .insert(interviews)
      .values({
        candidateId: candidate.id,
        jobId: job.id,
        questionnaireId: questionnaire.id,
        accessCodeHash: hashAccessCode(opts.stationKey ?? processAccessCodeKey(), accessCode),
        codeIssuedAt: Date.now(),
        expiresAt: opts.expiresAt ?? Date.UTC(2100, 0, 1),
        alternativePath,
        aiScoring: opts.aiScoring ?? false,
        status: opts.status ?? 'scheduled',
        ...(opts.accommodations ? { accommodations: opts.accommodations } : {}),
      })
      .returning({ id: interviews.id })
      .get();
    const recruiterIds =
      opts.recruiterIds ??
      tx
        .select({ id: users.id })
        .from(users)
        .where(eq(users.role, 'recruiter'))
        .all()
        .map((u) => u.id);
    for (const userId of recruiterIds) {
      tx.insert(staffJobs).values({ userId, jobId: job.id }).run();
    }
    return {
      jobId: job.id,
      questionnaireId: questionnaire.id,
      questionIds,
      candidateId: candidate.id,
      interviewId: interview.id,
      accessCode,
      alternativePath,
    };
  });
}

/** Runs an action expected to be refused by a service and returns the refusal. */
export function refusal(action: () => unknown): StationError {
  try {
    action();
  } catch (error) {
    if (error instanceof StationError) return error;
    throw error;
  }
  throw new Error('Expected a refusal, but the call succeeded.');
}

/** A started session of one short text question, to hang signals, events and media on. */
export function seedTestSession(db: Db, startedAt = 0): number {
  const { interviewId } = seedTestInterview(db, {
    questions: [{ type: 'text', readingSeconds: 1, answerSeconds: 5 }],
  });
  return insertSession(db, interviewId, loadInterviewQuestions(db, interviewId), startedAt);
}
