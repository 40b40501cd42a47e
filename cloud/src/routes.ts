/** The receiver's JSON routes; auth, rate limits and errors are set up in receiver.ts. */
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  MAX_BATCH_ITEMS,
  enrolmentRequest,
  type batchResponse,
  type mediaReceipt,
  type sessionReceipt,
} from '../../shared/sync-contract';
import { items, media } from '../db/schema';
import { storeBatch } from './batches';
import type { ReceiverDatabase } from './database';
import type { ReceiverMetrics } from './metrics';
import { DEFAULT_CODE_TTL_MS, enrolStation, issueEnrolmentCode, revokeStation } from './stations';

/** A batch's envelope; each item is then checked on its own so one bad item rejects only itself. */
export const batchEnvelope = z.strictObject({
  items: z
    .array(z.looseObject({ id: z.uuid() }))
    .min(1)
    .max(MAX_BATCH_ITEMS),
});
export const issueCodeRequest = z.strictObject({
  ttlHours: z
    .number()
    .min(0.01)
    .max(24 * 30)
    .optional(),
});
export const issueCodeResponse = z.strictObject({ code: z.string(), expiresAt: z.iso.datetime() });
export const revokeResponse = z.strictObject({ stationId: z.uuid(), revoked: z.literal(true) });
export const healthResponse = z.strictObject({ status: z.literal('ok'), database: z.string() });
const idParam = (name: string) => z.strictObject({ [name]: z.uuid() });

export class InputError extends Error {
  readonly statusCode = 400;
}

/** Parses with zod; a failure names the field and zod's words, never the value sent. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  throw new InputError(`Invalid input — ${issue?.message ?? 'not what this route takes'}${where}.`);
}

export type RouteDeps = {
  database: ReceiverDatabase;
  metrics: ReceiverMetrics;
  removeFile: (storageKey: string) => Promise<void>;
};

export function registerRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { db } = deps.database;

  app.post('/v1/enrol', { config: { auth: 'none' } }, async (req, reply) => {
    const body = parseInput(enrolmentRequest, req.body);
    const enrolled = await enrolStation(db, body);
    if (!enrolled) {
      return reply
        .status(403)
        .send({ error: 'This enrolment code is unknown, expired or already used.' });
    }
    req.log.info({ stationId: enrolled.stationId }, 'station enrolled');
    return reply.status(201).send(enrolled);
  });

  app.post('/v1/admin/enrolment-codes', { config: { auth: 'admin' } }, async (req, reply) => {
    const body = parseInput(issueCodeRequest, req.body ?? {});
    const ttl = body.ttlHours ? body.ttlHours * 3_600_000 : DEFAULT_CODE_TTL_MS;
    const { code, expiresAt } = await issueEnrolmentCode(db, ttl);
    return reply.status(201).send({ code, expiresAt: expiresAt.toISOString() });
  });

  app.post(
    '/v1/admin/stations/:stationId/revoke',
    { config: { auth: 'admin' } },
    async (req, reply) => {
      const { stationId } = parseInput(idParam('stationId'), req.params) as { stationId: string };
      if (!(await revokeStation(db, stationId))) {
        return reply.status(404).send({ error: 'There is no such station.' });
      }
      req.log.info({ stationId }, 'station revoked');
      return { stationId, revoked: true };
    },
  );

  app.post(
    '/v1/batches',
    { config: { auth: 'station' }, bodyLimit: 64 * 1024 * 1024 },
    async (req): Promise<z.infer<typeof batchResponse>> => {
      const body = parseInput(batchEnvelope, req.body);
      const outcome = await storeBatch(db, req.stationId as string, body.items);
      for (const key of outcome.removedStorageKeys) await deps.removeFile(key);
      for (const r of outcome.results) deps.metrics.items.inc({ result: r.status });
      return { results: outcome.results };
    },
  );

  app.get(
    '/v1/media/:mediaId',
    { config: { auth: 'station' } },
    async (req): Promise<z.infer<typeof mediaReceipt>> => {
      const { mediaId } = parseInput(idParam('mediaId'), req.params) as { mediaId: string };
      const rows = await db
        .select()
        .from(media)
        .where(and(eq(media.mediaId, mediaId), eq(media.stationId, req.stationId as string)));
      return receiptOf(mediaId, rows[0]);
    },
  );

  app.get(
    '/v1/sessions/:sessionId/receipt',
    { config: { auth: 'station' } },
    async (req): Promise<z.infer<typeof sessionReceipt>> => {
      const { sessionId } = parseInput(idParam('sessionId'), req.params) as { sessionId: string };
      const stationId = req.stationId as string;
      const [held, files] = await Promise.all([
        db
          .select({ id: items.id, kind: items.kind, revision: items.revision, body: items.body })
          .from(items)
          .where(and(eq(items.sessionId, sessionId), eq(items.stationId, stationId)))
          .orderBy(items.kind, items.id),
        db
          .select()
          .from(media)
          .where(and(eq(media.sessionId, sessionId), eq(media.stationId, stationId)))
          .orderBy(media.mediaId),
      ]);
      // Media the session's answers and events name but that never arrived are listed as
      // absent, so a station never reads a missing clip as nothing left to send.
      const byId = new Map(files.map((m) => [m.mediaId, receiptOf(m.mediaId, m)]));
      for (const item of held) {
        for (const id of mediaIdsOf(item.body))
          if (!byId.has(id)) byId.set(id, receiptOf(id, undefined));
      }
      return {
        sessionId,
        items: held.map(({ id, kind, revision }) => ({ id, kind, revision })),
        media: [...byId.values()].sort((a, b) => a.mediaId.localeCompare(b.mediaId)),
      };
    },
  );

  app.get('/health', { config: { auth: 'none', rateLimit: false } }, async (_req, reply) => {
    try {
      await deps.database.ping();
      return { status: 'ok', database: deps.database.kind };
    } catch {
      return reply.status(503).send({ error: 'The database is not reachable.' });
    }
  });

  app.get('/metrics', { config: { auth: 'none', rateLimit: false } }, async (_req, reply) => {
    reply.header('content-type', deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
}

function mediaIdsOf(body: unknown): string[] {
  const { mediaId, thumbnailMediaId } = (body ?? {}) as Record<string, unknown>;
  return [mediaId, thumbnailMediaId].filter((id): id is string => typeof id === 'string');
}

function receiptOf(
  mediaId: string,
  row: typeof media.$inferSelect | undefined,
): z.infer<typeof mediaReceipt> {
  if (!row) return { mediaId, state: 'absent', byteSize: null, sha256: null };
  return { mediaId, state: row.state, byteSize: row.byteSize, sha256: row.sha256 };
}
