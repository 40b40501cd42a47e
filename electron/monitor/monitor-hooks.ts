import type { SessionHooks } from '../domain/session-events';
import type { LiveMonitor } from './live-monitor';

/**
 * The session runner's hooks with the live monitor told too: capture's hooks (when the
 * station has a camera) run first and untouched — any hook, present or added later, passes
 * through — then the monitor hears of starts, phases and ends. Without capture the monitor
 * still follows sessions, and the runner still sees a station that records no answers.
 */
export function withLiveMonitor(hooks: SessionHooks | null, monitor: LiveMonitor): SessionHooks {
  const inner: SessionHooks = hooks ?? {
    recordsAnswers: false,
    started() {},
    phase() {},
    ended() {},
  };
  const observed: Partial<SessionHooks> = {
    started(sessionId, startedAt) {
      inner.started(sessionId, startedAt);
      monitor.started(sessionId);
    },
    phase(sessionId, phase) {
      inner.phase(sessionId, phase);
      monitor.phase(sessionId, phase);
    },
    ended(sessionId) {
      inner.ended(sessionId);
      monitor.ended(sessionId);
    },
  };
  return new Proxy(inner, {
    get(target, property) {
      if (Object.hasOwn(observed, property)) return Reflect.get(observed, property);
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
