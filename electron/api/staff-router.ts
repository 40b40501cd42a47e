import { z } from 'zod';
import { signedInProcedure } from './staff-procedures';
import { router, stationProcedure } from './trpc';

const password = z
  .string()
  .min(1, 'Enter your password.')
  .max(200, 'Passwords are at most 200 characters.');

/** Staff sign-in: recruiters and admins. */
export const staffRouter = router({
  login: stationProcedure
    .input(
      z.object({
        username: z.string().trim().min(1, 'Enter your username.').max(64),
        password,
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.staff.login(input.username, input.password)),

  me: signedInProcedure.query(({ ctx }) => ctx.staff),

  logout: signedInProcedure.mutation(({ ctx, input }) => {
    ctx.services.staff.logout(input.token);
    return { signedOut: true };
  }),

  changePassword: signedInProcedure
    .input(
      z.object({
        current: password,
        next: z
          .string()
          .min(12, 'Choose a password of at least 12 characters.')
          .max(200, 'Passwords are at most 200 characters.'),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.services.staff.changePassword(input.token, input.current, input.next),
    ),
});
