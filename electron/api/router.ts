import { adminRouter } from './admin-router';
import { auditRouter } from './audit-router';
import { candidateRouter } from './candidate-router';
import { evaluationRouter } from './evaluation-router';
import { fairnessRouter } from './fairness-router';
import { manageRouter } from './manage-router';
import { monitorRouter } from './monitor-router';
import { privacyRouter } from './privacy-router';
import { reviewRouter } from './review-router';
import { screeningRouter } from './screening-router';
import { settingsRouter } from './settings-router';
import { staffRouter } from './staff-router';
import { stationRouter } from './station-router';
import { syncRouter } from './sync-router';
import { router } from './trpc';

/** The one router both transports serve (Electron IPC and the browser station's WebSocket). */
export const appRouter = router({
  station: stationRouter,
  candidate: candidateRouter,
  admin: adminRouter,
  staff: staffRouter,
  manage: manageRouter,
  review: reviewRouter,
  monitor: monitorRouter,
  settings: settingsRouter,
  audit: auditRouter,
  privacy: privacyRouter,
  fairness: fairnessRouter,
  evaluation: evaluationRouter,
  screening: screeningRouter,
  sync: syncRouter,
});

export type AppRouter = typeof appRouter;
