/**
 * The reference sync receiver: `buildReceiver(opts)` opens the database (migrating it first),
 * wires auth, per-station rate limits, metrics, the JSON routes and tus, and returns the Fastify
 * instance. It keeps no state of its own between requests, so several instances can run behind a
 * load balancer on one PostgreSQL and one shared storage folder.
 */
import rateLimit from '@fastify/rate-limit';
import { MemoryLocker, type Locker } from '@tus/server';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { mkdirSync } from 'node:fs';
import { UPLOADS_PATH } from '../../shared/sync-contract';
import { bearerToken, sameSecret } from './credentials';
import { openDatabase, type DatabaseOptions, type ReceiverDatabase } from './database';
import { createMetrics, type ReceiverMetrics } from './metrics';
import { PgAdvisoryLocker } from './pg-locker';
import { registerRoutes } from './routes';
import { stationForCredential } from './stations';
import { createUploads } from './uploads';

export type ReceiverOptions = DatabaseOptions & {
  storageDir: string;
  /** Enables the admin routes (issue codes, revoke stations) for this bearer token. */
  adminToken?: string;
  /** Requests per station (or per address, before enrolment) in each window. */
  rateLimit?: { max: number; timeWindowMs: number };
  logger?: FastifyServerOptions['logger'];
  maxUploadBytes?: number;
  defaultMetrics?: boolean;
};

type AuthKind = 'none' | 'station' | 'admin';

declare module 'fastify' {
  interface FastifyRequest {
    stationId: string | null;
  }
  interface FastifyContextConfig {
    auth?: AuthKind;
  }
  interface FastifyInstance {
    receiver: {
      database: ReceiverDatabase;
      metrics: ReceiverMetrics;
      /** Removes partial uploads created before the cutoff; returns how many. */
      removeAbandonedUploads(cutoff: Date): Promise<number>;
    };
  }
}

export async function buildReceiver(opts: ReceiverOptions): Promise<FastifyInstance> {
  mkdirSync(opts.storageDir, { recursive: true });
  const database = await openDatabase(opts);
  const metrics = createMetrics(opts.defaultMetrics);
  let locker: Locker;
  let pgLocker: PgAdvisoryLocker | null = null;
  if (database.lockPool) {
    pgLocker = new PgAdvisoryLocker(database.lockPool);
    await pgLocker.start();
    locker = pgLocker;
  } else {
    // PGlite serves one instance only, so locks in memory are enough.
    locker = new MemoryLocker();
  }

  // Credentials travel in Authorization, which pino's default request serializer leaves out.
  const app = Fastify({ logger: opts.logger ?? false });
  app.decorateRequest('stationId', null);
  const uploads = createUploads({
    db: database.db,
    storageDir: opts.storageDir,
    locker,
    metrics,
    maxUploadBytes: opts.maxUploadBytes ?? 8 * 1024 ** 3,
    warn: (msg) => app.log.warn(msg),
    fail: (code) => app.log.error({ code }, 'upload request failed'),
  });

  app.addHook('onRequest', async (req, reply) => {
    const started = process.hrtime.bigint();
    reply.raw.once('finish', () => {
      const route = req.routeOptions.url ?? 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.requests.inc({ route, method: req.method, status: String(reply.raw.statusCode) });
      metrics.latency.observe({ route, method: req.method }, seconds);
    });
    const auth = req.routeOptions.config.auth ?? 'none';
    if (auth === 'none') return;
    const token = bearerToken(req.headers.authorization);
    if (auth === 'admin') {
      if (!opts.adminToken) {
        return reply.status(403).send({ error: 'Admin routes are off: set CLOUD_ADMIN_TOKEN.' });
      }
      if (!token || !sameSecret(token, opts.adminToken)) {
        return reply.status(401).send({ error: 'A valid admin token is required.' });
      }
      return;
    }
    req.stationId = token ? await stationForCredential(database.db, token) : null;
    if (!req.stationId) {
      return reply.status(401).send({ error: 'A valid station credential is required.' });
    }
  });

  await app.register(rateLimit, {
    // After auth, so the key is the station; before enrolment it is the address.
    hook: 'preHandler',
    max: opts.rateLimit?.max ?? 1200,
    timeWindow: opts.rateLimit?.timeWindowMs ?? 60_000,
    keyGenerator: (req) => (req.stationId ? `station:${req.stationId}` : `ip:${req.ip}`),
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      error: `Too many requests from this station; retry in ${ctx.after}.`,
    }),
  });

  app.setErrorHandler((error: { statusCode?: number; error?: string }, req, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 429) return reply.status(429).send({ error: error.error });
    if (status >= 500) {
      // The error's code only: drizzle's message quotes the query and its parameters, which
      // can carry what a station sent (names, answers).
      const e = error as { code?: unknown; cause?: { code?: unknown } };
      req.log.error({ code: String(e.code ?? e.cause?.code ?? 'unknown') }, 'request failed');
      return reply.status(500).send({ error: 'The receiver could not handle this; try again.' });
    }
    return reply.status(status).send({ error: clientErrorSentence(error, status) });
  });
  app.setNotFoundHandler((_req, reply) =>
    reply.status(404).send({ error: 'There is no such route.' }),
  );

  // tus reads the body itself: leave PATCH bodies as streams.
  app.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => done(null));
  for (const url of [UPLOADS_PATH, `${UPLOADS_PATH}/*`]) {
    app.route({
      // tus 1.0.0's methods; no GET: the receiver never serves media back to stations.
      method: ['HEAD', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
      url,
      exposeHeadRoute: false,
      config: { auth: 'station' },
      handler: async (req, reply) => {
        reply.hijack();
        await uploads.tus.handle(req.raw, reply.raw);
      },
    });
  }
  app.decorate('receiver', {
    database,
    metrics,
    removeAbandonedUploads: uploads.removeAbandoned,
  });
  registerRoutes(app, { database, metrics, removeFile: uploads.removeFile });

  app.addHook('onClose', async () => {
    await pgLocker?.stop();
    await database.close();
  });
  return app;
}

/** Fastify's own 4xx messages can quote the body (a JSON parse error does): use plain words. */
function clientErrorSentence(error: unknown, status: number): string {
  if (error instanceof Error && error.message.startsWith('Invalid input —')) return error.message;
  if (status === 413) return 'The request body is too large.';
  if (status === 415) return 'Invalid input — this content type is not accepted here.';
  if (status === 404) return 'There is no such route.';
  return 'Invalid input — the request could not be read.';
}
