/**
 * Vitest globalSetup: one real PostgreSQL for the whole run (each receiver test file makes its
 * own database in it, see fresh-database.ts), stopped when the run ends; and one scratch folder
 * for the run's upload stores, removed only then (a store folder removed while its receiver's
 * FileStore still creates it would fail that receiver).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres-server';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    scratchDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'receiver-run-'));
  const server = await startPostgres();
  project.provide('postgresUrl', server.url);
  project.provide('scratchDir', scratch);
  return () => {
    server.stop();
    rmSync(scratch, { recursive: true, force: true });
  };
}
