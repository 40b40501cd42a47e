import { createTRPCClient, createWSClient, wsLink, type TRPCLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { ipcLink } from 'electron-trpc-experimental/renderer';
import type { AppRouter } from '../../electron/api/router';
import { normaliseIpcErrors } from './ipc-errors';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type StationClient = ReturnType<typeof createTRPCClient<AppRouter>>;

export interface Connection {
  client: StationClient;
  transport: 'ipc' | 'ws';
  /** Calls back with false when the link to the station drops and true when it is back. */
  onStatus(listener: (connected: boolean) => void): () => void;
}

/**
 * Picks the link at start-up: Electron IPC when the preload exposed it, otherwise the
 * browser station's WebSocket, authenticated with the per-run secret from the URL fragment.
 */
export function connect(): Connection {
  const listeners = new Set<(connected: boolean) => void>();
  const notify = (connected: boolean) => listeners.forEach((listener) => listener(connected));
  let links: TRPCLink<AppRouter>[];
  let transport: Connection['transport'];
  if ('electronTRPC' in globalThis) {
    links = [normaliseIpcErrors, ipcLink<AppRouter>()];
    transport = 'ipc';
  } else {
    const secret = new URLSearchParams(window.location.hash.slice(1)).get('k') ?? '';
    const ws = createWSClient({
      url: `ws://${window.location.host}/trpc?k=${encodeURIComponent(secret)}`,
      retryDelayMs: (attempt) => Math.min(500 * 2 ** attempt, 5000),
      onOpen: () => notify(true),
      onClose: () => notify(false),
    });
    links = [wsLink<AppRouter>({ client: ws })];
    transport = 'ws';
  }
  return {
    client: createTRPCClient<AppRouter>({ links }),
    transport,
    onStatus: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
