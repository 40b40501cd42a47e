import { z } from 'zod';
import { APPLICATION_STATUSES } from '../../shared/enums';
import { DASHBOARD_SORTS, REVIEW_STATES } from '../review/dashboard';
import { id, limit } from '../core/fields';
import { recruiterProcedure, withoutToken } from './staff-procedures';
import { router } from './trpc';

const notes = z.string().max(4000, 'Notes are at most 4,000 characters.');
const score = z
  .number()
  .int('Scores are whole numbers.')
  .min(0, 'Scores go from 0 to 100.')
  .max(100, 'Scores go from 0 to 100.');
const clockMs = z
  .number()
  .int()
  .min(0)
  .max(7 * 24 * 60 * 60 * 1000);

const dashboardFilter = z.object({
  search: z.string().max(100, 'Search for at most 100 characters.').optional(),
  state: z.enum(REVIEW_STATES).optional(),
  jobId: id.optional(),
});

/**
 * Recruiter review: every call needs a staff sign-in (recruiter or admin), and touches only
 * interviews of the caller's jobs (JobAccess): lists leave the others out, a call naming one
 * is FORBIDDEN.
 */
export const reviewRouter = router({
  dashboard: recruiterProcedure
    .input(
      dashboardFilter.extend({ limit: limit.optional(), sort: z.enum(DASHBOARD_SORTS).optional() }),
    )
    .query(async ({ ctx, input }) => {
      const board = await ctx.services.review.dashboard(
        withoutToken(input),
        ctx.services.jobAccess.scope(ctx.staff),
      );
      // Each listed session's sync (state, bytes, ETA), only on a station that syncs.
      const states = ctx.services.sync.enrolled()
        ? ctx.services.sync.sessions(
            board.interviews.flatMap((row) => (row.sessionId === null ? [] : [row.sessionId])),
          )
        : null;
      return {
        ...board,
        sync: states && Object.fromEntries(states),
      };
    }),

  session: recruiterProcedure.input(z.object({ interviewId: id })).query(({ ctx, input }) => {
    ctx.services.jobAccess.interview(ctx.staff, input.interviewId);
    return ctx.services.review.detail(ctx.staff, input.interviewId);
  }),

  signals: recruiterProcedure
    .input(
      z
        .object({ sessionId: id, fromMs: clockMs.optional(), toMs: clockMs.optional() })
        .refine((r) => r.fromMs === undefined || r.toMs === undefined || r.fromMs < r.toMs, {
          message: 'The range must end after it starts.',
          path: ['toMs'],
        }),
    )
    .query(({ ctx, input }) => {
      ctx.services.jobAccess.session(ctx.staff, input.sessionId);
      return ctx.services.review.signals(input.sessionId, input.fromMs, input.toMs);
    }),

  scoreAnswer: recruiterProcedure
    .input(
      z.object({
        answerId: id,
        score,
        notes: notes.default(''),
        /** The scorer's suggestion the recruiter saw, to record accepting or changing it. */
        suggestionId: id.optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      ctx.services.jobAccess.answer(ctx.staff, input.answerId);
      return ctx.services.review.scoreAnswer(ctx.staff, withoutToken(input));
    }),

  ignoreSuggestion: recruiterProcedure
    .input(z.object({ answerId: id, scoreId: id }))
    .mutation(({ ctx, input }) => {
      ctx.services.jobAccess.answer(ctx.staff, input.answerId);
      ctx.services.review.ignoreSuggestion(ctx.staff, withoutToken(input));
      return { ok: true as const };
    }),

  decide: recruiterProcedure
    .input(
      z.object({
        interviewId: id,
        decision: z.enum(APPLICATION_STATUSES),
        overallScore: score.nullable().default(null),
        notes: notes.default(''),
      }),
    )
    .mutation(({ ctx, input }) => {
      ctx.services.jobAccess.interview(ctx.staff, input.interviewId);
      return ctx.services.review.decide(ctx.staff, withoutToken(input));
    }),

  exportCsv: recruiterProcedure
    .input(dashboardFilter)
    .mutation(({ ctx, input }) =>
      ctx.services.review.exportCsv(
        ctx.staff,
        withoutToken(input),
        ctx.services.jobAccess.scope(ctx.staff),
      ),
    ),

  exportReport: recruiterProcedure
    .input(z.object({ interviewId: id }))
    .mutation(({ ctx, input }) => {
      ctx.services.jobAccess.interview(ctx.staff, input.interviewId);
      return ctx.services.review.exportReport(ctx.staff, input.interviewId);
    }),
});
