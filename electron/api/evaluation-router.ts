import { z } from 'zod';
import { geminiApiKeySchema, geminiModelSchema } from '../../shared/gemini-models';
import { adminProcedure, staffActor } from './staff-procedures';
import { router } from './trpc';

/**
 * AI answer scoring: the Gemini key and model. Admin-only. The key goes in and never comes
 * back out: the status says whether one is configured and which model, nothing more.
 */
export const evaluationRouter = router({
  geminiStatus: adminProcedure.query(({ ctx }) => ctx.services.geminiKeys.status()),

  /** Keeps a new key (sealed in the data folder) and model, or a new model for the key kept. */
  setGemini: adminProcedure
    .input(z.object({ apiKey: geminiApiKeySchema.optional(), model: geminiModelSchema }))
    .mutation(({ ctx, input }) => {
      ctx.services.geminiKeys.set(
        { apiKey: input.apiKey, model: input.model },
        staffActor(ctx.staff),
      );
      return ctx.services.geminiKeys.status();
    }),

  /** Forgets the key: answers are then scored offline only. */
  clearGemini: adminProcedure.mutation(({ ctx }) => {
    ctx.services.geminiKeys.clear(staffActor(ctx.staff));
    return ctx.services.geminiKeys.status();
  }),
});
