import { z } from 'zod';
import { router, stationProcedure } from './trpc';

export const adminRouter = router({
  /** Leaves the kiosk; only with the admin PIN. */
  exit: stationProcedure
    .input(z.object({ pin: z.string().regex(/^\d{4,12}$/, 'The PIN is 4 to 12 digits.') }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.adminGate.verifyPin(input.pin, 'station_exit');
      // Answer first, then exit, so the caller sees the confirmation.
      setTimeout(ctx.requestExit, 100);
      return { exiting: true };
    }),
});
