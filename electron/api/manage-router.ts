import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { INTERVIEW_STATUSES } from '../../shared/enums';
import {
  candidateFields,
  interviewFields,
  jobFields,
  MAX_QUESTIONNAIRE_QUESTIONS,
  questionFields,
  questionFilter,
  questionnaireFields,
  staffAccountFields,
} from '../manage/schemas';
import type { StaffUser } from '../domain/staff-auth';
import { id } from '../core/fields';
import { adminProcedure, recruiterProcedure, staffActor, withoutToken } from './staff-procedures';
import { router } from './trpc';

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
  listJobs: recruiterProcedure.query(({ ctx }) => ctx.services.jobs.list()),
  createJob: recruiterProcedure
    .input(z.object({ job: jobFields }))
    .mutation(({ ctx, input }) => ctx.services.jobs.create(staffActor(ctx.staff), input.job)),
  updateJob: recruiterProcedure
    .input(z.object({ jobId: id, job: jobFields }))
    .mutation(({ ctx, input }) =>
      ctx.services.jobs.update(staffActor(ctx.staff), input.jobId, input.job),
    ),
  deleteJob: recruiterProcedure
    .input(z.object({ jobId: id }))
    .mutation(({ ctx, input }) => ctx.services.jobs.delete(staffActor(ctx.staff), input.jobId)),

  listQuestions: recruiterProcedure
    .input(z.object({ filter: questionFilter.optional() }))
    .query(({ ctx, input }) => ctx.services.questions.list(input.filter ?? {})),
  createQuestion: recruiterProcedure
    .input(z.object({ question: questionFields }))
    .mutation(({ ctx, input }) =>
      ctx.services.questions.create(staffActor(ctx.staff), input.question),
    ),
  updateQuestion: recruiterProcedure
    .input(z.object({ questionId: id, question: questionFields }))
    .mutation(({ ctx, input }) =>
      ctx.services.questions.update(staffActor(ctx.staff), input.questionId, input.question),
    ),
  removeQuestion: recruiterProcedure
    .input(z.object({ questionId: id }))
    .mutation(({ ctx, input }) =>
      ctx.services.questions.remove(staffActor(ctx.staff), input.questionId),
    ),
  restoreQuestion: recruiterProcedure
    .input(z.object({ questionId: id }))
    .mutation(({ ctx, input }) =>
      ctx.services.questions.restore(staffActor(ctx.staff), input.questionId),
    ),
  exportQuestions: recruiterProcedure
    .input(z.object({ filter: questionFilter.optional() }))
    .mutation(({ ctx, input }) =>
      ctx.services.questions.exportFile(staffActor(ctx.staff), input.filter ?? {}),
    ),
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
    .mutation(({ ctx, input }) =>
      ctx.services.questions.importFile(staffActor(ctx.staff), input.text),
    ),

  listQuestionnaires: recruiterProcedure.query(({ ctx }) => ctx.services.questionnaires.list()),
  getQuestionnaire: recruiterProcedure
    .input(z.object({ questionnaireId: id }))
    .query(({ ctx, input }) => ctx.services.questionnaires.get(input.questionnaireId)),
  createQuestionnaire: recruiterProcedure
    .input(z.object({ questionnaire: questionnaireFields }))
    .mutation(({ ctx, input }) =>
      ctx.services.questionnaires.create(staffActor(ctx.staff), input.questionnaire),
    ),
  updateQuestionnaire: recruiterProcedure
    .input(z.object({ questionnaireId: id, questionnaire: questionnaireFields }))
    .mutation(({ ctx, input }) =>
      ctx.services.questionnaires.update(
        staffActor(ctx.staff),
        input.questionnaireId,
        input.questionnaire,
      ),
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
      ctx.services.questionnaires.setQuestions(
        staffActor(ctx.staff),
        input.questionnaireId,
        input.questionIds,
      ),
    ),
  duplicateQuestionnaire: recruiterProcedure
    .input(z.object({ questionnaireId: id }))
    .mutation(({ ctx, input }) =>
      ctx.services.questionnaires.duplicate(staffActor(ctx.staff), input.questionnaireId),
    ),

  listCandidates: recruiterProcedure
    .input(z.object({ search: z.string().trim().max(200).optional() }))
    .query(({ ctx, input }) => ctx.services.candidates.list(input.search)),
  createCandidate: recruiterProcedure
    .input(z.object({ candidate: candidateFields }))
    .mutation(({ ctx, input }) =>
      ctx.services.candidates.create(staffActor(ctx.staff), input.candidate),
    ),
  updateCandidate: recruiterProcedure
    .input(z.object({ candidateId: id, candidate: candidateFields }))
    .mutation(({ ctx, input }) =>
      ctx.services.candidates.update(staffActor(ctx.staff), input.candidateId, input.candidate),
    ),

  listInterviews: recruiterProcedure
    .input(z.object({ status: z.enum(INTERVIEW_STATUSES).optional(), candidateId: id.optional() }))
    .query(({ ctx, input }) => ctx.services.interviews.list(withoutToken(input))),
  /** What a new interview's form starts from. */
  scheduleDefaults: recruiterProcedure.query(({ ctx }) =>
    ctx.services.interviews.scheduleDefaults(),
  ),
  scheduleInterview: recruiterProcedure
    .input(z.object({ interview: interviewFields }))
    .mutation(({ ctx, input }) =>
      ctx.services.interviews.schedule(staffActor(ctx.staff), input.interview),
    ),
  cancelInterview: recruiterProcedure
    .input(z.object({ interviewId: id }))
    .mutation(({ ctx, input }) =>
      ctx.services.interviews.cancel(staffActor(ctx.staff), input.interviewId),
    ),
  /** A new access code for an interview that has not started, shown once; the old one ends. */
  reissueAccessCode: recruiterProcedure
    .input(z.object({ interviewId: id }))
    .mutation(({ ctx, input }) =>
      ctx.services.interviews.reissueCode(staffActor(ctx.staff), input.interviewId),
    ),
  invitation: recruiterProcedure
    .input(z.object({ interviewId: id }))
    .query(({ ctx, input }) =>
      ctx.services.interviews.invitation(staffActor(ctx.staff), input.interviewId),
    ),

  listStaff: adminProcedure.query(({ ctx }) => ctx.services.staffAccounts.list()),
  createStaff: recruiterProcedure
    .input(z.object({ account: staffAccountFields }))
    .use(({ ctx, next }) => {
      refuseUnlessAdmin(ctx.staff);
      return next();
    })
    .mutation(({ ctx, input }) =>
      ctx.services.staffAccounts.create(staffActor(ctx.staff), input.account),
    ),
  resetStaffPassword: recruiterProcedure
    .input(z.object({ userId: id }))
    .use(({ ctx, next }) => {
      refuseUnlessAdmin(ctx.staff);
      return next();
    })
    .mutation(({ ctx, input }) =>
      ctx.services.staffAccounts.resetPassword(staffActor(ctx.staff), input.userId),
    ),
  unlockStaff: recruiterProcedure
    .input(z.object({ userId: id }))
    .use(({ ctx, next }) => {
      refuseUnlessAdmin(ctx.staff);
      return next();
    })
    .mutation(({ ctx, input }) =>
      ctx.services.staffAccounts.unlock(staffActor(ctx.staff), input.userId),
    ),
  setStaffActive: recruiterProcedure
    .input(z.object({ userId: id, active: z.boolean() }))
    .use(({ ctx, next }) => {
      refuseUnlessAdmin(ctx.staff);
      return next();
    })
    .mutation(({ ctx, input }) =>
      ctx.services.staffAccounts.setActive(staffActor(ctx.staff), input.userId, input.active),
    ),
});
