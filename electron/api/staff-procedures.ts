import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { StaffUser } from '../services/staff-auth';
import { stationProcedure } from './trpc';

/** The sign-in token every staff call carries, in the same field a candidate's token uses. */
export const staffToken = z.object({ token: z.string().min(20).max(100) });

/**
 * Recruiter and admin calls. A candidate's check-in token is recognised and refused with
 * FORBIDDEN, so a candidate's page can never reach staff data by replaying its own token.
 */
export const recruiterProcedure = stationProcedure.input(staffToken).use(({ ctx, input, next }) => {
  const { services } = ctx;
  if (services.tokens.find(input.token, services.clock.now())) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: 'Candidates cannot open staff pages.',
    });
  }
  const grant = services.staff.find(input.token);
  if (!grant) {
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message: 'Your staff sign-in has ended. Please sign in again.',
    });
  }
  const staff: StaffUser = grant.user;
  return next({ ctx: { staff } });
});

/** Calls only an admin may make. */
export const adminProcedure = recruiterProcedure.use(({ ctx, next }) => {
  if (ctx.staff.role !== 'admin') {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Only an admin can do this.' });
  }
  return next();
});

/** The audit log's actor fields for a staff call. */
export function staffActor(staff: StaffUser): { actorKind: StaffUser['role']; actorId: number } {
  return { actorKind: staff.role, actorId: staff.id };
}
