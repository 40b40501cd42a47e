import { z } from 'zod';
import { id } from '../core/fields';
import { adminProcedure, staffActor } from './staff-procedures';
import { router } from './trpc';

const moment = z.number().int().min(0).max(8_640_000_000_000_000);

/** Which interviews a bias report covers: one job or all, taken within a date range. */
const reportFilter = z
  .object({
    jobId: id.optional(),
    from: moment.optional(),
    to: moment.optional(),
  })
  .strict()
  .refine((f) => f.from === undefined || f.to === undefined || f.from <= f.to, {
    message: 'The start of the date range must not be after its end.',
  });

/**
 * The bias report (selection, scoring and flag rates by self-identified category), for admins
 * only: the one door to the self-identification table. Recruiters, who score, never get it.
 */
export const fairnessRouter = router({
  report: adminProcedure
    .input(z.object({ filter: reportFilter }))
    .query(({ ctx, input }) => ctx.services.biasReport.report(input.filter)),

  exportCsv: adminProcedure
    .input(z.object({ filter: reportFilter }))
    .mutation(({ ctx, input }) =>
      ctx.services.biasReport.exportCsv(staffActor(ctx.staff), input.filter),
    ),
});
