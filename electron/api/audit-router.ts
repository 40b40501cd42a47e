import { z } from 'zod';
import { id, limit } from '../core/fields';
import { adminProcedure, staffActor } from './staff-procedures';
import { router } from './trpc';

const ACTOR_KINDS = ['station', 'candidate', 'recruiter', 'admin'] as const;
const moment = z.number().int().min(0).max(8_640_000_000_000_000);

/** What an admin may narrow the audit log to. */
const auditFilter = z
  .object({
    actorKind: z.enum(ACTOR_KINDS).optional(),
    actorId: id.optional(),
    action: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,63}$/, 'An action is a name like check_in or staff_signed_in.')
      .optional(),
    interviewId: id.optional(),
    from: moment.optional(),
    to: moment.optional(),
  })
  .strict()
  .refine((f) => f.from === undefined || f.to === undefined || f.from <= f.to, {
    message: 'The start of the date range must not be after its end.',
  });

/** The audit log, for admins only: read it page by page, list its actions, export it. */
export const auditRouter = router({
  page: adminProcedure
    .input(
      z.object({
        filter: auditFilter,
        cursor: z.object({ at: moment, id }).strict().nullish(),
        limit,
      }),
    )
    .query(({ ctx, input }) =>
      ctx.services.auditLog.page(input.filter, input.cursor ?? null, input.limit),
    ),

  actions: adminProcedure.query(({ ctx }) => ctx.services.auditLog.actions()),

  exportCsv: adminProcedure
    .input(z.object({ filter: auditFilter }))
    .mutation(({ ctx, input }) =>
      ctx.services.auditLog.exportCsv(staffActor(ctx.staff), input.filter),
    ),
});
