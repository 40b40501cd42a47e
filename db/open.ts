import { chmodSync, existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Raised when the database cannot be brought to the current schema; the station must not start. */
export class MigrationError extends Error {
  constructor(file: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `The station database at ${file} could not be updated to this version (${reason}). ` +
        'The station will not start, so nothing is written to a database it does not understand. ' +
        'Restore the data folder from a backup or contact IT.',
      { cause },
    );
    this.name = 'MigrationError';
  }
}

export interface OpenDatabaseOptions {
  /** A file path, or ':memory:' for tests. */
  file: string;
  migrationsDir: string;
}

/**
 * Opens the station database once: WAL, foreign keys, a busy timeout, then the committed
 * migrations — before anything else touches it.
 */
export function openDatabase({ file, migrationsDir }: OpenDatabaseOptions): Db {
  const sqlite = new Database(file);
  try {
    // Owner-only whatever the umask (SQLite creates with 0644 less it), before WAL mode makes
    // the -wal and -shm files, which SQLite gives the database file's own mode.
    if (!sqlite.memory) {
      for (const name of [file, `${file}-wal`, `${file}-shm`]) {
        if (existsSync(name)) chmodSync(name, 0o600);
      }
    }
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // Durable enough for a crash of the app (WAL + NORMAL survives process kills; only an OS
    // crash may lose the last transactions) without an fsync on every autosave.
    sqlite.pragma('synchronous = NORMAL');
  } catch (cause) {
    sqlite.close();
    throw new MigrationError(file, cause);
  }
  const db = drizzle({ client: sqlite, schema, casing: 'snake_case' });
  try {
    migrate(db, { migrationsFolder: migrationsDir });
  } catch (cause) {
    sqlite.close();
    throw new MigrationError(file, cause);
  }
  return db;
}
