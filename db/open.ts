import { chmodSync, existsSync, readFileSync, statfsSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { applyKey, type DatabaseKey } from './cipher';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Why the database could not be opened: each says a different thing to whoever reads it. */
export type OpenFailure =
  'disk_full' | 'corrupt' | 'newer_schema' | 'migration' | 'missing_key' | 'wrong_key';

/**
 * Raised when the database cannot be opened and brought to the current schema; the station
 * must not start. `kind` tells what is wrong; the message says it, and what to do, plainly.
 */
export class MigrationError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
    readonly kind: OpenFailure = classifyOpenError(cause, file),
  ) {
    super(openFailureMessage(file, cause, kind), { cause });
    this.name = 'MigrationError';
  }
}

/** A newer station wrote this database: its migrations are ahead of the ones this app has. */
class NewerSchemaError extends Error {
  constructor(
    readonly applied: number,
    readonly known: number,
  ) {
    super(`its newest migration is from ${iso(applied)}, this version knows up to ${iso(known)}`);
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

/** An error SQLite would have raised for a damaged file, for what the check found itself. */
function damaged(what: string): Error {
  return Object.assign(new Error(what), { code: 'SQLITE_CORRUPT' });
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** Whether an error means the disk is full (ENOSPC from the file system, SQLITE_FULL). */
export function isDiskFullError(error: unknown): boolean {
  const code = codeOf(error);
  if (code === 'ENOSPC' || code === 'SQLITE_FULL' || code === 'EDQUOT') return true;
  // drizzle's migrator wraps the driver's error; look one level down.
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause !== undefined && cause !== error && isDiskFullError(cause);
}

// Less than this free beside the database, and an I/O error opening it is the full disk.
const NEARLY_FULL_BYTES = 1024 * 1024;

function classifyOpenError(cause: unknown, file: string): OpenFailure {
  if (cause instanceof NewerSchemaError) return 'newer_schema';
  if (isDiskFullError(cause)) return 'disk_full';
  const inner = (cause as { cause?: unknown } | null)?.cause;
  const codes = [codeOf(cause), codeOf(inner)];
  // Opening a WAL database creates and sizes its -wal and -shm files; on a full disk SQLite
  // reports that as a disk I/O error (SQLITE_IOERR_…), not SQLITE_FULL: ask the disk.
  if (
    codes.some((code) => code.startsWith('SQLITE_IOERR')) &&
    freeBeside(file) < NEARLY_FULL_BYTES
  ) {
    return 'disk_full';
  }
  if (codes.some((code) => code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')) {
    return 'corrupt';
  }
  return 'migration';
}

function freeBeside(file: string): number {
  try {
    const stats = statfsSync(path.dirname(file));
    return stats.bavail * stats.bsize;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function openFailureMessage(file: string, cause: unknown, kind: OpenFailure): string {
  const reason = cause instanceof Error ? cause.message : String(cause);
  switch (kind) {
    case 'disk_full':
      return (
        `The disk holding the station database (${file}) is full, so the station cannot start. ` +
        'Nothing has been lost: free some space on that disk (old exports, other files), then ' +
        'start the station again.'
      );
    case 'corrupt':
      return (
        `The station database at ${file} is damaged or is not a station database (${reason}). ` +
        'The station will not start, so nothing more is written to it. Restore the data ' +
        'folder from a backup or contact IT.'
      );
    case 'newer_schema':
      return (
        `The station database at ${file} was written by a newer version of Interview Station ` +
        `(${reason}). The station will not start, so this older version cannot damage it. ` +
        'Install the newer version again, or contact IT.'
      );
    case 'missing_key':
      return (
        `The station database at ${file} is encrypted and this station has no key for it ` +
        `(${reason}). The station will not start. Restore the data folder together with its ` +
        'key from a backup, or contact IT.'
      );
    case 'wrong_key':
      return (
        `The station database at ${file} is encrypted with another key than the one this ` +
        'station keeps, or it is damaged. The station will not start, so nothing is written ' +
        'to it. Restore the data folder together with its key from a backup, or contact IT.'
      );
    case 'migration':
      return (
        `The station database at ${file} could not be updated to this version (${reason}). ` +
        'The station will not start, so nothing is written to a database it does not understand. ' +
        'Restore the data folder from a backup or contact IT.'
      );
  }
}

/**
 * What to print when the station cannot start: a MigrationError's own message, a plain
 * sentence for a full disk met later in start-up, or the error as it is.
 */
export function startupFailureMessage(error: unknown): string {
  if (error instanceof MigrationError) return error.message;
  if (isDiskFullError(error)) {
    return (
      'The disk holding the station data folder is full, so the station cannot start. ' +
      `Nothing has been lost: free some space on that disk, then start the station again (${String(error)}).`
    );
  }
  return `The station could not start: ${String(error)}`;
}

export interface OpenDatabaseOptions {
  /** A file path, or ':memory:' for tests. */
  file: string;
  migrationsDir: string;
  /** Opens (or creates) it encrypted with this key (see cipher.ts); none: a plain file. */
  key?: DatabaseKey | null;
}

/**
 * Opens the station database once: WAL, foreign keys, a busy timeout, then the committed
 * migrations — before anything else touches it. Refuses a database a newer version wrote.
 */
export function openDatabase({ file, migrationsDir, key = null }: OpenDatabaseOptions): Db {
  // SQLite would take an empty file for a new database, and the station would seed it as a
  // first run: new logins, and the data that was there silently gone. A station database is
  // never empty once made (its first write is the header), so an empty one is a damaged one.
  if (file !== ':memory:' && existsSync(file) && statSync(file).size === 0) {
    throw new MigrationError(file, damaged('the file is empty'));
  }
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file);
  } catch (cause) {
    throw new MigrationError(file, cause);
  }
  // A key that does not open the file shows at the first read, as "not a database".
  const failure = (cause: unknown) =>
    key && codeOf(cause) === 'SQLITE_NOTADB'
      ? new MigrationError(file, cause, 'wrong_key')
      : new MigrationError(file, cause);
  try {
    // Before any other statement: SQLite reads the first page as soon as one runs.
    if (key) applyKey(sqlite, key);
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
    // Deleted and overwritten content is zeroed, not left in free space: an access code hashed
    // in place by an upgrade, or a removed recording's metadata, must not linger in the file.
    sqlite.pragma('secure_delete = ON');
    // Durable enough for a crash of the app (WAL + NORMAL survives process kills; only an OS
    // crash may lose the last transactions) without an fsync on every autosave.
    sqlite.pragma('synchronous = NORMAL');
    // 32 MiB of pages kept decrypted (SQLite's default is 2 MiB): an hour of signal frames is
    // ~6 MiB, so a replay read twice decrypts its pages once (bench:crypto measures it).
    sqlite.pragma('cache_size = -32768');
    // Damage in pages opening never reads (an index, an old table) would surface mid-interview.
    const check = sqlite.pragma('quick_check(1)', { simple: true });
    if (check !== 'ok') throw damaged(`quick_check: ${String(check)}`);
    refuseNewerSchema(sqlite, migrationsDir);
  } catch (cause) {
    sqlite.close();
    throw failure(cause);
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

/**
 * drizzle's migrator applies only migrations newer than the last one recorded, so it would
 * quietly run this version on a schema a newer version made; compare them first.
 */
function refuseNewerSchema(sqlite: Database.Database, migrationsDir: string): void {
  const table = sqlite
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'",
    )
    .get();
  if (!table) return;
  const row = sqlite
    .prepare<[], { at: number | null }>('SELECT max(created_at) AS at FROM __drizzle_migrations')
    .get();
  const applied = Number(row?.at ?? 0);
  const journal = JSON.parse(
    readFileSync(path.join(migrationsDir, 'meta', '_journal.json'), 'utf8'),
  ) as { entries: { when: number }[] };
  const known = Math.max(0, ...journal.entries.map((entry) => entry.when));
  if (applied > known) throw new NewerSchemaError(applied, known);
}
