import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Services } from './services';
import type { StaffUser } from '../domain/staff-auth';
import { token } from '../core/fields';
import { stationProcedure } from './trpc';

/** The sign-in token every staff call carries, in the same field a candidate's token uses. */
export const staffToken = z.object({ token });

/** Who a sign-in token belongs to, as far as staff data is concerned. */
export type StaffAccess =
  { kind: 'staff'; staff: StaffUser } | { kind: 'candidate' } | { kind: 'none' };

/**
 * Reads a token the way every staff door does (tRPC procedures, the media and export routes),
 * so a file route can never be looser than the procedures that list the files. A candidate's
 * check-in token is named as such, so it is refused as FORBIDDEN rather than "sign in again".
 */
export function staffAccess(
  services: Pick<Services, 'tokens' | 'staff' | 'clock'>,
  token: string,
): StaffAccess {
  if (services.tokens.find(token, services.clock.now())) return { kind: 'candidate' };
  const grant = services.staff.find(token);
  return grant ? { kind: 'staff', staff: grant.user } : { kind: 'none' };
}

/**
 * Marks a procedure as staff-only in its tRPC meta, so tests (and anything else reading the
 * router) can find every staff door from the router itself instead of from a list of names.
 */
export const STAFF_META = { staff: true } as const;

/**
 * Calls of anyone signed in as staff, even with a first-run password still to change: who am
 * I, sign out, change the password. A candidate's check-in token is recognised and refused
 * with FORBIDDEN, so a candidate's page can never reach staff data by replaying its own token.
 */
export const signedInProcedure = stationProcedure
  .meta(STAFF_META)
  .input(staffToken)
  .use(({ ctx, input, next }) => {
    const access = staffAccess(ctx.services, input.token);
    if (access.kind === 'candidate') {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: 'Candidates cannot open staff pages.',
      });
    }
    if (access.kind === 'none') {
      throw new TRPCError({
        code: 'UNAUTHORIZED',
        message: 'Your staff sign-in has ended. Please sign in again.',
      });
    }
    return next({ ctx: { staff: access.staff } });
  });

/** Why a signed-in staff member may not use staff data yet, or null when they may. */
export function passwordChangeRefusal(staff: StaffUser): string | null {
  return staff.mustChangePassword
    ? 'Choose your own password first: the one you were given is for the first sign-in only.'
    : null;
}

/**
 * Recruiter and admin calls. A printed or reset password has been seen by someone else (on
 * the console, or by the admin who reset it): until its owner replaces it, the sign-in opens
 * nothing but the password change, here in main and not only on the screen.
 */
export const recruiterProcedure = signedInProcedure.use(({ ctx, next }) => {
  const refusal = passwordChangeRefusal(ctx.staff);
  if (refusal) throw new TRPCError({ code: 'FORBIDDEN', message: refusal });
  return next();
});

/** Calls only an admin may make. */
export const adminProcedure = recruiterProcedure.use(({ ctx, next }) => {
  if (ctx.staff.role !== 'admin') {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Only an admin can do this.' });
  }
  return next();
});

/**
 * A staff call's input without its sign-in token, for handing to a service: the token has done
 * its work (the procedure knows who calls), and a service that stored or logged its input
 * (the CSV export audited its whole filter) must never be handed it.
 */
export function withoutToken<T extends { token: string }>(input: T): Omit<T, 'token'> {
  const { token: _token, ...rest } = input;
  return rest;
}

/** The audit log's actor fields for a staff call. */
export function staffActor(staff: StaffUser): { actorKind: StaffUser['role']; actorId: number } {
  return { actorKind: staff.role, actorId: staff.id };
}
