import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocketServer } from 'ws';
import type { CallerTrust, Context } from '../api/trpc';
import { randomUUID } from 'node:crypto';
import { newToken, sameSecret } from '../core/secrets';
import type { Station } from './open-station';
import { fileAccess, fileRefusal } from './media-access';
import { EntryTickets } from './entry-tickets';
import { enter } from './entry-response';
import { serveExport, serveMedia } from './file-response';
import { contentTypeFor, resolveStaticFile } from './static-files';

export interface BrowserStationOptions {
  station: Station;
  rendererDir: string;
  port?: number;
  requestExit: () => void;
}

export interface BrowserStation {
  /**
   * A fresh one-time address for opening the station (`/enter?t=<ticket>`), safe to put on a
   * command line or print: it redirects once to the page with the run's secret in the fragment.
   */
  entryUrl(): string;
  origin: string;
  port: number;
  close(): Promise<void>;
}

/** Swaps a one-time entry ticket (`?t=`) for the page with the run's secret. */
export const ENTRY_PATH = '/enter';
/** The WebSocket path; the upgrade must carry the per-run secret as `?k=`. */
export const TRPC_PATH = '/trpc';
/** Media by id, for signed-in staff: `/media/<id>?k=<secret>&s=<staff token>`. */
export const MEDIA_PATH = '/media/';
/** Review exports (PDF reports) by export id, for signed-in staff: `/exports/<id>?k=…&s=…`. */
export const EXPORTS_PATH = '/exports/';

// Only our own socket, whose upgrade proved the secret, is trusted.
const wsTrust: CallerTrust = {
  isTrusted: (caller) => caller.transport === 'ws' && caller.secretOk,
};

/**
 * Serves the built renderer and the app router over a WebSocket on 127.0.0.1 only. Every
 * socket must present the per-run secret; Host and Origin must be our own address, so a web
 * page elsewhere (or a DNS-rebinding attack) cannot reach the router.
 */
export async function startBrowserStation(opts: BrowserStationOptions): Promise<BrowserStation> {
  const secret = newToken();
  const tickets = new EntryTickets();
  const server = createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  let port = 0;
  const ownHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];

  const handler = applyWSSHandler({
    wss,
    router: opts.station.router,
    // Called once per connection: each socket is its own attempt source, named here by the
    // station, never by the page.
    createContext: (): Context => ({
      caller: { transport: 'ws', secretOk: true, connectionId: randomUUID() },
      trust: wsTrust,
      services: opts.station.services,
      requestExit: opts.requestExit,
    }),
    keepAlive: { enabled: true, pingMs: 15_000, pongWaitMs: 5_000 },
    onError: ({ error, path }) => {
      if (error.code !== 'INTERNAL_SERVER_ERROR') return;
      // No path: the socket itself failed (a frame over maxPayload, a broken frame), which
      // anyone on the page can cause at will; one line says so without a stack per frame.
      opts.station.services.log(
        path === undefined
          ? `websocket: a message was refused (${error.cause?.message ?? error.message})`
          : `error in ${path}: ${error.cause?.stack ?? error.message}`,
      );
    },
  });

  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isMedia = url.pathname.startsWith(MEDIA_PATH);
    const isExport = url.pathname.startsWith(EXPORTS_PATH);
    if ((isMedia || isExport) && ownHosts().includes(req.headers.host ?? '')) {
      // Recordings, thumbnails and exported reports: for our own page (the secret) and, as
      // the candidate's page holds the secret too, for a signed-in staff member only. Both
      // are checked before the id is looked up, so a refusal says nothing about the id.
      const refusal = sameSecret(url.searchParams.get('k') ?? '', secret)
        ? fileRefusal(fileAccess(opts.station.services, url))
        : 401;
      if (refusal) {
        res.writeHead(refusal, { 'Cache-Control': 'no-store' }).end();
        return;
      }
      if (isMedia) {
        const id = url.pathname.slice(MEDIA_PATH.length);
        serveMedia(req, res, opts.station.services.review.mediaFile(id));
      } else {
        const id = url.pathname.slice(EXPORTS_PATH.length);
        serveExport(req, res, opts.station.services.review.exportFile(id));
      }
      return;
    }
    if (url.pathname === ENTRY_PATH) {
      enter(req, res, url, ownHosts(), tickets, secret, opts.station.services.log);
      return;
    }
    serveStatic(req, res, opts.rendererDir, ownHosts(), port);
  });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const allowed =
      url.pathname === TRPC_PATH &&
      ownHosts().includes(req.headers.host ?? '') &&
      (origin === undefined || ownHosts().some((host) => origin === `http://${host}`)) &&
      sameSecret(url.searchParams.get('k') ?? '', secret);
    if (!allowed) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    entryUrl: () => `http://127.0.0.1:${port}${ENTRY_PATH}?t=${tickets.issue()}`,
    origin: `http://127.0.0.1:${port}`,
    port,
    async close() {
      handler.broadcastReconnectNotification();
      for (const client of wss.clients) client.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Idle keep-alive connections would hold close() open for the keep-alive timeout.
      server.closeAllConnections();
      await closed;
    },
  };
}

function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  rendererDir: string,
  ownHosts: string[],
  port: number,
): void {
  if (!ownHosts.includes(req.headers.host ?? '')) {
    res.writeHead(421).end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const file = resolveStaticFile(rendererDir, req.url ?? '/');
  let size = -1;
  try {
    const stat = file ? statSync(file) : null;
    if (stat?.isFile()) size = stat.size;
  } catch {
    size = -1;
  }
  if (!file || size < 0) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  res.writeHead(200, {
    'Content-Type': contentTypeFor(file),
    'Content-Length': size,
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
