/**
 * Test helper: a receiver at the network boundary, for the station's sync tests until they
 * point at the reference receiver (cloud/). Uploads go through the real `@tus/server` with the
 * real `@tus/file-store`; enrolment, batches and receipts are a small handler keeping items in
 * memory as the contract says (a newer revision replaces, an older or equal one is a duplicate).
 * It can be taken down (503 to everything) and counts what it was sent.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { FileStore } from '@tus/file-store';
import { Server as TusServer } from '@tus/server';
import {
  batchRequest,
  enrolmentRequest,
  UPLOADS_PATH,
  type SyncItem,
} from '../../shared/sync-contract';

export interface TestReceiverOptions {
  /** Where uploads are stored. */
  storageDir: string;
  /** One-time enrolment codes it accepts. */
  codes?: string[];
  port?: number;
  /** Media ids whose first upload has a byte changed on arrival (a chunk tampered with). */
  tamperOnce?: Set<string>;
}

interface StoredUpload {
  uploadId: string;
  mediaId: string;
  sessionId: string;
  kind: string;
  sha256: string;
  size: number;
  complete: boolean;
  verified: boolean;
}

export interface TestReceiver {
  url: string;
  /** Items by id, at their highest revision. */
  items: Map<string, SyncItem>;
  /** Every item as it arrived (id and revision), duplicates included, in arrival order. */
  arrivals: { id: string; revision: number; status: string }[];
  uploads: Map<string, StoredUpload>;
  /** PATCH body bytes announced per media id (Content-Length): what the station sent. */
  patchBytes: Map<string, number>;
  /** Uploads created per media id (a resumed upload is not created again). */
  creations: Map<string, number>;
  /** Requests answered 503 while down. */
  refused: number;
  credentials: Set<string>;
  setDown(down: boolean): void;
  /** The stored bytes of an upload. */
  sha256Of(mediaId: string): Promise<string | null>;
  close(): Promise<void>;
}

function sessionOf(item: SyncItem, items: Map<string, SyncItem>): string | null {
  switch (item.kind) {
    case 'session':
      return item.id;
    case 'answer':
    case 'event':
    case 'signal_batch':
    case 'transcript':
      return item.sessionId;
    case 'score': {
      const answer = items.get(item.answerId);
      return answer?.kind === 'answer' ? answer.sessionId : null;
    }
    default:
      return null;
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return JSON.parse(Buffer.concat(parts).toString('utf8') || 'null');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

export async function startTestReceiver(opts: TestReceiverOptions): Promise<TestReceiver> {
  const codes = new Set(opts.codes ?? []);
  const items = new Map<string, SyncItem>();
  const arrivals: TestReceiver['arrivals'] = [];
  const uploads = new Map<string, StoredUpload>();
  const patchBytes = new Map<string, number>();
  const credentials = new Set<string>();
  const creations = new Map<string, number>();
  const byUploadId = new Map<string, StoredUpload>();
  let down = false;
  let refused = 0;

  const fileOf = (uploadId: string) => path.join(opts.storageDir, uploadId);
  const hashFile = (file: string) =>
    new Promise<string>((resolve, reject) => {
      const hash = createHash('sha256');
      createReadStream(file)
        .on('data', (chunk) => hash.update(chunk))
        .on('end', () => resolve(hash.digest('hex')))
        .on('error', reject);
    });

  const tus = new TusServer({
    path: UPLOADS_PATH,
    datastore: new FileStore({ directory: opts.storageDir }),
    onUploadCreate: (_req, upload) => {
      const meta = upload.metadata ?? {};
      const stored: StoredUpload = {
        uploadId: upload.id,
        mediaId: meta.mediaId ?? '',
        sessionId: meta.sessionId ?? '',
        kind: meta.kind ?? '',
        sha256: meta.sha256 ?? '',
        size: upload.size ?? 0,
        complete: false,
        verified: false,
      };
      byUploadId.set(upload.id, stored);
      creations.set(stored.mediaId, (creations.get(stored.mediaId) ?? 0) + 1);
      return Promise.resolve({});
    },
    onUploadFinish: async (_req, upload) => {
      const stored = byUploadId.get(upload.id);
      if (!stored) return {};
      if (opts.tamperOnce?.delete(stored.mediaId)) {
        const handle = await open(fileOf(upload.id), 'r+');
        await handle.write(Buffer.from([0xff]), 0, 1, 0);
        await handle.close();
      }
      const actual = await hashFile(fileOf(upload.id));
      if (actual !== stored.sha256) {
        // @tus/server's own error form: its status and body go to the client.
        throw { status_code: 460, body: 'The file’s SHA-256 does not match its metadata.' };
      }
      stored.complete = true;
      stored.verified = true;
      uploads.set(stored.mediaId, stored);
      return {};
    },
  });

  const authorised = (req: IncomingMessage) => {
    const header = req.headers.authorization ?? '';
    return header.startsWith('Bearer ') && credentials.has(header.slice(7));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (down) {
      refused += 1;
      req.resume();
      send(res, 503, { error: 'The receiver is down for maintenance.' });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://receiver');
    if (req.method === 'POST' && url.pathname === '/v1/enrol') {
      const parsed = enrolmentRequest.safeParse(await readJson(req));
      if (!parsed.success || !codes.has(parsed.data.code)) {
        send(res, 403, { error: 'This enrolment code is not valid.' });
        return;
      }
      codes.delete(parsed.data.code);
      const credential = randomBytes(32).toString('base64url');
      credentials.add(credential);
      send(res, 200, { stationId: parsed.data.stationId, credential });
      return;
    }
    if (!authorised(req)) {
      req.resume();
      send(res, 401, { error: 'This station is not enrolled.' });
      return;
    }
    if (url.pathname.startsWith(UPLOADS_PATH)) {
      if (req.method === 'PATCH') {
        const uploadId = url.pathname.slice(UPLOADS_PATH.length + 1);
        const mediaId = byUploadId.get(uploadId)?.mediaId ?? uploadId;
        const length = Number(req.headers['content-length'] ?? 0);
        patchBytes.set(mediaId, (patchBytes.get(mediaId) ?? 0) + length);
      }
      await tus.handle(req, res);
      return;
    }
    if (req.method === 'POST' && url.pathname === '/v1/batches') {
      const parsed = batchRequest.safeParse(await readJson(req));
      if (!parsed.success) {
        send(res, 400, { error: 'The batch does not match the contract.' });
        return;
      }
      const results = parsed.data.items.map((item) => {
        const held = items.get(item.id);
        const status = held && held.revision >= item.revision ? 'duplicate' : 'stored';
        if (status === 'stored') items.set(item.id, item);
        arrivals.push({ id: item.id, revision: item.revision, status });
        return { id: item.id, status };
      });
      send(res, 200, { results });
      return;
    }
    const receipt = /^\/v1\/sessions\/([0-9a-f-]{36})\/receipt$/.exec(url.pathname);
    if (req.method === 'GET' && receipt) {
      const sessionId = receipt[1] ?? '';
      send(res, 200, {
        sessionId,
        items: [...items.values()]
          .filter((item) => sessionOf(item, items) === sessionId)
          .map((item) => ({ id: item.id, kind: item.kind, revision: item.revision })),
        media: [...byUploadId.values()]
          .filter((u) => u.sessionId === sessionId)
          .map((u) => ({
            mediaId: u.mediaId,
            state: u.complete ? 'complete' : 'partial',
            byteSize: u.size,
            sha256: u.verified ? u.sha256 : null,
          })),
      });
      return;
    }
    send(res, 404, { error: 'Nothing is here.' });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { error: 'The receiver failed.' });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    items,
    arrivals,
    uploads,
    patchBytes,
    creations,
    get refused() {
      return refused;
    },
    credentials,
    setDown(value) {
      down = value;
    },
    async sha256Of(mediaId) {
      const upload = uploads.get(mediaId);
      return upload ? hashFile(fileOf(upload.uploadId)) : null;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
