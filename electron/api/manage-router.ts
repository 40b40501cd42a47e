import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { INTERVIEW_STATUSES } from '../../shared/enums';
import { createCandidate, listCandidates, updateCandidate } from '../manage/candidates';
import type { ManageContext } from '../manage/context';
import {
  cancelInterview,
  invitationOf,
  listInterviews,
  scheduleInterview,
} from '../manage/interviews';
import { createJob, deleteJob, listJobs, updateJob } from '../manage/jobs';
import { exportQuestions, importQuestions } from '../manage/question-transfer';
import {
  createQuestionnaire,
  duplicateQuestionnaire,
  getQuestionnaire,
  listQuestionnaires,
  setQuestionnaireQuestions,
  updateQuestionnaire,
} from '../manage/questionnaires';
import {
  createQuestion,
  listQuestions,
  removeQuestion,
  restoreQuestion,
  updateQuestion,
} from '../manage/questions';
import {
  candidateFields,
  id,
  interviewFields,
  jobFields,
  MAX_CODE_VALIDITY_DAYS,
  MAX_QUESTIONNAIRE_QUESTIONS,
  questionFields,
  questionFilter,
  questionnaireFields,
  staffAccountFields,
} from '../manage/schemas';
import { createStaff, listStaff, resetStaffPassword, unlockStaff } from '../manage/staff-accounts';
import { DEFAULT_ALTERNATIVE_PATH } from '../domain/seed';
import type { StaffUser } from '../domain/staff-auth';
import { adminProcedure, recruiterProcedure, staffActor } from './staff-procedures';
import { router, type Context } from './trpc';

function manage(ctx: Context & { staff: StaffUser }): ManageContext {
  return { db: ctx.services.db, now: ctx.services.clock.now(), actor: staffActor(ctx.staff) };
}

/**
 * Admin-only writes check their input before the role (adminProcedure checks the role
 * first), so a malformed call is BAD_REQUEST for any signed-in staff member and the input
 * rules can be tested with a recruiter's sign-in. The role is still checked before anything
 * is read or written.
 */
function refuseUnlessAdmin(staff: StaffUser): void {
  if (staff.role !== 'admin') {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Only an admin can do this.' });
  }
}

// Below the browser station's 1 MiB WebSocket message limit, with room for the envelope.
const MAX_IMPORT_FILE_CHARS = 800_000;

/**
 * Management of what interviews are made of: jobs, the question bank, questionnaires,
 * candidates, scheduled interviews, and (admins only) staff accounts. Every write is audited
 * against the staff member making it. Procedure names are flat (`manage.createJob`).
 */
export const manageRouter = router({
  listJobs: recruiterProcedure.query(({ ctx }) => listJobs(ctx.services)),
  createJob: recruiterProcedure
    .input(z.object({ job: jobFields }))
    .mutation(({ ctx, input }) => createJob(manage(ctx), input.job)),
  updateJob: recruiterProcedure
    .input(z.object({ jobId: id, job: jobFields }))
    .mutation(({ ctx, input }) => updateJob(manage(ctx), input.jobId, input.job)),
  deleteJob: recruiterProcedure
    .input(z.object({ jobId: id }))
    .mutation(({ ctx, input }) => deleteJob(manage(ctx), input.jobId)),

  listQuestions: recruiterProcedure
    .input(z.object({ filter: questionFilter.optional() }))
    .query(({ ctx, input }) => listQuestions(ctx.services, input.filter ?? {})),
  createQuestion: recruiterProcedure
    .input(z.object({ question: questionFields }))
    .mutation(({ ctx, input }) => createQuestion(manage(ctx), input.question)),
  updateQuestion: recruiterProcedure
    .input(z.object({ questionId: id, question: questionFields }))
    .mutation(({ ctx, input }) => updateQuestion(manage(ctx), input.questionId, input.question)),
  removeQuestion: recruiterProcedure
    .input(z.object({ questionId: id }))
    .mutation(({ ctx, input }) => removeQuestion(manage(ctx), input.questionId)),
  restoreQuestion: recruiterProcedure
    .input(z.object({ questionId: id }))
    .mutation(({ ctx, input }) => restoreQuestion(manage(ctx), input.questionId)),
  exportQuestions: recruiterProcedure
    .input(z.object({ filter: questionFilter.optional() }))
    .mutation(({ ctx, input }) => exportQuestions(manage(ctx), input.filter ?? {})),
  importQuestions: recruiterProcedure
    .input(
      z.object({
        text: z
          .string()
          .min(1, 'The file is empty.')
          .max(
            MAX_IMPORT_FILE_CHARS,
            'The file is too large to import (800 kB at most); split it into smaller files.',
          ),
      }),
    )
    .mutation(({ ctx, input }) => importQuestions(manage(ctx), input.text)),

  listQuestionnaires: recruiterProcedure.query(({ ctx }) => listQuestionnaires(ctx.services)),
  getQuestionnaire: recruiterProcedure
    .input(z.object({ questionnaireId: id }))
    .query(({ ctx, input }) => getQuestionnaire(ctx.services, input.questionnaireId)),
  createQuestionnaire: recruiterProcedure
    .input(z.object({ questionnaire: questionnaireFields }))
    .mutation(({ ctx, input }) => createQuestionnaire(manage(ctx), input.questionnaire)),
  updateQuestionnaire: recruiterProcedure
    .input(z.object({ questionnaireId: id, questionnaire: questionnaireFields }))
    .mutation(({ ctx, input }) =>
      updateQuestionnaire(manage(ctx), input.questionnaireId, input.questionnaire),
    ),
  setQuestionnaireQuestions: recruiterProcedure
    .input(
      z.object({
        questionnaireId: id,
        questionIds: z
          .array(id)
          .max(
            MAX_QUESTIONNAIRE_QUESTIONS,
            `A questionnaire has at most ${MAX_QUESTIONNAIRE_QUESTIONS} questions.`,
          )
          .refine((ids) => new Set(ids).size === ids.length, 'A question can appear only once.'),
      }),
    )
    .mutation(({ ctx, input }) =>
      setQuestionnaireQuestions(manage(ctx), input.questionnaireId, input.questionIds),
    ),
  duplicateQuestionnaire: recruiterProcedure
    .input(z.object({ questionnaireId: id }))
    .mutation(({ ctx, input }) => duplicateQuestionnaire(manage(ctx), input.questionnaireId)),

  listCandidates: recruiterProcedure
    .input(z.object({ search: z.string().trim().max(200).optional() }))
    .query(({ ctx, input }) => listCandidates(ctx.services, input.search || undefined)),
  createCandidate: recruiterProcedure
    .input(z.object({ candidate: candidateFields }))
    .mutation(({ ctx, input }) => createCandidate(manage(ctx), input.candidate)),
  updateCandidate: recruiterProcedure
    .input(z.object({ candidateId: id, candidate: candidateFields }))
    .mutation(({ ctx, input }) => updateCandidate(manage(ctx), input.candidateId, input.candidate)),

  listInterviews: recruiterProcedure
    .input(z.object({ status: z.enum(INTERVIEW_STATUSES).optional(), candidateId: id.optional() }))
    .query(({ ctx, input }) =>
      listInterviews({ db: ctx.services.db, now: ctx.services.clock.now() }, input),
    ),
  /** What a new interview's form starts from. */
  scheduleDefaults: recruiterProcedure.query(() => ({
    alternativePath: DEFAULT_ALTERNATIVE_PATH,
    maxValidityDays: MAX_CODE_VALIDITY_DAYS,
  })),
  scheduleInterview: recruiterProcedure
    .input(z.object({ interview: interviewFields }))
    .mutation(({ ctx, input }) => scheduleInterview(manage(ctx), input.interview)),
  cancelInterview: recruiterProcedure
    .input(z.object({ interviewId: id }))
    .mutation(({ ctx, input }) =>
      cancelInterview(manage(ctx), input.interviewId, (interviewId) =>
        ctx.services.tokens.revokeInterview(interviewId),
      ),
    ),
  invitation: recruiterProcedure.input(z.object({ interviewId: id })).query(({ ctx, input }) => {
    const invitation = invitationOf(manage(ctx), input.interviewId);
    const { questionCount, expectedMinutes } = ctx.services.checkIn.describe(input.interviewId);
    return {
      ...invitation,
      stationName: ctx.services.config.stationName,
      questionCount,
      expectedMinutes,
    };
  }),

  listStaff: adminProcedure.query(({ ctx }) =>
    listStaff({ db: ctx.services.db, now: ctx.services.clock.now() }),
  ),
  createStaff: recruiterProcedure
    .input(z.object({ account: staffAccountFields }))
    .use(({ ctx, next }) => {
      refuseUnlessAdmin(ctx.staff);
      return next();
    })
    .mutation(({ ctx, input }) => createStaff(manage(ctx), input.account)),
  resetStaffPassword: recruiterProcedure
    .input(z.object({ userId: id }))
    .use(({ ctx, next }) => {
      refuseUnlessAdmin(ctx.staff);
      return next();
    })
    .mutation(async ({ ctx, input }) => {
      const reset = await resetStaffPassword(manage(ctx), input.userId);
      // The old password's sign-ins end with it.
      ctx.services.staff.endSignIns(input.userId);
      return reset;
    }),
  unlockStaff: recruiterProcedure
    .input(z.object({ userId: id }))
    .use(({ ctx, next }) => {
      refuseUnlessAdmin(ctx.staff);
      return next();
    })
    .mutation(({ ctx, input }) => unlockStaff(manage(ctx), input.userId)),
});
