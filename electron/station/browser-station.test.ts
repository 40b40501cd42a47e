import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTRPCClient, createWSClient, TRPCClientError, wsLink } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { eq } from 'drizzle-orm';
import { checkInAttempts, media, sessions } from '../../db/schema';
import { seedTestInterview, seedTestSession } from '../../db/test-db';
import type { AppRouter } from '../api/router';
import { signInStaff, stationCaller } from '../api/test-router';
import { newExport } from '../review/export-files';
import { loadAccessCodeKey } from '../core/access-code-key';
import { createTestStaff } from '../domain/test-staff';
import {
  EXPORTS_PATH,
  MEDIA_PATH,
  startBrowserStation,
  TRPC_PATH,
  type BrowserStation,
} from './browser-station';
import { DATABASE_FILE, openStation, type Station } from './open-station';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const INDEX_HTML = '<!doctype html><title>Interview Station</title><div id="root"></div>';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A raw GET, so the path reaches the server exactly as written (fetch would normalise `..`).
 * No keep-alive: a socket still busy when the server closes would hold close() for seconds.
 */
function get(port: number, urlPath: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: urlPath,
        method: 'GET',
        agent: false,
        headers: { Connection: 'close', ...headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

type Upgrade = { opened: true } | { opened: false; status: number | null };

/** Tries a WebSocket upgrade and reports whether it opened or how it was refused. */
function tryUpgrade(url: string, options: WebSocket.ClientOptions = {}): Promise<Upgrade> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, options);
    ws.on('open', () => {
      ws.terminate();
      resolve({ opened: true });
    });
    ws.on('unexpected-response', (req, res) => {
      resolve({ opened: false, status: res.statusCode ?? null });
      req.destroy();
    });
    ws.on('error', () => resolve({ opened: false, status: null }));
  });
}

describe('startBrowserStation', () => {
  let dataDir: string;
  let rendererDir: string;
  let station: Station;
  let browser: BrowserStation;
  let secret: string;
  let logLines: string[];
  const requestExit = vi.fn();
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeEach(async () => {
    logLines = [];
    const root = mkdtempSync(path.join(os.tmpdir(), 'browser-station-'));
    dataDir = path.join(root, 'data');
    rendererDir = path.join(root, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(path.join(rendererDir, 'index.html'), INDEX_HTML);
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));

    station = await openStation({
      dataDir,
      resourcesDir: path.join(REPO, 'resources'),
      migrationsDir: path.join(REPO, 'db', 'migrations'),
      log: (line) => logLines.push(line),
      // A build machine's disk may hold less than the default floor.
      freeSpaceFloorBytes: 20 * 1024 * 1024,
      // Sessions seeded here start in 1970: the purge must not race the test for them.
      retentionPurge: false,
    });
    cleanups.push(() => station.close());
    browser = await startBrowserStation({ station, rendererDir, port: 0, requestExit });
    cleanups.push(() => browser.close());
    const entry = await get(
      browser.port,
      new URL(browser.entryUrl()).pathname + new URL(browser.entryUrl()).search,
    );
    secret = (entry.headers.location ?? '').replace(/^\/#k=/, '');
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const trpcUrl = (query: string) => `ws://127.0.0.1:${browser.port}${TRPC_PATH}${query}`;

  describe('entry addresses', () => {
    const entryPath = () => {
      const url = new URL(browser.entryUrl());
      expect(url.origin).toBe(`http://127.0.0.1:${browser.port}`);
      return url.pathname + url.search;
    };

    it('carry a one-time ticket, never the secret, and open the page with it once', async () => {
      const first = entryPath();
      expect(first).toMatch(/^\/enter\?t=[\w-]{43}$/);
      expect(first).not.toContain(secret);
      expect(secret.length).toBeGreaterThanOrEqual(43);
      const opened = await get(browser.port, first);
      expect(opened.status).toBe(303);
      expect(opened.headers.location).toBe(`/#k=${secret}`);
      expect(opened.headers['cache-control']).toBe('no-store');
      expect(opened.headers['referrer-policy']).toBe('no-referrer');
      // Each address is its own ticket.
      expect(entryPath()).not.toBe(first);
    });

    it('refuse a ticket the second time, with a page saying what to do, and log it', async () => {
      const entry = entryPath();
      expect((await get(browser.port, entry)).status).toBe(303);
      const again = await get(browser.port, entry);
      expect(again.status).toBe(403);
      expect(again.headers.location).toBeUndefined();
      expect(again.body).toContain('already been opened once');
      expect(again.body).not.toContain(secret);
      expect(logLines.filter((line) => /opened a second time/.test(line))).toHaveLength(1);
    });

    it('refuse made-up tickets, other methods and other host names', async () => {
      const madeUp = await get(browser.port, '/enter?t=' + 'A'.repeat(43));
      expect(madeUp.status).toBe(403);
      expect(madeUp.body).toContain('not an address this station gave out');
      expect((await get(browser.port, '/enter')).status).toBe(403);
      const entry = entryPath();
      const rebound = await get(browser.port, entry, { Host: `evil.example:${browser.port}` });
      expect(rebound.status).toBe(421);
      // A refused host spends no ticket.
      expect((await get(browser.port, entry)).status).toBe(303);
      expect(logLines.filter((line) => /opened a second time/.test(line))).toEqual([]);
    });
  });

  it('serves the renderer with a strict Content-Security-Policy', async () => {
    const reply = await get(browser.port, '/');
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(INDEX_HTML);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['content-security-policy']).toContain("default-src 'self'");
    expect(reply.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each(['/../station.sqlite', `/../data/${DATABASE_FILE}`, '/%2e%2e/x', '/missing.js'])(
    'answers 404 for %s and never serves files outside the renderer folder',
    async (urlPath) => {
      const reply = await get(browser.port, urlPath);
      expect(reply.status).toBe(404);
      expect(reply.body).toBe('Not found');
    },
  );

  describe('media and exports by id', () => {
    let id = 0;
    let exportId = '';
    let staff = '';
    let candidate = '';
    beforeEach(async () => {
      // A real stored thumbnail: a media row and its file under the data folder's media/.
      const { db } = station.services;
      const sessionId = seedTestSession(db);
      mkdirSync(path.join(station.dataDir, 'media', 'session-1'), { recursive: true });
      writeFileSync(path.join(station.dataDir, 'media', 'session-1', 'e.jpg'), '0123456789');
      id = db
        .insert(media)
        .values({
          sessionId,
          kind: 'thumbnail',
          relativePath: path.join('media', 'session-1', 'e.jpg'),
          mimeType: 'image/jpeg',
          startMs: 0,
        })
        .returning({ id: media.id })
        .get().id;
      // The report of that session's interview: served to staff who may see the interview.
      const interviewId =
        db.select().from(sessions).where(eq(sessions.id, sessionId)).get()?.interviewId ?? null;
      const made = newExport(station.dataDir, 'Report.pdf', interviewId);
      writeFileSync(made.file, '%PDF-1.7 report');
      exportId = made.id;
      // A signed-in recruiter, and a candidate checked in on this same station.
      await createTestStaff(db, { username: 'rita', role: 'recruiter' });
      staff = await signInStaff(station.services, 'rita');
      const { accessCode } = seedTestInterview(db, {
        questions: [{ type: 'text', readingSeconds: 5, answerSeconds: 5 }],
        stationKey: loadAccessCodeKey(station.dataDir),
      });
      candidate = (await stationCaller(station.services).candidate.checkIn({ code: accessCode }))
        .token;
    });

    /** A file URL as the page builds it: this run's secret, then (optionally) a sign-in. */
    const fileUrl = (filePath: string, token?: string) =>
      `${filePath}?k=${secret}${token ? `&s=${encodeURIComponent(token)}` : ''}`;

    it('serves a stored file by id to signed-in staff, with byte ranges', async () => {
      const whole = await get(browser.port, fileUrl(`${MEDIA_PATH}${id}`, staff));
      expect(whole).toMatchObject({ status: 200, body: '0123456789' });
      expect(whole.headers['content-type']).toBe('image/jpeg');
      const part = await get(browser.port, fileUrl(`${MEDIA_PATH}${id}`, staff), {
        Range: 'bytes=2-5',
      });
      expect(part).toMatchObject({ status: 206, body: '2345' });
      expect(part.headers['content-range']).toBe('bytes 2-5/10');
      const report = await get(browser.port, fileUrl(`${EXPORTS_PATH}${exportId}`, staff));
      expect(report).toMatchObject({ status: 200, body: '%PDF-1.7 report' });
    });

    it('refuses a page holding only the secret, or a staff token without the secret', async () => {
      for (const filePath of [
        `${MEDIA_PATH}${id}`,
        `${MEDIA_PATH}999`,
        `${EXPORTS_PATH}${exportId}`,
      ]) {
        const secretOnly = await get(browser.port, fileUrl(filePath));
        expect(secretOnly, filePath).toMatchObject({ status: 401, body: '' });
        const staffOnly = await get(browser.port, `${filePath}?s=${encodeURIComponent(staff)}`);
        expect(staffOnly, filePath).toMatchObject({ status: 401, body: '' });
      }
      const signedOut = await signInStaff(station.services, 'rita');
      station.services.staff.logout(signedOut);
      expect((await get(browser.port, fileUrl(`${MEDIA_PATH}${id}`, signedOut))).status).toBe(401);
    });

    it("refuses the candidate's own token with 403, saying nothing about the id", async () => {
      for (const filePath of [
        `${MEDIA_PATH}${id}`,
        `${MEDIA_PATH}999`,
        `${EXPORTS_PATH}${exportId}`,
      ]) {
        const reply = await get(browser.port, fileUrl(filePath, candidate), { Range: 'bytes=0-3' });
        expect(reply, filePath).toMatchObject({ status: 403, body: '' });
      }
    });

    it('refuses anything that is not a stored id, even for staff', async () => {
      for (const bad of ['999', '0', `${id}/../../${DATABASE_FILE}`, `..%2f${DATABASE_FILE}`]) {
        const reply = await get(browser.port, fileUrl(`${MEDIA_PATH}${bad}`, staff));
        expect(reply.status, bad).toBe(404);
        expect(reply.body).not.toContain('SQLite');
      }
      const traversal = await get(
        browser.port,
        fileUrl(`${EXPORTS_PATH}..%2f${DATABASE_FILE}`, staff),
      );
      expect(traversal.status).toBe(404);
    });

    it('serves no file through a symbolic link planted in media/ or exports/', async () => {
      const { db } = station.services;
      const outside = path.join(path.dirname(station.dataDir), 'outside');
      mkdirSync(outside);
      writeFileSync(path.join(outside, 'hostname'), 'another-machine');
      const mediaDir = path.join(station.dataDir, 'media');
      symlinkSync(path.join(outside, 'hostname'), path.join(mediaDir, 'session-1', 'l.jpg'));
      symlinkSync(outside, path.join(mediaDir, 'session-7'));
      const planted = [path.join('session-1', 'l.jpg'), path.join('session-7', 'hostname')].map(
        (file) =>
          db
            .insert(media)
            .values({
              sessionId: seedTestSession(db),
              kind: 'thumbnail',
              relativePath: path.join('media', file),
              mimeType: 'image/jpeg',
              startMs: 0,
            })
            .returning({ id: media.id })
            .get().id,
      );
      for (const plantedId of planted) {
        const reply = await get(browser.port, fileUrl(`${MEDIA_PATH}${plantedId}`, staff));
        expect(reply, String(plantedId)).toMatchObject({ status: 404 });
        expect(reply.body).not.toContain('another-machine');
      }
      // An export whose one file was swapped for a link.
      const swapped = newExport(station.dataDir, 'Swapped.pdf');
      symlinkSync(path.join(outside, 'hostname'), swapped.file);
      const reply = await get(browser.port, fileUrl(`${EXPORTS_PATH}${swapped.id}`, staff));
      expect(reply.status).toBe(404);
      expect(reply.body).not.toContain('another-machine');
    });
  });

  it('answers 421 to a request for another host name (DNS rebinding)', async () => {
    const reply = await get(browser.port, '/', { Host: `evil.example:${browser.port}` });
    expect(reply.status).toBe(421);
    expect(reply.body).toBe('');
  });

  it('accepts localhost as its own host name', async () => {
    const reply = await get(browser.port, '/', { Host: `localhost:${browser.port}` });
    expect(reply.status).toBe(200);
  });

  it.each([
    ['without the secret', '', {}],
    ['with a wrong secret', '?k=not-the-secret', {}],
    ['from a foreign page', 'RIGHT', { origin: 'http://evil.example' }],
    ['with a foreign Host header', 'RIGHT', { headers: { Host: 'evil.example' } }],
  ] as const)('refuses a WebSocket %s', async (_label, query, options) => {
    const url = trpcUrl(query === 'RIGHT' ? `?k=${secret}` : query);
    const outcome = await tryUpgrade(url, { ...options });
    expect(outcome).toEqual({ opened: false, status: 401 });
  });

  it('refuses a WebSocket on another path even with the secret', async () => {
    const outcome = await tryUpgrade(`ws://127.0.0.1:${browser.port}/other?k=${secret}`);
    expect(outcome).toEqual({ opened: false, status: 401 });
  });

  describe('with the secret', () => {
    function connect() {
      const wsClient = createWSClient({
        url: trpcUrl(`?k=${encodeURIComponent(secret)}`),
        WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
      });
      cleanups.push(() => wsClient.close());
      return createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
    }

    /** Sends raw frames on a socket of our own page and collects what comes back. */
    async function rawSocket() {
      const ws = new WebSocket(trpcUrl(`?k=${encodeURIComponent(secret)}`));
      await new Promise((resolve) => ws.once('open', resolve));
      cleanups.push(() => ws.terminate());
      const replies: string[] = [];
      ws.on('message', (data) => replies.push(String(data)));
      const closed = new Promise<number>((resolve) => ws.once('close', resolve));
      return { ws, replies, closed };
    }

    it('refuses deeply nested input with a plain error, and keeps answering', async () => {
      const { ws, replies } = await rawSocket();
      const depth = 400_000;
      const input = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      ws.send(
        `{"id":1,"method":"mutation","params":{"path":"candidate.checkIn","input":${input}}}`,
      );
      ws.send('{"id":2,"method":"query","params":{"path":"station.info"}}');
      await vi.waitFor(() => expect(replies).toHaveLength(2));
      const byId = new Map(
        replies.map((reply) => {
          const parsed = JSON.parse(reply) as { id: number };
          return [parsed.id, parsed];
        }),
      );
      const [deep, info] = [byId.get(1), byId.get(2)];
      expect(JSON.stringify(deep)).toContain('nested too deeply');
      expect(JSON.stringify(deep)).not.toContain('call stack');
      expect(info).toMatchObject({ id: 2, result: { data: { stationName: 'Interview Station' } } });
    });

    it('closes a socket that sends a frame over the size limit, logging one line', async () => {
      const lines: string[] = [];
      station.services.log = (line) => lines.push(line);
      const { ws, closed } = await rawSocket();
      ws.send('x'.repeat(2 * 1024 * 1024));
      expect(await closed).toBe(1009);
      await vi.waitFor(() => expect(lines).toHaveLength(1));
      expect(lines[0]).toBe('websocket: a message was refused (Max payload size exceeded)');
    });

    it('answers tRPC queries over the socket', async () => {
      const client = connect();
      const info = await client.station.info.query();
      expect(info).toEqual({ stationName: 'Interview Station', checkInCooldownMs: 0 });
    });

    it('rejects an empty check-in code with a readable message and records no attempt', async () => {
      const client = connect();
      const error = await client.candidate.checkIn.mutate({ code: '' }).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(TRPCClientError);
      const trpcError = error as TRPCClientError<AppRouter>;
      expect(trpcError.data?.code).toBe('BAD_REQUEST');
      expect(trpcError.message).toMatch(
        /^Invalid input — code: Enter the code printed on your invitation\./,
      );
      expect(station.services.db.select().from(checkInAttempts).all()).toEqual([]);
    });

    it('checks a candidate in with the demo code shown at start', async () => {
      const client = connect();
      const demoLine = station.banner.find((line) => line.startsWith('Demo interview code: '));
      const code = demoLine?.replace('Demo interview code: ', '') ?? '';
      expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

      const result = await client.candidate.checkIn.mutate({ code: code.toLowerCase() });
      expect(result.interview).toMatchObject({
        candidateName: 'Demo Candidate',
        jobTitle: 'Full-stack Engineer (demo)',
        questionCount: 6,
      });
      expect(result.token.length).toBeGreaterThanOrEqual(20);
      expect(station.services.db.select().from(checkInAttempts).all()).toEqual([
        expect.objectContaining({ outcome: 'accepted' }),
      ]);
    });

    it('pauses only the socket that missed five codes; the other page still checks in', async () => {
      const guesser = connect();
      const kiosk = connect();
      const outcomes: string[] = [];
      for (let i = 0; i < 6; i++) {
        outcomes.push(
          await guesser.candidate.checkIn.mutate({ code: `WRONG${i}XY` }).then(
            () => 'in',
            (caught: TRPCClientError<AppRouter>) => caught.data?.code ?? 'none',
          ),
        );
      }
      expect(outcomes).toEqual([
        ...Array(4).fill('NOT_FOUND'),
        ...Array(2).fill('TOO_MANY_REQUESTS'),
      ]);
      expect((await guesser.station.info.query()).checkInCooldownMs).toBeGreaterThan(0);
      expect((await kiosk.station.info.query()).checkInCooldownMs).toBe(0);

      const demoLine = station.banner.find((line) => line.startsWith('Demo interview code: '));
      const code = demoLine?.replace('Demo interview code: ', '') ?? '';
      const result = await kiosk.candidate.checkIn.mutate({ code });
      expect(result.interview.candidateName).toBe('Demo Candidate');
    });
  });
});
