import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { convertDatabaseFile, databaseFileState } from './cipher';
import { MigrationError, openDatabase, type Db } from './open';
import * as schema from './schema';
import { MIGRATIONS_DIR } from './test-db';

const SQLITE_HEADER = 'SQLite format 3\0';

describe('the station database encrypted at rest', () => {
  let dir: string;
  let file: string;
  const key = randomBytes(32);

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'station-cipher-'));
    file = path.join(dir, 'station.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function withJob(db: Db, title: string): void {
    db.insert(schema.jobs).values({ title }).run();
    db.$client.close();
  }

  const jobTitles = (db: Db) =>
    db
      .select()
      .from(schema.jobs)
      .all()
      .map((job) => job.title);

  it('writes no SQLite header and cannot be read without its key', () => {
    withJob(openDatabase({ file, migrationsDir: MIGRATIONS_DIR, key }), 'Data Engineer');
    expect(readFileSync(file).subarray(0, 16).toString('latin1')).not.toBe(SQLITE_HEADER);
    expect(databaseFileState(file)).toBe('encrypted');
    // Not even the names of the tables show without the key.
    expect(readFileSync(file).includes('Data Engineer')).toBe(false);
    const keyless = new Database(file);
    try {
      expect(() => keyless.prepare('SELECT count(*) FROM jobs').get()).toThrow(
        expect.objectContaining({ code: 'SQLITE_NOTADB' }),
      );
    } finally {
      keyless.close();
    }
  });

  it('opens with its key, and refuses another key as the wrong key', () => {
    withJob(openDatabase({ file, migrationsDir: MIGRATIONS_DIR, key }), 'Data Engineer');
    const db = openDatabase({ file, migrationsDir: MIGRATIONS_DIR, key });
    expect(jobTitles(db)).toEqual(['Data Engineer']);
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    db.$client.close();
    const error = (() => {
      try {
        openDatabase({ file, migrationsDir: MIGRATIONS_DIR, key: randomBytes(32) });
      } catch (caught) {
        return caught as MigrationError;
      }
    })();
    expect(error).toBeInstanceOf(MigrationError);
    expect(error?.kind).toBe('wrong_key');
    expect(error?.message).toMatch(/encrypted with another key/);
    expect(error?.message).not.toContain(key.toString('hex'));
  });

  it('encrypts a plain database with everything in it, and decrypts it back', () => {
    const plain = openDatabase({ file, migrationsDir: MIGRATIONS_DIR });
    plain.insert(schema.jobs).values({ title: 'Data Engineer' }).run();
    plain.insert(schema.jobs).values({ title: 'Site Reliability Engineer' }).run();
    plain.$client.close();
    expect(databaseFileState(file)).toBe('plain');

    convertDatabaseFile(file, null, key);
    expect(databaseFileState(file)).toBe('encrypted');
    const encrypted = openDatabase({ file, migrationsDir: MIGRATIONS_DIR, key });
    expect(jobTitles(encrypted)).toEqual(['Data Engineer', 'Site Reliability Engineer']);
    encrypted.$client.close();

    convertDatabaseFile(file, key, null);
    expect(readFileSync(file).subarray(0, 16).toString('latin1')).toBe(SQLITE_HEADER);
    const back = openDatabase({ file, migrationsDir: MIGRATIONS_DIR });
    expect(jobTitles(back)).toEqual(['Data Engineer', 'Site Reliability Engineer']);
    back.$client.close();
  });
});
