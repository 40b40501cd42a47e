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
import { MAX_RESUME_BYTES, MAX_RESUME_PART_CHARS } from '../../shared/resume-upload';
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

/** One part of a résumé upload (shared/resume-upload.ts): base64, in order, by offset. */
const resumePart = z.object({
  candidateId: id,
  uploadId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'Not an upload id.'),
  fileName: z.string().max(1000),
  // A 200 MB file is named here and refused by size before its data is sent.
  totalBytes: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  offset: z.number().int().min(0).max(MAX_RESUME_BYTES),
  data: z.base64().min(1).max(MAX_RESUME_PART_CHARS),
});

// Below the limits a station's own lists reach; an assignment names each job once.
const MAX_ASSIGNED_JOBS = 1000;

/**
 * Management of what interviews are made of: jobs, the question bank, questionnaires,
 * candidates, scheduled interviews, and (admins only) staff accounts and who hires for which
 * job. Every write is audited against the staff member making it. Jobs, candidates and
 * interviews are those of the caller's jobs only (JobAccess): lists leave the others out, a
 * call naming one is FORBIDDEN. The question bank and questionnaires are shared by all staff.
 * Procedure names are flat (`manage.createJob`).
 */
export const manageRouter = router({
  listJobs: recruiterProcedure.query(({ ctx }) =>
    ctx.services.jobs.list(ctx.services.jobAccess.scope(ctx.staff)),
  ),
  createJob: recruiterProcedure
    .input(z.object({ job: jobFields }))
    .mutation(({ ctx, input }) => ctx.services.jobs.create(staffActor(ctx.staff), input.job)),
  updateJob: recruiterProcedure
    .input(z.object({ jobId: id, job: jobFields }))
    .mutation(({ ctx, input }) => {
      ctx.services.jobAccess.job(ctx.staff, input.jobId);
      return ctx.services.jobs.update(staffActor(ctx.staff), input.jobId, input.job);
    }),
  deleteJob: recruiterProcedure.input(z.object({ jobId: id })).mutation(({ ctx, input }) => {
    ctx.services.jobAccess.job(ctx.staff, input.jobId);
    return ctx.services.jobs.delete(staffActor(ctx.staff), input.jobId);
  }),

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
      ctx.services.questions.exportFile(
        staffActor(ctx.staff),
        input.filter ?? {},
        // Only the jobs the caller may see travel with the bank.
        ctx.services.jobAccess.scope(ctx.staff),
      ),
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
    .query(({ ctx, input }) =>
      ctx.services.candidates.list(input.search, ctx.services.jobAccess.scope(ctx.staff)),
    ),
  createCandidate: recruiterProcedure
    .input(z.object({ candidate: candidateFields }))
    .mutation(({ ctx, input }) =>
      ctx.services.candidates.create(staffActor(ctx.staff), input.candidate),
    ),
  updateCandidate: recruiterProcedure
    .input(z.object({ candidateId: id, candidate: candidateFields }))
    .mutation(({ ctx, input }) => {
      ctx.services.jobAccess.candidate(ctx.staff, input.candidateId);
      return ctx.services.candidates.update(
        staffActor(ctx.staff),
        input.candidateId,
        input.candidate,
      );
    }),
  /** A part of a résumé file; the last one's answer says what was read, or why not. */
  uploadResumePart: recruiterProcedure.input(resumePart).mutation(({ ctx, input }) => {
    ctx.services.jobAccess.candidate(ctx.staff, input.candidateId);
    const { data, ...part } = withoutToken(input);
    return ctx.services.resumes.uploadPart(staffActor(ctx.staff), {
      ...part,
      data: Buffer.from(data, 'base64'),
    });
  }),
  /** The text kept from a candidate's résumé, or null. */
  candidateResume: recruiterProcedure
    .input(z.object({ candidateId: id }))
    .query(({ ctx, input }) => {
      ctx.services.jobAccess.candidate(ctx.staff, input.candidateId);
      return ctx.services.resumes.view(input.candidateId);
    }),
  /** Starts a copy of everything held about a candidate (a zip, made in the background). */
  exportCandidateData: recruiterProcedure
    .input(z.object({ candidateId: id }))
    .mutation(({ ctx, input }) => {
      ctx.services.jobAccess.candidate(ctx.staff, input.candidateId);
      return ctx.services.candidateArchives.start(ctx.staff, input.candidateId);
    }),
  candidateDataProgress: recruiterProcedure
    .input(z.object({ jobId: z.string().regex(/^[0-9a-f]{32}$/, 'Not an export job.') }))
    .query(({ ctx, input }) => {
      const progress = ctx.services.candidateArchives.progress(input.jobId);
      ctx.services.jobAccess.candidate(ctx.staff, progress.candidateId);
      return progress;
    }),

  listInterviews: recruiterProcedure
    .input(z.object({ status: z.enum(INTERVIEW_STATUSES).optional(), candidateId: id.optional() }))
    .query(({ ctx, input }) =>
      ctx.services.interviews.list(withoutToken(input), ctx.services.jobAccess.scope(ctx.staff)),
    ),
  /** What a new interview's form starts from. */
  scheduleDefaults: recruiterProcedure.query(({ ctx }) =>
    ctx.services.interviews.scheduleDefaults(),
  ),
  scheduleInterview: recruiterProcedure
    .input(z.object({ interview: interviewFields }))
    .mutation(({ ctx, input }) => {
      ctx.services.jobAccess.job(ctx.staff, input.interview.jobId);
      ctx.services.jobAccess.candidate(ctx.staff, input.interview.candidateId);
      return ctx.services.interviews.schedule(staffActor(ctx.staff), input.interview);
    }),
  cancelInterview: recruiterProcedure
    .input(z.object({ interviewId: id }))
    .mutation(({ ctx, input }) => {
      ctx.services.jobAccess.interview(ctx.staff, input.interviewId);
      return ctx.services.interviews.cancel(staffActor(ctx.staff), input.interviewId);
    }),
  /** A new access code for an interview that has not started, shown once; the old one ends. */
  reissueAccessCode: recruiterProcedure
    .input(z.object({ interviewId: id }))
    .mutation(({ ctx, input }) => {
      ctx.services.jobAccess.interview(ctx.staff, input.interviewId);
      return ctx.services.interviews.reissueCode(staffActor(ctx.staff), input.interviewId);
    }),
  invitation: recruiterProcedure.input(z.object({ interviewId: id })).query(({ ctx, input }) => {
    ctx.services.jobAccess.interview(ctx.staff, input.interviewId);
    return ctx.services.interviews.invitation(staffActor(ctx.staff), input.interviewId);
  }),

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
  /** The jobs a recruiter hires for, as a whole list (an empty one: no job's interviews). */
  setStaffJobs: recruiterProcedure
    .input(
      z.object({
        userId: id,
        jobIds: z
          .array(id)
          .max(MAX_ASSIGNED_JOBS, `A recruiter is assigned to at most ${MAX_ASSIGNED_JOBS} jobs.`)
          .refine((ids) => new Set(ids).size === ids.length, 'A job can appear only once.'),
      }),
    )
    .use(({ ctx, next }) => {
      refuseUnlessAdmin(ctx.staff);
      return next();
    })
    .mutation(({ ctx, input }) =>
      ctx.services.staffAccounts.setJobs(staffActor(ctx.staff), input.userId, input.jobIds),
    ),
});
