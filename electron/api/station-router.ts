import { listInterrupted, loadInterviewQuestions } from '../domain/session-store';
import { recruiterProcedure } from './staff-procedures';
import { router, stationProcedure } from './trpc';

export const stationRouter = router({
  info: stationProcedure.query(({ ctx }) => ({
    stationName: ctx.services.config.stationName,
    checkInCooldownMs: ctx.services.checkIn.cooldownRemaining(),
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
  recovery: stationProcedure.query(({ ctx }) => {
    const { db, sessions } = ctx.services;
    const running = sessions.running().map((s) => ({ ...s, state: 'running' as const }));
    const interrupted = listInterrupted(db).map((session) => ({
      sessionId: session.id,
      position: session.currentPosition,
      total: loadInterviewQuestions(db, session.interviewId).length,
      since: session.lastHeartbeatAt,
      state: 'interrupted' as const,
    }));
    return [...running, ...interrupted];
  }),
});
