import { z } from 'zod';
import { APPLICATION_STATUSES } from '../../shared/enums';
import { id } from '../core/fields';
import { inScope } from '../domain/job-access';
import { recruiterProcedure, staffActor } from './staff-procedures';
import { router } from './trpc';

/**
 * Résumé screening: a candidate's résumé scored offline against a job's requirements, and the
 * staff decision on the status it suggests. A recruiter screens and decides only for their
 * jobs, and sees only their jobs' screenings of a candidate.
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
});
