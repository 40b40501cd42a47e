import { z } from 'zod';
import { EDITABLE_KEYS } from '../settings/station-settings';
import { adminProcedure, staffActor } from './staff-procedures';
import { router } from './trpc';

/** Station settings: admins see them all and change those IT has not pinned. */
export const settingsRouter = router({
  list: adminProcedure.query(({ ctx }) => ctx.services.settings.list()),

  set: adminProcedure
    .input(
      z.object({
        key: z.enum(EDITABLE_KEYS),
        // Checked against the key's own rules by the settings service; null = default.
        value: z.json().nullable(),
      }),
    )
    .mutation(({ ctx, input }) => {
      const { services } = ctx;
      services.settings.set(input.key, input.value, staffActor(ctx.staff), services.clock.now());
      return services.settings.list();
    }),
});
