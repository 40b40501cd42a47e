import { z } from 'zod';
import { listCaptureDevices } from '../capture/device-list';
import { EDITABLE_KEYS } from '../settings/station-settings';
import { adminProcedure, staffActor } from './staff-procedures';
import { router } from './trpc';

/** Station settings: admins see them all and change those IT has not pinned. */
export const settingsRouter = router({
  list: adminProcedure.query(({ ctx }) => ctx.services.settings.list()),

  /**
   * The cameras and microphones this station can use, for the capture settings. Admin-only:
   * device names say what is plugged into the station. The list is the only way to choose a
   * device from the screens; the setting's own check refuses anything shaped like a file.
   */
  devices: adminProcedure.query(() => listCaptureDevices()),

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
