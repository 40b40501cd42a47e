import { recruiterProcedure } from './staff-procedures';
import { attemptSource, router, stationProcedure } from './trpc';

export const stationRouter = router({
  info: stationProcedure.query(({ ctx }) => ({
    stationName: ctx.services.config.stationName,
    /** The pause that applies to this page (its own, or everyone's). */
    checkInCooldownMs: ctx.services.checkIn.cooldownRemaining(attemptSource(ctx.caller)),
  })),

  /**
   * Staff only: the state of the station's local work — the transcription model (none,
   * invalid and why, loading, ready), its queue, the job in hand and jobs that failed.
   */
  diagnostics: recruiterProcedure.query(({ ctx }) => ({
    transcription: ctx.services.transcription?.diagnostics() ?? null,
  })),

  /**
   * Sessions the start screen offers to continue: interrupted by a crash, or still running
   * after the page was reloaded. Nothing here names the candidate.
   */
  recovery: stationProcedure.query(({ ctx }) => ctx.services.candidateDesk.recoverable()),
});
