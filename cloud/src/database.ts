/**
 * Opens the receiver's database and runs its migrations before anything is served: on
 * PostgreSQL through node-postgres when a URL is given, else on an embedded PGlite database
 * in a folder (one instance only), so a newcomer can try the receiver with nothing installed.
 */
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import * as schema from '../db/schema';

export type ReceiverDb = PgDatabase<PgQueryResultHKT, typeof schema>;

export type ReceiverDatabase = {
  db: ReceiverDb;
  kind: 'postgresql' | 'pglite';
  /** The pool the tus advisory locker takes its dedicated clients from (PostgreSQL only). */
  lockPool: pg.Pool | null;
  ping(): Promise<void>;
  close(): Promise<void>;
};

export type DatabaseOptions = {
  databaseUrl?: string;
  /** The PGlite folder when there is no databaseUrl; omitted → in memory (tests). */
  pgliteDir?: string;
  migrationsFolder?: string;
  poolSize?: number;
};

/** Same key for every instance: migrations of instances started together run one at a time. */
const MIGRATION_LOCK_KEY = 7_315_002_116;

export async function openDatabase(opts: DatabaseOptions): Promise<ReceiverDatabase> {
  const migrationsFolder = opts.migrationsFolder ?? path.resolve('cloud/db/migrations');
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, migrationsFolder, opts.poolSize);
  if (opts.pgliteDir) mkdirSync(opts.pgliteDir, { recursive: true });
  const client = opts.pgliteDir ? new PGlite(opts.pgliteDir) : new PGlite();
  const db = drizzlePglite({ client, schema, casing: 'snake_case' });
  await migratePglite(db, { migrationsFolder });
  return {
    db: db as unknown as ReceiverDb,
    kind: 'pglite',
    lockPool: null,
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.close(),
  };
}

async function openPostgres(
  url: string,
  migrationsFolder: string,
  poolSize = 20,
): Promise<ReceiverDatabase> {
  const migrator = new pg.Client({ connectionString: url });
  await migrator.connect();
  try {
    await migrator.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migratePg(drizzlePg({ client: migrator }), { migrationsFolder });
  } finally {
    await migrator.end();
  }
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // Each tus lock holds one connection for its life, so locks get a pool of their own.
  const lockPool = new pg.Pool({ connectionString: url, max: 100 });
  // An idle connection that drops (the database restarted) is replaced by the pool on the next
  // query; without a listener its 'error' event would end the process.
  for (const p of [pool, lockPool]) p.on('error', () => undefined);
  const db = drizzlePg({ client: pool, schema, casing: 'snake_case' });
  return {
    db: db as unknown as ReceiverDb,
    kind: 'postgresql',
    lockPool,
    ping: async () => {
      await pool.query('select 1');
    },
    close: async () => {
      await Promise.all([pool.end(), lockPool.end()]);
    },
  };
}
