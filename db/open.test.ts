import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { is } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MigrationError, openDatabase, type Db } from './open';
import * as draftsSchema from './drafts-schema';
import * as privacySchema from './privacy-schema';
import * as screeningSchema from './screening-schema';
import * as schema from './schema';
import * as syncSchema from './sync-schema';
import { MIGRATIONS_DIR } from './test-db';

// Every file drizzle-kit generates from (drizzle.config.ts).
const schemaTables = (
  [
    ...Object.values(schema),
    ...Object.values(privacySchema),
    ...Object.values(screeningSchema),
    ...Object.values(draftsSchema),
    ...Object.values(syncSchema),
  ] as unknown[]
)
  .filter((value): value is SQLiteTable => is(value, SQLiteTable))
  .map((table) => getTableConfig(table).name)
  .sort();

function tableNames(db: Db): string[] {
  return db.$client
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name",
    )
    .all()
    .map((row) => row.name);
}

describe('openDatabase', () => {
  let dir: string;
  let file: string;
  const opened: Db[] = [];

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'station-db-'));
    file = path.join(dir, 'station.sqlite');
  });

  afterEach(() => {
    for (const db of opened.splice(0)) if (db.$client.open) db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function open(): Db {
    const db = openDatabase({ file, migrationsDir: MIGRATIONS_DIR });
    opened.push(db);
    return db;
  }

  it('opens a file in WAL mode with foreign keys on and a 5 s busy timeout', () => {
    const db = open();
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('creates every table the schema declares', () => {
    const db = open();
    expect(schemaTables.length).toBeGreaterThan(10);
    expect(tableNames(db)).toEqual(schemaTables);
  });

  it('enforces foreign keys, so an interview cannot point at a missing candidate', () => {
    const db = open();
    expect(() =>
      db
        .insert(schema.interviews)
        .values({
          candidateId: 999,
          jobId: 999,
          questionnaireId: 999,
          accessCodeHash: 'a'.repeat(64),
          expiresAt: Date.now() + 60_000,
          alternativePath: 'In person',
        })
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('reopens an existing database without re-running migrations or losing data', () => {
    const first = open();
    first.insert(schema.jobs).values({ title: 'Data Engineer' }).run();
    first.$client.close();

    const second = open();
    expect(second.select({ title: schema.jobs.title }).from(schema.jobs).all()).toEqual([
      { title: 'Data Engineer' },
    ]);
    expect(tableNames(second)).toEqual(schemaTables);
    const applied = second.$client
      .prepare<[], { n: number }>('SELECT count(*) AS n FROM __drizzle_migrations')
      .get();
    // Each committed migration ran exactly once, over both opens.
    const journal = JSON.parse(
      readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8'),
    ) as { entries: unknown[] };
    expect(applied?.n).toBe(journal.entries.length);
  });

  it('refuses to start on a database the migrations cannot update, naming the file', () => {
    const foreign = new Database(file);
    foreign.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)');
    foreign.close();

    let error: unknown;
    try {
      open();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MigrationError);
    const message = (error as MigrationError).message;
    expect(message).toContain(file);
    expect(message).toContain('The station will not start');
    expect(message).toMatch(/users/);

    // The failed migration left the file as it was and released it.
    const after = new Database(file);
    try {
      const names = after
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all()
        .map((row) => row.name);
      expect(names).toContain('users');
      expect(names).not.toContain('interviews');
    } finally {
      after.close();
    }
  });

  it('says a damaged file is damaged, not that it could not be updated', () => {
    const db = open();
    db.insert(schema.jobs).values({ title: 'Data Engineer' }).run();
    db.$client.close();
    // Garbage over the header and the first pages, as a torn copy or a bad disk leaves it.
    const bytes = readFileSync(file);
    bytes.fill(0x42, 0, 8192);
    writeFileSync(file, bytes);

    const error = openError();
    expect(error.kind).toBe('corrupt');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/is damaged or is not a station database/);
    expect(error.message).not.toContain('could not be updated');
  });

  it('refuses an empty database file instead of seeding it as a first run', () => {
    writeFileSync(file, '');
    const error = openError();
    expect(error.kind).toBe('corrupt');
    expect(error.message).toMatch(/is damaged or is not a station database \(the file is empty\)/);
    // Nothing was written to it: IT can still look at what is there.
    expect(readFileSync(file)).toHaveLength(0);
  });

  it('finds damage in pages opening never reads, before anything is written', () => {
    const db = open();
    const rows = Array.from({ length: 2000 }, (_, i) => ({ title: `Job ${i} ${'x'.repeat(40)}` }));
    for (const row of rows) db.insert(schema.jobs).values(row).run();
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    const pages = db.$client.pragma('page_count', { simple: true }) as number;
    db.$client.close();
    // A page in the middle of the jobs table overwritten, as a bad sector leaves it; the header,
    // the schema and the migrations table (all near the start) are intact.
    const bytes = readFileSync(file);
    const page = 4096;
    const middle = Math.floor(pages * 0.75) * page;
    bytes.fill(0x42, middle, middle + page);
    writeFileSync(file, bytes);

    const error = openError();
    expect(error.kind).toBe('corrupt');
    expect(error.message).toMatch(/is damaged or is not a station database \(quick_check: /);
  });

  it('says a newer version wrote the database, and leaves it as it was', () => {
    const db = open();
    const newer = Date.UTC(2099, 0, 1);
    db.$client
      .prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)')
      .run('from-a-newer-version', newer);
    db.$client.close();

    const error = openError();
    expect(error.kind).toBe('newer_schema');
    expect(error.message).toMatch(/written by a newer version of Interview Station/);
    expect(error.message).toContain('2099-01-01');
    expect(error.message).not.toContain('could not be updated');
    const after = new Database(file);
    try {
      const row = after.prepare('SELECT max(created_at) AS at FROM __drizzle_migrations').get();
      expect(row).toEqual({ at: newer });
    } finally {
      after.close();
    }
  });

  function openError(): MigrationError {
    try {
      open();
    } catch (caught) {
      expect(caught).toBeInstanceOf(MigrationError);
      return caught as MigrationError;
    }
    throw new Error('The database opened.');
  }
});
