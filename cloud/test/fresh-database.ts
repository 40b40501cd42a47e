/** What each receiver test takes from the run (see postgres-global-setup.ts). */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
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

/** A new folder in the run's scratch folder (removed when the run ends). */
export function scratchFolder(prefix: string): string {
  return mkdtempSync(path.join(inject('scratchDir'), prefix));
}
