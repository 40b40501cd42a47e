import { z } from 'zod';
import { listCaptureDevices } from '../capture/device-list';
import { EDITABLE_KEYS } from '../settings/station-settings';
import { modelFileNameSchema } from '../transcription/model-files';
import { adminProcedure, staffActor } from './staff-procedures';
import { router } from './trpc';

/** A PIN as the exit screen takes it; a new one is at least as long as the first-run PIN. */
const currentPin = z.string().regex(/^\d{4,12}$/, 'The PIN is 4 to 12 digits.');
const newPin = z.string().regex(/^\d{6,12}$/, 'Choose a new PIN of 6 to 12 digits.');

/** Station settings: admins see them all and change those IT has not pinned. */
export const settingsRouter = router({
  list: adminProcedure.query(({ ctx }) => ctx.services.settings.list()),

  /**
   * The cameras and microphones this station can use, for the capture settings. Admin-only:
   * device names say what is plugged into the station. The list is the only way to choose a
   * device from the screens; the setting's own check refuses anything shaped like a file.
   */
  devices: adminProcedure.query(() => listCaptureDevices()),

  /**
   * The Whisper model files an admin may choose (resources/models/ and the data folder's
   * models/), with the model in use now. Admin-only, like the rest of the settings. Only file
   * names leave main, and only a listed name is worth choosing: the setting is resolved inside
   * those two folders and refuses anything shaped like a path.
   */
  models: adminProcedure.query(
    ({ ctx }) => ctx.services.transcription?.modelChoices() ?? { files: [], loaded: null },
  ),

  set: adminProcedure
    .input(
      z
        .object({
          key: z.enum(EDITABLE_KEYS),
          // Checked against the key's own rules by the settings service; null = default.
          value: z.json().nullable(),
        })
        // The model is the one setting whose value is a file's name: anything shaped like a
        // path is refused at the door, as bad input, before the settings service sees it.
        .superRefine((input, ctx) => {
          if (input.key !== 'transcription.model' || input.value === null) return;
          const name = modelFileNameSchema.safeParse(input.value);
          for (const issue of name.success ? [] : name.error.issues) {
            ctx.addIssue({ code: 'custom', path: ['value'], message: issue.message });
          }
        }),
    )
    .mutation(({ ctx, input }) =>
      ctx.services.settings.change(input.key, input.value, staffActor(ctx.staff)),
    ),

  /**
   * Changes the admin PIN that exits the kiosk. Needs the current PIN as well as an admin
   * sign-in; wrong current PINs count towards the same lock as the exit's. Audited with who
   * changed it, never with either PIN.
   */
  changePin: adminProcedure
    .input(z.object({ currentPin, newPin }))
    .mutation(({ ctx, input }) =>
      ctx.services.adminGate.changePin(input.currentPin, input.newPin, staffActor(ctx.staff)),
    ),
});
