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
import { formatAccessCode } from '../core/secrets';
import { unusedAccessCode } from '../domain/access-codes';
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
  /** When the current code was issued; the code itself is shown only then. */
  codeIssuedAt: number;
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
      codeIssuedAt: i.codeIssuedAt ?? i.createdAt,
      status: i.status,
      expired: ['scheduled', 'checked_in'].includes(i.status) && i.expiresAt < ctx.now,
      expiresAt: i.expiresAt,
      accommodations: i.accommodations,
      aiScoring: i.aiScoring,
      isDemo: i.isDemo,
      createdAt: i.createdAt,
    }));
}

/**
 * Schedules an interview and gives it a fresh access code; returns the code as printed. This
 * is the only time the code is known: the database keeps its keyed hash.
 */
export function scheduleInterview(
  ctx: ManageContext,
  fields: InterviewFields,
  stationKey: Buffer,
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
  const { code, hash } = unusedAccessCode(db, stationKey);
  const row = db
    .insert(interviews)
    .values({ ...fields, accessCodeHash: hash, codeIssuedAt: ctx.now })
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
  return { id: row.id, accessCode: formatAccessCode(code) };
}

/** Why an interview can no longer take a code, or null while it still can. */
function closedBecause(ctx: ManageContext, interviewId: number): string | null {
  const interview = found(
    ctx.db.select().from(interviews).where(eq(interviews.id, interviewId)).get(),
    'interview',
  );
  const session = ctx.db
    .select({ id: sessions.id })
    .from(sessions)
    .where(eq(sessions.interviewId, interviewId))
    .get();
  if (interview.status === 'cancelled') return 'This interview is cancelled.';
  if (session || !['scheduled', 'checked_in'].includes(interview.status)) {
    return 'This interview has already started, so its code is no longer needed.';
  }
  if (interview.expiresAt < ctx.now) {
    return 'This interview has expired. Schedule a new one for the candidate.';
  }
  return null;
}

/**
 * Gives an interview that has not started a new access code (the old one was lost, or seen by
 * someone else): the old code stops working at once, a candidate checked in with it is sent
 * back to the start, and the new code is returned to be shown once.
 */
export function reissueAccessCode(
  ctx: ManageContext,
  interviewId: number,
  stationKey: Buffer,
  revokeCandidate: (interviewId: number) => void,
): { id: number; accessCode: string } {
  const closed = closedBecause(ctx, interviewId);
  if (closed) throw new StationError('CONFLICT', closed);
  const { code, hash } = unusedAccessCode(ctx.db, stationKey);
  ctx.db
    .update(interviews)
    .set({ accessCodeHash: hash, codeIssuedAt: ctx.now, status: 'scheduled' })
    .where(eq(interviews.id, interviewId))
    .run();
  revokeCandidate(interviewId);
  // As for scheduling: the code stays out of the audit log.
  auditChange(ctx, 'access_code_reissued', { type: 'interview', id: interviewId });
  return { id: interviewId, accessCode: formatAccessCode(code) };
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
  expiresAt: number;
  status: InterviewStatus;
  accommodations: Accommodations;
}

/**
 * What a printed invitation shows besides the access code, which only the screen that issued
 * it holds (scheduling, or issuing a new code).
 */
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
    expiresAt: row.i.expiresAt,
    status: row.i.status,
    accommodations: row.i.accommodations,
  };
}
