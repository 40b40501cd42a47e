/**
 * The management screens' services: each is built once with the database and the clock, and
 * each method is one procedure's work, recorded against the staff member making the call.
 * The rules live in the free functions of this folder; these only hand them their context.
 */
import type { Db } from '../../db/open';
import type { CandidateTokens } from '../domain/candidate-tokens';
import type { CheckIn } from '../domain/check-in';
import type { Clock } from '../core/clock';
import { DEFAULT_ALTERNATIVE_PATH } from '../domain/seed';
import type { JobScope } from '../domain/job-access';
import type { StaffAuth } from '../domain/staff-auth';
import { createCandidate, listCandidates, updateCandidate } from './candidates';
import type { ManageContext, StaffActor } from './context';
import {
  cancelInterview,
  invitationOf,
  listInterviews,
  reissueAccessCode,
  scheduleInterview,
} from './interviews';
import { setStaffJobs } from './job-assignments';
import { createJob, deleteJob, listJobs, updateJob } from './jobs';
import { exportQuestions, importQuestions } from './question-transfer';
import {
  createQuestionnaire,
  duplicateQuestionnaire,
  getQuestionnaire,
  listQuestionnaires,
  setQuestionnaireQuestions,
  updateQuestionnaire,
} from './questionnaires';
import {
  createQuestion,
  listQuestions,
  removeQuestion,
  restoreQuestion,
  updateQuestion,
} from './questions';
import {
  MAX_CODE_VALIDITY_DAYS,
  type CandidateFields,
  type InterviewFields,
  type JobFields,
  type QuestionFields,
  type QuestionFilter,
  type QuestionnaireFields,
  type StaffAccountFields,
} from './schemas';
import {
  createStaff,
  listStaff,
  resetStaffPassword,
  setStaffActive,
  unlockStaff,
} from './staff-accounts';

/** What every management service starts from: the database and the station's clock. */
abstract class ManageService {
  constructor(
    protected readonly db: Db,
    protected readonly clock: Clock,
  ) {}

  /** The context of one call: now, and who makes it. */
  protected as(actor: StaffActor): ManageContext {
    return { db: this.db, now: this.clock.now(), actor };
  }
}

export class JobsService extends ManageService {
  /** The jobs in the caller's scope (JobAccess.scope). */
  list(scope: JobScope) {
    return listJobs({ db: this.db }, scope);
  }

  create(actor: StaffActor, job: JobFields) {
    return createJob(this.as(actor), job);
  }

  update(actor: StaffActor, jobId: number, job: JobFields) {
    return updateJob(this.as(actor), jobId, job);
  }

  delete(actor: StaffActor, jobId: number) {
    return deleteJob(this.as(actor), jobId);
  }
}

export class QuestionsService extends ManageService {
  list(filter: QuestionFilter) {
    return listQuestions({ db: this.db }, filter);
  }

  create(actor: StaffActor, question: QuestionFields) {
    return createQuestion(this.as(actor), question);
  }

  update(actor: StaffActor, questionId: number, question: QuestionFields) {
    return updateQuestion(this.as(actor), questionId, question);
  }

  remove(actor: StaffActor, questionId: number) {
    return removeQuestion(this.as(actor), questionId);
  }

  restore(actor: StaffActor, questionId: number) {
    return restoreQuestion(this.as(actor), questionId);
  }

  exportFile(actor: StaffActor, filter: QuestionFilter, jobScope?: JobScope) {
    return exportQuestions(this.as(actor), filter, jobScope);
  }

  importFile(actor: StaffActor, text: string) {
    return importQuestions(this.as(actor), text);
  }
}

export class QuestionnairesService extends ManageService {
  list() {
    return listQuestionnaires({ db: this.db });
  }

  get(questionnaireId: number) {
    return getQuestionnaire({ db: this.db }, questionnaireId);
  }

  create(actor: StaffActor, questionnaire: QuestionnaireFields) {
    return createQuestionnaire(this.as(actor), questionnaire);
  }

  update(actor: StaffActor, questionnaireId: number, questionnaire: QuestionnaireFields) {
    return updateQuestionnaire(this.as(actor), questionnaireId, questionnaire);
  }

  setQuestions(actor: StaffActor, questionnaireId: number, questionIds: number[]) {
    return setQuestionnaireQuestions(this.as(actor), questionnaireId, questionIds);
  }

  duplicate(actor: StaffActor, questionnaireId: number) {
    return duplicateQuestionnaire(this.as(actor), questionnaireId);
  }
}

export class CandidatesService extends ManageService {
  /** An empty search lists everyone the caller's scope shows. */
  list(search: string | undefined, scope: JobScope) {
    return listCandidates({ db: this.db }, search || undefined, scope);
  }

  create(actor: StaffActor, candidate: CandidateFields) {
    return createCandidate(this.as(actor), candidate);
  }

  update(actor: StaffActor, candidateId: number, candidate: CandidateFields) {
    return updateCandidate(this.as(actor), candidateId, candidate);
  }
}

export class InterviewsService extends ManageService {
  constructor(
    db: Db,
    clock: Clock,
    private readonly station: {
      /** A cancelled interview's code stops working, for a checked-in candidate too. */
      tokens: Pick<CandidateTokens, 'revokeInterview'>;
      /** What the invitation says about the questionnaire. */
      checkIn: Pick<CheckIn, 'describe'>;
      stationName: string;
      /** The key access codes are stored under (core/station-key.ts). */
      stationKey: Buffer;
    },
  ) {
    super(db, clock);
  }

  /** The interviews of the jobs in the caller's scope. */
  list(filter: Parameters<typeof listInterviews>[1], scope: JobScope) {
    return listInterviews({ db: this.db, now: this.clock.now() }, filter, scope);
  }

  /** What a new interview's form starts from. */
  scheduleDefaults() {
    return { alternativePath: DEFAULT_ALTERNATIVE_PATH, maxValidityDays: MAX_CODE_VALIDITY_DAYS };
  }

  schedule(actor: StaffActor, interview: InterviewFields) {
    return scheduleInterview(this.as(actor), interview, this.station.stationKey);
  }

  /** A new code for an interview that has not started; the old one stops working. */
  reissueCode(actor: StaffActor, interviewId: number) {
    return reissueAccessCode(this.as(actor), interviewId, this.station.stationKey, (id) =>
      this.station.tokens.revokeInterview(id),
    );
  }

  cancel(actor: StaffActor, interviewId: number) {
    return cancelInterview(this.as(actor), interviewId, (id) =>
      this.station.tokens.revokeInterview(id),
    );
  }

  /** The printed invitation (less the code): the station, how many questions and how long. */
  invitation(actor: StaffActor, interviewId: number) {
    const invitation = invitationOf(this.as(actor), interviewId);
    const { questionCount, expectedMinutes } = this.station.checkIn.describe(interviewId);
    return {
      ...invitation,
      stationName: this.station.stationName,
      questionCount,
      expectedMinutes,
    };
  }
}

export class StaffAccountsService extends ManageService {
  constructor(
    db: Db,
    clock: Clock,
    /** Sign-ins of an account whose password was reset end with the old password. */
    private readonly staff: Pick<StaffAuth, 'endSignIns'>,
  ) {
    super(db, clock);
  }

  list() {
    return listStaff({ db: this.db, now: this.clock.now() });
  }

  create(actor: StaffActor, account: StaffAccountFields) {
    return createStaff(this.as(actor), account);
  }

  async resetPassword(actor: StaffActor, userId: number) {
    const reset = await resetStaffPassword(this.as(actor), userId);
    // The old password's sign-ins end with it.
    this.staff.endSignIns(userId);
    return reset;
  }

  unlock(actor: StaffActor, userId: number) {
    return unlockStaff(this.as(actor), userId);
  }

  /** Sets the jobs a recruiter is assigned to (and so sees). */
  setJobs(actor: StaffActor, userId: number, jobIds: number[]) {
    setStaffJobs(this.as(actor), userId, jobIds);
  }

  /** Switches an account off, ending its sign-ins at once, or on again. */
  setActive(actor: StaffActor, userId: number, active: boolean) {
    setStaffActive(this.as(actor), userId, active);
    if (!active) this.staff.endSignIns(userId);
  }
}
