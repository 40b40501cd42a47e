/** A new, empty database on the run's PostgreSQL (see postgres-global-setup.ts) per call. */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export async function freshDatabaseUrl(): Promise<string> {
  const admin = inject('postgresUrl');
  if (!admin)
    throw new Error('No PostgreSQL for this run: vitest.config.ts must load its globalSetup.');
  const name = `receiver_${randomUUID().replaceAll('-', '')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  return admin.replace(/\/postgres$/, `/${name}`);
}
