import type { SessionHooks } from '../domain/session-events';

/**
 * The same session hooks (capture's), with `onEnded` called after `ended`: every other hook,
 * present or added later, passes through untouched. Used to queue a session's transcription
 * when it ends without capture knowing about transcription.
 */
export function alsoWhenSessionEnds<T extends SessionHooks>(
  hooks: T,
  onEnded: (sessionId: number) => void,
): T {
  return new Proxy(hooks, {
    get(target, property) {
      if (property === 'ended') {
        return (sessionId: number) => {
          target.ended(sessionId);
          onEnded(sessionId);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
