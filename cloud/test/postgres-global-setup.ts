/**
 * Vitest globalSetup: one real PostgreSQL for the whole run (each receiver test file makes its
 * own database in it, see fresh-database.ts), stopped when the run ends.
 */
import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres-server';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const server = await startPostgres();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
