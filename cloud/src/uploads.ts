/**
 * Media uploads over tus 1.0.0 (@tus/server with the FileStore in a folder every instance
 * shares). Each request is authenticated in the tus hooks as well as before them; a new upload
 * must declare the contract's metadata and its length; when the last byte arrives the stored file
 * is streamed through SHA-256 and compared with the declared hash. A mismatch removes the upload
 * and answers 460 (tus's "checksum mismatch"), so the station starts that file again from zero.
 */
import { FileStore } from '@tus/file-store';
import { EVENTS, Server, type Locker, type Upload } from '@tus/server';
import { and, eq, isNotNull, lt } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UPLOADS_PATH, uploadMetadata } from '../../shared/sync-contract';
import { erasedRefs, media } from '../db/schema';
import { bearerToken } from './credentials';
import type { ReceiverDb } from './database';
import type { ReceiverMetrics } from './metrics';
import { stationForCredential } from './stations';

export type UploadsOptions = {
  db: ReceiverDb;
  storageDir: string;
  locker: Locker;
  metrics: ReceiverMetrics;
  maxUploadBytes: number;
  warn: (msg: string) => void;
  /** Logs an unexpected failure by its error code only (a query's text could carry data). */
  fail: (code: string) => void;
};

/** The FileStore, counting the bytes it writes for /metrics. */
class CountingFileStore extends FileStore {
  constructor(
    directory: string,
    private readonly onBytes: (n: number) => void,
  ) {
    super({ directory });
  }
  override async write(
    readable: IncomingMessage | Readable,
    id: string,
    offset: number,
  ): Promise<number> {
    const end = await super.write(readable, id, offset);
    this.onBytes(end - offset);
    return end;
  }
}

const refuse = (status_code: number, error: string) => ({
  status_code,
  body: JSON.stringify({ error }),
});

export function createUploads(opts: UploadsOptions) {
  const { db, metrics } = opts;
  const store = new CountingFileStore(opts.storageDir, (n) => metrics.bytesReceived.inc(n));
  const stationOf = new WeakMap<object, string>();

  const tus = new Server({
    path: UPLOADS_PATH,
    datastore: store,
    locker: opts.locker,
    // Relative, so the Location stays right behind a TLS proxy or a load balancer.
    relativeLocation: true,
    maxSize: opts.maxUploadBytes,
    async onIncomingRequest(req, id) {
      const credential = bearerToken(req.headers.get('authorization'));
      const stationId = credential ? await stationForCredential(db, credential) : null;
      if (!stationId) throw refuse(401, 'A valid station credential is required.');
      stationOf.set(req, stationId);
      if (req.method === 'POST') return;
      const rows = await db
        .select({ stationId: media.stationId })
        .from(media)
        .where(eq(media.storageKey, id));
      // Another station's upload looks like no upload at all.
      if (rows[0]?.stationId !== stationId) throw refuse(404, 'There is no such upload.');
    },
    async onUploadCreate(req, upload) {
      const stationId = stationOf.get(req);
      if (!stationId) throw refuse(401, 'A valid station credential is required.');
      const parsed = uploadMetadata.safeParse(upload.metadata ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.path.join('.') || 'Upload-Metadata';
        throw refuse(400, `Invalid input — ${field}: ${issue?.message ?? 'invalid'}.`);
      }
      if (upload.size === undefined) {
        throw refuse(400, 'Invalid input — Upload-Length is required (no deferred lengths).');
      }
      const meta = parsed.data;
      const erased = await db
        .select({ id: erasedRefs.id })
        .from(erasedRefs)
        .where(eq(erasedRefs.id, meta.sessionId));
      if (erased.length > 0) throw refuse(410, "This session's candidate was erased.");
      const held = await db.select().from(media).where(eq(media.mediaId, meta.mediaId));
      const prior = held[0];
      if (prior && prior.stationId !== stationId) {
        throw refuse(403, 'This media id belongs to another station.');
      }
      if (prior?.state === 'complete') throw refuse(409, 'This media file is already complete.');
      const row = {
        mediaId: meta.mediaId,
        stationId,
        sessionId: meta.sessionId,
        kind: meta.kind,
        contentType: meta.contentType,
        sha256: meta.sha256,
        byteSize: upload.size,
        state: 'partial' as const,
        storageKey: upload.id,
        createdAt: new Date(),
        completedAt: null,
      };
      await db.insert(media).values(row).onConflictDoUpdate({ target: media.mediaId, set: row });
      // A station that lost its upload URL starts again; the abandoned partial file goes.
      if (prior?.storageKey) await removeFile(prior.storageKey);
      return {};
    },
    // Every answer in the contract's shape: tus's own refusals keep their fixed wording, and
    // anything unexpected becomes one plain sentence instead of tus's "went wrong" + message.
    onResponseError(_req, err) {
      const known = 'status_code' in err && typeof err.body === 'string';
      if (!known) {
        opts.fail(errorCode(err));
        return refuse(500, 'The receiver could not handle this upload; try again.');
      }
      if (err.body.startsWith('{')) return undefined;
      return refuse(err.status_code, err.body.trim() || 'The upload request was refused.');
    },
    async onUploadFinish(_req, upload) {
      const rows = await db.select().from(media).where(eq(media.storageKey, upload.id));
      const row = rows[0];
      if (!row) throw refuse(404, 'There is no such upload.');
      const actual = await sha256Of(store, upload.id);
      if (actual !== row.sha256) {
        await db
          .update(media)
          .set({ storageKey: null })
          .where(and(eq(media.mediaId, row.mediaId), eq(media.storageKey, upload.id)));
        await removeFile(upload.id);
        metrics.uploads.inc({ outcome: 'failed' });
        throw refuse(460, 'The file does not match its SHA-256; upload it again from the start.');
      }
      await db
        .update(media)
        .set({ state: 'complete', completedAt: new Date(), byteSize: upload.offset })
        .where(eq(media.mediaId, row.mediaId));
      metrics.uploads.inc({ outcome: 'completed' });
      return {};
    },
  });

  tus.on(EVENTS.POST_TERMINATE, (_req, _res, id) => {
    void db.update(media).set({ storageKey: null }).where(eq(media.storageKey, id));
  });

  async function removeFile(storageKey: string): Promise<void> {
    try {
      await store.remove(storageKey);
    } catch {
      // Already gone (another instance, or a terminated upload): nothing left to remove.
      opts.warn('an upload file to remove was already gone');
    }
  }

  /**
   * Removes partial uploads untouched since before `cutoff` (a station gone for good): the file
   * goes, the media stays partial, and a station that comes back starts that file again.
   * tus's own expiry is not used: the FileStore would remove finished files too.
   */
  async function removeAbandoned(cutoff: Date): Promise<number> {
    const stale = await db
      .select({ mediaId: media.mediaId, storageKey: media.storageKey })
      .from(media)
      .where(
        and(eq(media.state, 'partial'), isNotNull(media.storageKey), lt(media.createdAt, cutoff)),
      );
    let removed = 0;
    for (const row of stale) {
      if (!row.storageKey) continue;
      // Conditional on the key, so two instances sweeping at once remove each file once.
      const taken = await db
        .update(media)
        .set({ storageKey: null })
        .where(and(eq(media.mediaId, row.mediaId), eq(media.storageKey, row.storageKey)))
        .returning({ mediaId: media.mediaId });
      if (taken.length === 0) continue;
      await removeFile(row.storageKey);
      removed++;
    }
    return removed;
  }

  return { tus, store, removeFile, removeAbandoned };
}

function errorCode(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  return String(e.code ?? e.cause?.code ?? 'unknown');
}

async function sha256Of(store: FileStore, id: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(store.read(id), hash);
  return hash.digest('hex');
}

export type { Upload };
