import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import {
  candidates,
  interviews,
  jobs,
  questionnaireQuestions,
  questionnaires,
  sessions,
  type Accommodations,
} from '../../db/schema';
import { type INTERVIEW_STATUSES } from '../../shared/enums';
import { StationError } from '../core/errors';
import { ALL_JOBS, jobCondition, type JobScope } from '../domain/job-access';
import { formatAccessCode, newAccessCode } from '../core/secrets';
import { auditChange, found, type ManageContext } from './context';
import { MAX_CODE_VALIDITY_DAYS, type InterviewFields } from './schemas';

type InterviewStatus = (typeof INTERVIEW_STATUSES)[number];
const DAY_MS = 24 * 60 * 60 * 1000;
// Codes shorter-lived than this would expire before anyone could print and hand them over.
const MIN_VALIDITY_MS = 15 * 60 * 1000;

export interface InterviewListItem {
  id: number;
  candidateId: number;
  candidateName: string;
  jobTitle: string;
  questionnaireTitle: string;
  /** Formatted for people: XXXX-XXXX. */
  accessCode: string;
  status: InterviewStatus;
  /** Still scheduled, but past its expiry: the code no longer works. */
  expired: boolean;
  expiresAt: number;
  accommodations: Accommodations;
  aiScoring: boolean;
  isDemo: boolean;
  createdAt: number;
}

const LIST_LIMIT = 500;

/** Interviews of the jobs in scope, newest first, optionally of one status or one candidate. */
export function listInterviews(
  ctx: Pick<ManageContext, 'db' | 'now'>,
  filter: { status?: InterviewStatus; candidateId?: number },
  scope: JobScope = ALL_JOBS,
): InterviewListItem[] {
  const where: SQL[] = [];
  const ofScope = jobCondition(scope, interviews.jobId);
  if (ofScope) where.push(ofScope);
  if (filter.status) where.push(eq(interviews.status, filter.status));
  if (filter.candidateId) where.push(eq(interviews.candidateId, filter.candidateId));
  return ctx.db
    .select({
      i: interviews,
      candidateName: candidates.fullName,
      jobTitle: jobs.title,
      questionnaireTitle: questionnaires.title,
    })
    .from(interviews)
    .innerJoin(candidates, eq(candidates.id, interviews.candidateId))
    .innerJoin(jobs, eq(jobs.id, interviews.jobId))
    .innerJoin(questionnaires, eq(questionnaires.id, interviews.questionnaireId))
    .where(and(...where))
    .orderBy(desc(interviews.createdAt), desc(interviews.id))
    .limit(LIST_LIMIT)
    .all()
    .map(({ i, candidateName, jobTitle, questionnaireTitle }) => ({
      id: i.id,
      candidateId: i.candidateId,
      candidateName,
      jobTitle,
      questionnaireTitle,
      accessCode: formatAccessCode(i.accessCode),
      status: i.status,
      expired: ['scheduled', 'checked_in'].includes(i.status) && i.expiresAt < ctx.now,
      expiresAt: i.expiresAt,
      accommodations: i.accommodations,
      aiScoring: i.aiScoring,
      isDemo: i.isDemo,
      createdAt: i.createdAt,
    }));
}

/** Schedules an interview and gives it a fresh access code; returns the code as printed. */
export function scheduleInterview(
  ctx: ManageContext,
  fields: InterviewFields,
): { id: number; accessCode: string } {
  const { db } = ctx;
  found(
    db
      .select({ id: candidates.id })
      .from(candidates)
      .where(eq(candidates.id, fields.candidateId))
      .get(),
    'candidate',
  );
  const job = found(db.select().from(jobs).where(eq(jobs.id, fields.jobId)).get(), 'job');
  const questionnaire = found(
    db.select().from(questionnaires).where(eq(questionnaires.id, fields.questionnaireId)).get(),
    'questionnaire',
  );
  if (questionnaire.jobId !== null && questionnaire.jobId !== job.id) {
    throw new StationError(
      'BAD_REQUEST',
      `“${questionnaire.title}” is written for another job. Choose one for “${job.title}”, or one without a job.`,
    );
  }
  const questionCount =
    db
      .select({ n: count() })
      .from(questionnaireQuestions)
      .where(eq(questionnaireQuestions.questionnaireId, questionnaire.id))
      .get()?.n ?? 0;
  if (questionCount === 0) {
    throw new StationError('BAD_REQUEST', `“${questionnaire.title}” has no questions yet.`);
  }
  if (fields.expiresAt < ctx.now + MIN_VALIDITY_MS) {
    throw new StationError('BAD_REQUEST', 'Choose an expiry at least 15 minutes from now.');
  }
  if (fields.expiresAt > ctx.now + MAX_CODE_VALIDITY_DAYS * DAY_MS) {
    throw new StationError(
      'BAD_REQUEST',
      `An access code can stay valid for at most ${MAX_CODE_VALIDITY_DAYS} days.`,
    );
  }
  const accessCode = unusedAccessCode(ctx);
  const row = db
    .insert(interviews)
    .values({ ...fields, accessCode })
    .returning({ id: interviews.id })
    .get();
  // The code itself stays out of the audit log: the log is readable by more people.
  auditChange(
    ctx,
    'interview_scheduled',
    { type: 'interview', id: row.id },
    {
      candidateId: fields.candidateId,
      jobId: fields.jobId,
      questionnaireId: fields.questionnaireId,
      expiresAt: fields.expiresAt,
      accommodations: fields.accommodations,
    },
  );
  return { id: row.id, accessCode: formatAccessCode(accessCode) };
}

function unusedAccessCode(ctx: Pick<ManageContext, 'db'>): string {
  // 31^8 codes: a clash is rare, but a code must never point at two interviews.
  for (let attempt = 0; attempt < 10; attempt++) {
    const code = newAccessCode();
    const taken = ctx.db
      .select({ id: interviews.id })
      .from(interviews)
      .where(eq(interviews.accessCode, code))
      .get();
    if (!taken) return code;
  }
  throw new Error('No unused access code found after 10 attempts.');
}

/**
 * Cancels an interview that has not started: its code stops working at once, including for
 * a candidate who has checked in and is reading the notice.
 */
export function cancelInterview(
  ctx: ManageContext,
  interviewId: number,
  revokeCandidate: (interviewId: number) => void,
): void {
  const interview = found(
    ctx.db.select().from(interviews).where(eq(interviews.id, interviewId)).get(),
    'interview',
  );
  const session = ctx.db
    .select({ id: sessions.id })
    .from(sessions)
    .where(eq(sessions.interviewId, interviewId))
    .get();
  if (session || !['scheduled', 'checked_in'].includes(interview.status)) {
    throw new StationError(
      'CONFLICT',
      interview.status === 'cancelled'
        ? 'This interview is already cancelled.'
        : 'This interview has already started, so it can no longer be cancelled.',
    );
  }
  ctx.db
    .update(interviews)
    .set({ status: 'cancelled' })
    .where(eq(interviews.id, interviewId))
    .run();
  revokeCandidate(interviewId);
  auditChange(ctx, 'interview_cancelled', { type: 'interview', id: interviewId });
}

export interface Invitation {
  interviewId: number;
  candidateName: string;
  jobTitle: string;
  accessCode: string;
  expiresAt: number;
  status: InterviewStatus;
  accommodations: Accommodations;
}

/** What a printed invitation shows, including the access code. */
export function invitationOf(ctx: ManageContext, interviewId: number): Invitation {
  const row = found(
    ctx.db
      .select({ i: interviews, candidateName: candidates.fullName, jobTitle: jobs.title })
      .from(interviews)
      .innerJoin(candidates, eq(candidates.id, interviews.candidateId))
      .innerJoin(jobs, eq(jobs.id, interviews.jobId))
      .where(eq(interviews.id, interviewId))
      .get(),
    'interview',
  );
  auditChange(ctx, 'invitation_viewed', { type: 'interview', id: interviewId });
  return {
    interviewId,
    candidateName: row.candidateName,
    jobTitle: row.jobTitle,
    accessCode: formatAccessCode(row.i.accessCode),
    expiresAt: row.i.expiresAt,
    status: row.i.status,
    accommodations: row.i.accommodations,
  };
}
