import type { LiveUpdate } from './live-monitor';

/**
 * A live update as one staff member may see it: unchanged for a session they may see; for
 * another job's session, a snapshot says no session is running and any other update is
 * dropped (null), so the live panel neither shows nor hints at the candidate.
 */
export function liveForViewer(
  update: LiveUpdate,
  canSee: (sessionId: number) => boolean,
): LiveUpdate | null {
  if (update.kind === 'snapshot') {
    if (!update.session || canSee(update.session.sessionId)) return update;
    return { kind: 'snapshot', session: null, signals: null, events: [] };
  }
  const sessionId = update.kind === 'progress' ? update.session.sessionId : update.sessionId;
  return canSee(sessionId) ? update : null;
}
