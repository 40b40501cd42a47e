import { TRPCClientError, createTRPCClient } from '@trpc/client';
import { exposeElectronTRPC } from 'electron-trpc-experimental/preload';
import { ipcLink } from 'electron-trpc-experimental/renderer';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { router, stationProcedure } from '../api/trpc';
import type { Services } from '../api/services';
import { APP_ENTRY_URL, APP_ORIGIN } from './app-protocol';
import { callerFromEvent, createIpcBridge, createIpcTrust } from './ipc-bridge';

// Electron cannot run here, so `electron` is replaced at that one boundary by a fake IPC pipe:
// the real preload (exposeElectronTRPC), the real renderer link (ipcLink) and the real main
// handler (createIPCHandler, through createIpcBridge) talk through it. Messages are
// structured-cloned and delivered asynchronously, as Electron does; each carries the fake
// renderer's identity, which a test changes to play another window or another origin.
//
// vi.mock('electron') cannot do this: vitest loads node_modules packages natively, so the
// library's own `import { ipcMain } from 'electron'` never sees vitest mocks unless
// vitest.config.ts inlines the package (server.deps.inline). A Node module hook, registered
// before anything is imported, answers that import instead (for that package only).
const identity = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  const { registerHooks } = await import('node:module');

  const identity = { webContentsId: 1, frameUrl: 'app://station/index.html' };
  const ipcMain = new EventEmitter();
  const toRenderer = new EventEmitter();
  const deliver = (fn: () => void) => setImmediate(fn);

  const ipcRenderer = {
    send(channel: string, message: unknown) {
      const { webContentsId, frameUrl } = identity;
      const reply = (ch: string, msg: unknown) => {
        const copy = structuredClone(msg);
        deliver(() => toRenderer.emit(ch, {}, copy));
      };
      const event = {
        sender: { id: webContentsId, isDestroyed: () => false, send: reply },
        senderFrame: { routingId: 1, url: frameUrl },
        reply,
      };
      const copy = structuredClone(message);
      deliver(() => ipcMain.emit(channel, event, copy));
    },
    on(channel: string, listener: (...args: unknown[]) => void) {
      toRenderer.on(channel, listener);
      return ipcRenderer;
    },
  };
  const contextBridge = {
    exposeInMainWorld(key: string, api: unknown) {
      (globalThis as Record<string, unknown>)[key] = api;
    },
  };

  const slot = Symbol.for('interview-station.test.electron');
  (globalThis as Record<symbol, unknown>)[slot] = { ipcMain, ipcRenderer, contextBridge };
  const source = [
    `const electron = globalThis[Symbol.for('interview-station.test.electron')];`,
    'export const { ipcMain, ipcRenderer, contextBridge } = electron;',
    'export default electron;',
  ].join('\n');
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const fromLibrary = context.parentURL?.includes('/electron-trpc-experimental/') ?? false;
      if (specifier !== 'electron' || !fromLibrary) return nextResolve(specifier, context);
      const url = `data:text/javascript,${encodeURIComponent(source)}`;
      return { url, format: 'module', shortCircuit: true };
    },
  });
  return identity;
});

const KIOSK_ID = 1;
const APP_PAGE = APP_ENTRY_URL;

const cleanups: string[] = [];
let exitRequests = 0;

const testRouter = router({
  whoAmI: stationProcedure.query(({ ctx }) => ctx.caller),
  addAnswer: stationProcedure
    .input(z.object({ questionId: z.number().int().positive(), text: z.string().min(1) }))
    .mutation(({ input }) => ({ saved: true, length: input.text.length })),
  exit: stationProcedure.mutation(({ ctx }) => {
    ctx.requestExit();
    return 'bye';
  }),
  countdown: stationProcedure.subscription(async function* ({ signal }) {
    try {
      for (const remaining of [3, 2, 1]) yield remaining;
      // Stay open like a real event stream until the renderer unsubscribes.
      await new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve()));
    } finally {
      cleanups.push('countdown');
    }
  }),
});

/** The error's tRPC data, wherever ipcLink left it (see the library quirk test). */
function errorData(error: unknown): { code?: string; fields?: string[] } | undefined {
  const e = error as { data?: { code?: string }; cause?: { data?: { code?: string } } };
  return e?.data ?? e?.cause?.data;
}

function newClient() {
  return createTRPCClient<typeof testRouter>({ links: [ipcLink()] });
}

beforeAll(() => {
  const trust = createIpcTrust(APP_ORIGIN);
  trust.allow(KIOSK_ID);
  createIpcBridge({
    router: testRouter,
    trust,
    services: {} as Services,
    requestExit: () => {
      exitRequests += 1;
    },
  });
  exposeElectronTRPC();
});

afterEach(() => {
  identity.webContentsId = KIOSK_ID;
  identity.frameUrl = APP_PAGE;
});

describe('tRPC over the IPC bridge', () => {
  it('the preload exposes only the tRPC pipe to the page', () => {
    const exposed = (globalThis as Record<string, unknown>).electronTRPC;
    expect(Object.keys(exposed as object).sort()).toEqual(['onMessage', 'sendMessage']);
  });

  it('answers a query with the caller the context saw', async () => {
    await expect(newClient().whoAmI.query()).resolves.toEqual({
      transport: 'ipc',
      webContentsId: KIOSK_ID,
      frameUrl: APP_PAGE,
    });
  });

  it('runs a mutation with valid input and gives the context to the procedure', async () => {
    const client = newClient();
    await expect(client.addAnswer.mutate({ questionId: 4, text: 'Hello' })).resolves.toEqual({
      saved: true,
      length: 5,
    });
    await expect(client.exit.mutate()).resolves.toBe('bye');
    expect(exitRequests).toBe(1);
  });

  it('rejects invalid input with BAD_REQUEST and a readable message', async () => {
    const bad = { questionId: -1, text: '' };
    const error = await newClient()
      .addAnswer.mutate(bad)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as Error).message).toMatch(/^Invalid input — questionId: /);
    expect(errorData(error)).toMatchObject({ code: 'BAD_REQUEST', fields: ['questionId', 'text'] });
  });

  it('(library quirk) delivers the error shape on `cause`, not on the client error itself', async () => {
    // ipcLink builds errors with its own bundled copy of TRPCClientError; @trpc/client does
    // not recognise that class and wraps it, so `.data` is empty and the shape sits on
    // `.cause`. The renderer must normalise this before reading `error.data`.
    identity.webContentsId = 99;
    const refused = (await newClient()
      .whoAmI.query()
      .catch((e: unknown) => e)) as {
      data?: unknown;
      cause?: { data?: { code?: string } };
    };
    expect(refused.data).toBeUndefined();
    expect(refused.cause?.data?.code).toBe('UNAUTHORIZED');
  });

  it('streams a subscription in order and cleans up after unsubscribe', async () => {
    const received: number[] = [];
    let unsubscribe = () => {};
    await new Promise<void>((resolve, reject) => {
      const sub = newClient().countdown.subscribe(undefined, {
        onData: (value) => {
          received.push(value);
          if (received.length === 3) resolve();
        },
        onError: reject,
      });
      unsubscribe = () => sub.unsubscribe();
    });
    expect(received).toEqual([3, 2, 1]);
    expect(cleanups).toEqual([]);

    unsubscribe();
    await vi.waitFor(() => expect(cleanups).toEqual(['countdown']));
  });

  it.each([
    ['an unregistered webContents', 99, APP_PAGE],
    ['a frame from another origin', KIOSK_ID, 'https://evil.example/app://station/'],
    ['a look-alike host', KIOSK_ID, 'app://station.evil/index.html'],
    ['a frame with no URL', KIOSK_ID, ''],
  ])('refuses %s with UNAUTHORIZED', async (_name, webContentsId, frameUrl) => {
    identity.webContentsId = webContentsId;
    identity.frameUrl = frameUrl;
    const exitsBefore = exitRequests;
    const client = newClient();
    const query = await client.whoAmI.query().catch((e: unknown) => e);
    expect(errorData(query)?.code).toBe('UNAUTHORIZED');
    const mutation = await client.exit.mutate().catch((e: unknown) => e);
    expect(errorData(mutation)?.code).toBe('UNAUTHORIZED');
    expect(exitRequests).toBe(exitsBefore);
  });
});

describe('callerFromEvent', () => {
  it('never throws, even when the sending frame is gone', () => {
    const gone = {
      sender: { id: 5 },
      get senderFrame(): never {
        throw new Error('Render frame was disposed');
      },
    };
    expect(callerFromEvent(gone as never)).toEqual({
      transport: 'ipc',
      webContentsId: 5,
      frameUrl: '',
    });
    expect(callerFromEvent({ sender: { id: 6 }, senderFrame: null } as never)).toMatchObject({
      frameUrl: '',
    });
  });
});

describe('createIpcTrust', () => {
  it('trusts no other transport', () => {
    const trust = createIpcTrust('app://station');
    trust.allow(1);
    expect(trust.isTrusted({ transport: 'ipc', webContentsId: 1, frameUrl: APP_PAGE })).toBe(true);
    expect(trust.isTrusted({ transport: 'ws', secretOk: true, connectionId: 'a' })).toBe(false);
    expect(trust.isTrusted({ transport: 'internal' })).toBe(false);
  });
});
