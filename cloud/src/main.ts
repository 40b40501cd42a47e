/**
 * `npm run cloud` — the reference receiver. Configured by the environment:
 *   DATABASE_URL        PostgreSQL (several instances may share it); unset → embedded PGlite
 *   CLOUD_DATA_DIR      PGlite folder and default storage parent (./cloud-data)
 *   CLOUD_STORAGE_DIR   the upload folder every instance shares (CLOUD_DATA_DIR/uploads)
 *   PORT, HOST          where to listen (8787, 127.0.0.1: TLS terminates in a proxy in front)
 *   CLOUD_ADMIN_TOKEN   enables the admin routes (issue codes, revoke stations)
 *   CLOUD_RATE_LIMIT    requests per station per minute (1200)
 *   CLOUD_ABANDON_DAYS  partial uploads older than this are removed, hourly (14)
 * `npm run cloud -- issue-code [hours]` prints a one-time enrolment code and exits;
 * `npm run cloud -- revoke <stationId>` revokes a station's credential.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type DatabaseOptions } from './database';
import { buildReceiver } from './receiver';
import { DEFAULT_CODE_TTL_MS, issueEnrolmentCode, revokeStation } from './stations';

const env = process.env;
const dataDir = path.resolve(env.CLOUD_DATA_DIR ?? 'cloud-data');
// The bundle lives in out/cloud/; the generated migrations stay in the repository.
const here = path.dirname(fileURLToPath(import.meta.url));
const dbOptions: DatabaseOptions = {
  migrationsFolder: env.CLOUD_MIGRATIONS_DIR ?? path.resolve(here, '../../cloud/db/migrations'),
  ...(env.DATABASE_URL
    ? { databaseUrl: env.DATABASE_URL }
    : { pgliteDir: path.join(dataDir, 'pglite') }),
};

async function issueCode(hours: number): Promise<void> {
  const database = await openDatabase(dbOptions);
  try {
    const { code, expiresAt } = await issueEnrolmentCode(database.db, hours * 3_600_000);
    // Printed once: only its hash is stored.
    process.stdout.write(`Enrolment code: ${code}\nValid until: ${expiresAt.toISOString()}\n`);
  } finally {
    await database.close();
  }
}

async function revoke(stationId: string): Promise<void> {
  const database = await openDatabase(dbOptions);
  try {
    const done = await revokeStation(database.db, stationId);
    process.stdout.write(done ? 'Station revoked.\n' : 'There is no such station.\n');
    if (!done) process.exitCode = 1;
  } finally {
    await database.close();
  }
}

async function serve(): Promise<void> {
  const app = await buildReceiver({
    ...dbOptions,
    storageDir: path.resolve(env.CLOUD_STORAGE_DIR ?? path.join(dataDir, 'uploads')),
    adminToken: env.CLOUD_ADMIN_TOKEN || undefined,
    rateLimit: { max: Number(env.CLOUD_RATE_LIMIT ?? 1200), timeWindowMs: 60_000 },
    logger: { level: env.LOG_LEVEL ?? 'info' },
    defaultMetrics: true,
  });
  const stop = () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  const abandonMs = Number(env.CLOUD_ABANDON_DAYS ?? 14) * 86_400_000;
  const sweep = setInterval(() => {
    app.receiver.removeAbandonedUploads(new Date(Date.now() - abandonMs)).then(
      (n) => n > 0 && app.log.info({ removed: n }, 'abandoned partial uploads removed'),
      () => app.log.warn('the sweep of abandoned uploads failed; it runs again in an hour'),
    );
  }, 3_600_000);
  sweep.unref();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await app.listen({ port: Number(env.PORT ?? 8787), host: env.HOST ?? '127.0.0.1' });
  app.log.info(
    { database: app.receiver.database.kind },
    'receiver ready; stations need its https URL and an enrolment code',
  );
}

const [command, arg] = process.argv.slice(2);
const run =
  command === 'issue-code'
    ? issueCode(arg ? Number(arg) : DEFAULT_CODE_TTL_MS / 3_600_000)
    : command === 'revoke' && arg
      ? revoke(arg)
      : serve();
run.catch((error: unknown) => {
  process.stderr.write(
    `The receiver could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
