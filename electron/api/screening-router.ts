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
