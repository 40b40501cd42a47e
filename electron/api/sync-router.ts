import { z } from 'zod';
import { adminProcedure } from './staff-procedures';
import { router } from './trpc';

/**
 * Sync to the organisation's receiver (admin only): its status, enrolment with a one-time code
 * and forgetting the receiver. The credential the code is traded for is kept sealed by main and
 * never returned; the code is never stored or logged.
 */
export const syncRouter = router({
  status: adminProcedure.query(({ ctx }) => ctx.services.sync.status()),

  enrol: adminProcedure
    .input(
      z.object({
        // Checked further by the service: https, or http to this machine only.
        receiverUrl: z.url({ protocol: /^https?$/ }).max(300),
        code: z
          .string()
          .trim()
          .min(8, 'The enrolment code is at least 8 characters.')
          .max(64, 'The enrolment code is at most 64 characters.')
          .regex(/^[A-Za-z0-9_-]+$/, 'The enrolment code is letters, digits, - and _ only.'),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.services.sync.enrol(input, { actorKind: 'admin', actorId: ctx.staff.id }),
    ),

  forget: adminProcedure.mutation(({ ctx }) =>
    ctx.services.sync.forget({ actorKind: 'admin', actorId: ctx.staff.id }),
  ),
});
