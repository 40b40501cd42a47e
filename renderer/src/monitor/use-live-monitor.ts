import { useEffect, useReducer, useState } from 'react';
import { messageOf } from '../errors';
import { useTRPCClient } from '../trpc';
import type { LiveUpdate } from './labels';
import { applyLiveUpdate, INITIAL_LIVE_STATE, type LiveState } from './live-state';

/** The running interview as main pushes it; the subscription ends with the component. */
export function useLiveMonitor(token: string): { state: LiveState; error: string | null } {
  const client = useTRPCClient();
  const [state, dispatch] = useReducer(
    (current: LiveState, action: { update: LiveUpdate; at: number }) =>
      applyLiveUpdate(current, action.update, action.at),
    INITIAL_LIVE_STATE,
  );
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const subscription = client.monitor.live.subscribe(
      { token },
      {
        onData: (update) => {
          setError(null);
          dispatch({ update, at: performance.now() });
        },
        onError: (failure) => setError(messageOf(failure)),
      },
    );
    return () => subscription.unsubscribe();
  }, [client, token]);
  return { state, error };
}
