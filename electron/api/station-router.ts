import { listInterrupted, loadInterviewQuestions } from '../services/session-store';
import { router, stationProcedure } from './trpc';

export const stationRouter = router({
  info: stationProcedure.query(({ ctx }) => ({
    stationName: ctx.services.config.stationName,
    checkInCooldownMs: ctx.services.checkIn.cooldownRemaining(),
  })),

  /** Interrupted sessions the attract screen offers to resume; nothing that names the candidate. */
  recovery: stationProcedure.query(({ ctx }) => {
    const { db } = ctx.services;
    return listInterrupted(db).map((session) => ({
      sessionId: session.id,
      position: session.currentPosition,
      total: loadInterviewQuestions(db, session.interviewId).length,
      interruptedAt: session.lastHeartbeatAt,
    }));
  }),
});
