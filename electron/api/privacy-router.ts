import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { id } from '../core/fields';
import { recruiterProcedure, staffActor } from './staff-procedures';
import { router } from './trpc';

/** Why a hold is set or lifted: required, in words someone can act on later. */
const reason = z
  .string()
  .trim()
  .min(5, 'Give the reason for the hold (at least 5 characters).')
  .max(500, 'Keep the reason under 501 characters.');

/**
 * Legal holds on interviews (privacy/legal-holds.ts): any staff member may see and set one, as
 * setting it only keeps data longer; only an admin may lift one, since lifting lets the
 * retention purge delete the interview. Input is checked before the role, as in manage-router;
 * a recruiter reaches only the interviews of their jobs (domain/job-access.ts).
 */
export const privacyRouter = router({
  hold: recruiterProcedure.input(z.object({ interviewId: id })).query(({ ctx, input }) => {
    ctx.services.jobAccess.interview(ctx.staff, input.interviewId);
    return ctx.services.holds.view(input.interviewId);
  }),

  setHold: recruiterProcedure
    .input(z.object({ interviewId: id, reason }))
    .mutation(({ ctx, input }) => {
      ctx.services.jobAccess.interview(ctx.staff, input.interviewId);
      return ctx.services.holds.set(staffActor(ctx.staff), input.interviewId, input.reason);
    }),

  /** What erasing a candidate deletes, for the confirmation staff read first. */
  erasurePreview: recruiterProcedure
    .input(z.object({ candidateId: id }))
    .query(({ ctx, input }) => {
      ctx.services.jobAccess.candidate(ctx.staff, input.candidateId);
      return ctx.services.erasures.preview(input.candidateId);
    }),

  /** Erases a candidate and all their interviews (admin only; the name typed confirms it). */
  eraseCandidate: recruiterProcedure
    .input(
      z.object({
        candidateId: id,
        confirmName: z.string().trim().min(1, 'Type the candidate’s name to confirm.').max(200),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (ctx.staff.role !== 'admin') {
        throw new TRPCError({ code: 'FORBIDDEN', message: 'Only an admin can erase a candidate.' });
      }
      ctx.services.jobAccess.candidate(ctx.staff, input.candidateId);
      return ctx.services.erasures.erase(
        staffActor(ctx.staff),
        input.candidateId,
        input.confirmName,
      );
    }),

  /** Erasure requests not done yet, with their due dates (staff see their jobs' only). */
  pendingErasures: recruiterProcedure.query(({ ctx }) =>
    ctx.services.erasures
      .pending(ctx.services.sessions.running().map((s) => s.sessionId))
      .filter((p) => ctx.services.jobAccess.canSeeInterview(ctx.staff, p.interviewId)),
  ),

  liftHold: recruiterProcedure
    .input(z.object({ interviewId: id, reason }))
    .mutation(({ ctx, input }) => {
      if (ctx.staff.role !== 'admin') {
        throw new TRPCError({ code: 'FORBIDDEN', message: 'Only an admin can lift a legal hold.' });
      }
      return ctx.services.holds.lift(staffActor(ctx.staff), input.interviewId, input.reason);
    }),
});
