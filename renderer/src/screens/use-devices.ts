import { useEffect, useState } from 'react';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../electron/api/router';
import { useTRPCClient } from '../trpc';

type Outputs = inferRouterOutputs<AppRouter>;
export type DeviceSnapshot =
  Outputs['candidate']['devices'] extends AsyncIterable<infer T> ? T : never;

/** The station's camera preview, microphone level and device states, as main sends them. */
export function useDevices(token: string): DeviceSnapshot | null {
  const client = useTRPCClient();
  const [snapshot, setSnapshot] = useState<DeviceSnapshot | null>(null);
  useEffect(() => {
    const subscription = client.candidate.devices.subscribe(
      { token },
      { onData: setSnapshot, onError: () => setSnapshot(null) },
    );
    return () => subscription.unsubscribe();
  }, [client, token]);
  return snapshot;
}
