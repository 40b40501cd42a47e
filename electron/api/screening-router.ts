import { z } from 'zod';
import { APPLICATION_STATUSES } from '../../shared/enums';
import { id } from '../core/fields';
import { inScope } from '../domain/job-access';
import { questionFields } from '../manage/schemas';
import { GENERATION_PROVIDERS, LEVELS, MAX_PROPOSED } from '../screening/question-generator';
import { recruiterProcedure, staffActor } from './staff-procedures';
import { router } from './trpc';

/**
 * Résumé screening: a candidate's résumé scored offline against a job's requirements, and the
 * staff decision on the status it suggests. A recruiter screens and decides only for their
 * jobs, and sees only their jobs' screenings of a candidate. Questions proposed for a job are
 * drafts of that job's, seen and decided on by its recruiters only.
 */
export const screeningRouter = router({
  /** Each of the caller's jobs' latest screening of the candidate. */
  forCandidate: recruiterProcedure.input(z.object({ candidateId: id })).query(({ ctx, input }) => {
    ctx.services.jobAccess.candidate(ctx.staff, input.candidateId);
    const scope = ctx.services.jobAccess.scope(ctx.staff);
    return ctx.services.screenings
      .forCandidate(input.candidateId)
      .filter((s) => inScope(scope, s.jobId));
  }),

  /** Screens the résumé held for the candidate against the job's requirements. */
  screen: recruiterProcedure
    .input(z.object({ candidateId: id, jobId: id }))
    .mutation(({ ctx, input }) => {
      ctx.services.jobAccess.job(ctx.staff, input.jobId);
      ctx.services.jobAccess.candidate(ctx.staff, input.candidateId);
      return ctx.services.screenings.screen(staffActor(ctx.staff), input.candidateId, input.jobId);
    }),

  /** Whether a summary of fit can be asked of Gemini (a key is configured); nothing more. */
  fitAvailable: recruiterProcedure.query(({ ctx }) => ({
    available: ctx.services.screenings.fitAvailable(),
  })),

  /**
   * Asks Gemini for a short summary of how the résumé fits the screening's job, with the
   * candidate's contact details taken out first. Resolves with the reason when Gemini could
   * not give one; the offline screening stands either way.
   */
  summariseFit: recruiterProcedure
    .input(z.object({ screeningId: id }))
    .mutation(async ({ ctx, input }) => {
      const { jobId, candidateId } = ctx.services.screenings.jobOf(input.screeningId);
      ctx.services.jobAccess.job(ctx.staff, jobId);
      ctx.services.jobAccess.candidate(ctx.staff, candidateId);
      return ctx.services.screenings.summariseFit(staffActor(ctx.staff), input.screeningId);
    }),

  /** Accepts the suggested status, or sets another in its place (both audited). */
  decide: recruiterProcedure
    .input(z.object({ screeningId: id, status: z.enum(APPLICATION_STATUSES) }))
    .mutation(({ ctx, input }) => {
      const { jobId } = ctx.services.screenings.jobOf(input.screeningId);
      ctx.services.jobAccess.job(ctx.staff, jobId);
      ctx.services.screenings.decide(staffActor(ctx.staff), input.screeningId, input.status);
      return { ok: true as const };
    }),

  /** Proposes questions for the job's requirements (offline, or Gemini where configured). */
  proposeQuestions: recruiterProcedure
    .input(
      z.object({
        jobId: id,
        level: z.enum(LEVELS),
        count: z
          .number()
          .int('Ask for a whole number of questions.')
          .min(1, 'Ask for at least one question.')
          .max(MAX_PROPOSED, `Ask for at most ${MAX_PROPOSED} questions at a time.`),
        provider: z.enum(GENERATION_PROVIDERS),
      }),
    )
    .mutation(({ ctx, input }) => {
      ctx.services.jobAccess.job(ctx.staff, input.jobId);
      const { jobId, ...opts } = input;
      return ctx.services.questionDrafts.propose(staffActor(ctx.staff), jobId, opts);
    }),

  /** The job's pending drafts, their coverage of its requirements and the last outcome. */
  questionDrafts: recruiterProcedure.input(z.object({ jobId: id })).query(({ ctx, input }) => {
    ctx.services.jobAccess.job(ctx.staff, input.jobId);
    return ctx.services.questionDrafts.list(input.jobId);
  }),

  /** Changes a pending draft's question. */
  updateDraft: recruiterProcedure
    .input(z.object({ draftId: id, question: questionFields }))
    .mutation(({ ctx, input }) => {
      ctx.services.jobAccess.job(ctx.staff, ctx.services.questionDrafts.jobOf(input.draftId).jobId);
      ctx.services.questionDrafts.update(staffActor(ctx.staff), input.draftId, input.question);
      return { ok: true as const };
    }),

  /** Accepts a draft (as edited, if a question is given) into the bank, marked generated. */
  acceptDraft: recruiterProcedure
    .input(z.object({ draftId: id, question: questionFields.optional() }))
    .mutation(({ ctx, input }) => {
      ctx.services.jobAccess.job(ctx.staff, ctx.services.questionDrafts.jobOf(input.draftId).jobId);
      return ctx.services.questionDrafts.accept(
        staffActor(ctx.staff),
        input.draftId,
        input.question,
      );
    }),

  /** Discards a draft: it never enters the bank. */
  discardDraft: recruiterProcedure.input(z.object({ draftId: id })).mutation(({ ctx, input }) => {
    ctx.services.jobAccess.job(ctx.staff, ctx.services.questionDrafts.jobOf(input.draftId).jobId);
    ctx.services.questionDrafts.discard(staffActor(ctx.staff), input.draftId);
    return { ok: true as const };
  }),
});
