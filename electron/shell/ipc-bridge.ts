import type { AnyTRPCRouter } from '@trpc/server';
import type { BrowserWindow } from 'electron';
import { createIPCHandler } from 'electron-trpc-experimental/main';
import type { CreateContextOptions } from 'electron-trpc-experimental/main';
import type { Caller, CallerTrust, Context } from '../api/trpc';
import type { Services } from '../api/services';

// tRPC over Electron IPC through electron-trpc-experimental. Two things about the library
// shape this file:
// - It does not check who sent a message: any frame of any webContents that can reach
//   ipcRenderer gets its calls run. The sender is therefore put in the context here and
//   judged by stationProcedure's middleware with the trust below, as the Electron security
//   checklist asks: https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
// - It lists `typescript` as a runtime dependency; the packaged app must not ship it
//   (exclude it in electron-builder's `files`, or bundle main so it is never reached).
// Its createContext result is awaited outside its try/catch, so a throw there leaves the
// renderer's call hanging and surfaces as an unhandled rejection: createContext never throws.

export interface IpcTrust extends CallerTrust {
  /** Trusts calls from this webContents (our kiosk window) while its page is on the app origin. */
  allow(webContentsId: number): void;
}

/**
 * Trusts an IPC caller only when its webContents was registered with `allow` and the frame
 * that sent the message shows a page of the app (`appOrigin`, e.g. `app://station/`).
 * Other transports are judged by their own host, never here.
 */
export function createIpcTrust(appOrigin: string): IpcTrust {
  const prefix = appOrigin.endsWith('/') ? appOrigin : `${appOrigin}/`;
  const allowed = new Set<number>();
  return {
    allow(webContentsId) {
      allowed.add(webContentsId);
    },
    isTrusted(caller) {
      return (
        caller.transport === 'ipc' &&
        allowed.has(caller.webContentsId) &&
        caller.frameUrl.startsWith(prefix)
      );
    },
  };
}

type IpcEvent = CreateContextOptions['event'];

/** Who sent an IPC message, read without throwing (a frame can be gone by the time we look). */
export function callerFromEvent(event: IpcEvent): Caller {
  let frameUrl = '';
  try {
    frameUrl = event.senderFrame?.url ?? '';
  } catch {
    // A disposed frame throws on access; an empty URL is simply not trusted.
  }
  return { transport: 'ipc', webContentsId: event.sender.id, frameUrl };
}

export interface IpcBridgeOptions {
  router: AnyTRPCRouter;
  trust: CallerTrust;
  services: Services;
  requestExit: () => void;
  /** Windows whose subscriptions end when they navigate or close. */
  windows?: BrowserWindow[];
}

/** Serves `router` to renderers over IPC; returns the handler so more windows can attach. */
export function createIpcBridge(opts: IpcBridgeOptions) {
  const { router, trust, services, requestExit, windows = [] } = opts;
  return createIPCHandler({
    router,
    windows,
    createContext: async ({ event }): Promise<Context> => ({
      caller: callerFromEvent(event),
      trust,
      services,
      requestExit,
    }),
  });
}
