import type { LiveUpdate } from '../monitor/live-monitor';
import { liveForViewer } from '../monitor/live-filter';
import { listen } from './listen';
import { adminProcedure, recruiterProcedure, staffActor, staffToken } from './staff-procedures';
import { router } from './trpc';

/** The staff's "Station" tab: the interview running now, and the station's own state. */
export const monitorRouter = router({
  /**
   * The running session (or none) as it happens: a snapshot first, then its progress, its
   * newest signals (at most about five times a second) and each event as it is stored. A
   * recruiter is told only about interviews of their jobs: another job's session shows as
   * none, and its updates are not sent (asked afresh each time, so a changed assignment holds).
   */
  live: recruiterProcedure.subscription(async function* ({ ctx, signal }) {
    const { monitor, jobAccess } = ctx.services;
    const visible = (update: LiveUpdate) =>
      liveForViewer(update, (sessionId) => jobAccess.canSeeSession(ctx.staff, sessionId));
    // Subscribe before taking the snapshot, so nothing can fall in between.
    yield* listen<LiveUpdate>((push) => {
      const pushVisible = (update: LiveUpdate) => {
        const shown = visible(update);
        if (shown) push(shown);
      };
      const unsubscribe = monitor.subscribe(pushVisible);
      pushVisible(monitor.snapshot());
      return unsubscribe;
    }, signal);
  }),

  /** How long check-in stays paused anywhere after repeated wrong codes (0: open everywhere). */
  checkInPause: recruiterProcedure.query(({ ctx }) => ({
    remainingMs: ctx.services.checkIn.cooldownRemaining(),
  })),

  /** Lets candidates check in again before the pause ends. */
  clearCheckInPause: recruiterProcedure.mutation(({ ctx }) => ({
    cleared: ctx.services.checkIn.clearCooldown(staffActor(ctx.staff)),
  })),

  /** Versions, devices, transcription model and queue, and disk space of the data folder. */
  diagnostics: recruiterProcedure.query(({ ctx }) => ctx.services.diagnostics.report()),

  /**
   * A zip for support: diagnostics, settings with secrets masked, recent logs. Admins only:
   * logs and settings describe the whole station, not one recruiter's jobs.
   */
  exportDiagnostics: adminProcedure
    .input(staffToken.strict())
    .mutation(({ ctx }) => ctx.services.diagnosticsBundles.export(ctx.staff)),
});
