import { listInterrupted, loadInterviewQuestions } from '../services/session-store';
import { router, stationProcedure } from './trpc';

export const stationRouter = router({
  info: stationProcedure.query(({ ctx }) => ({
    stationName: ctx.services.config.stationName,
    checkInCooldownMs: ctx.services.checkIn.cooldownRemaining(),
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
