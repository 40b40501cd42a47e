/**
 * Encryption of the station database at rest, through SQLCipher: the `better-sqlite3`
 * dependency is `better-sqlite3-multiple-ciphers` (SQLite3 Multiple Ciphers), a drop-in build
 * of better-sqlite3 whose SQLite encrypts every page when a key is set. The pages are written
 * in SQLCipher 4's own format (`legacy=4`), so IT can open a copy with the sqlcipher tool and
 * the key. Docs: https://utelle.github.io/SQLite3MultipleCiphers/docs/configuration/config_sql_pragmas/
 */
import { closeSync, existsSync, fsyncSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** A database key: 32 random bytes, used as SQLCipher's raw key (no passphrase KDF). */
export type DatabaseKey = Buffer;

const PLAIN_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** What a database file is, from its first 16 bytes: SQLite's own header, or not. */
export type DatabaseFileState = 'absent' | 'plain' | 'encrypted';

export function databaseFileState(file: string): DatabaseFileState {
  if (!existsSync(file)) return 'absent';
  const head = Buffer.alloc(PLAIN_HEADER.length);
  const fd = openSync(file, 'r');
  try {
    const read = readSync(fd, head, 0, head.length, 0);
    // An empty file is no database yet; openDatabase refuses it as damaged.
    if (read === 0) return 'plain';
  } finally {
    closeSync(fd);
  }
  return head.equals(PLAIN_HEADER) ? 'plain' : 'encrypted';
}

/**
 * Sets the key on a connection before its first read: SQLCipher 4 pages, the raw key given
 * (a random 256-bit key needs no PBKDF2, which would cost ~130 ms at every open).
 */
export function applyKey(sqlite: Database.Database, key: DatabaseKey): void {
  if (key.length !== 32) throw new Error('A database key is 32 bytes.');
  sqlite.pragma("cipher = 'sqlcipher'");
  sqlite.pragma('legacy = 4');
  sqlite.pragma(`key = "x'${key.toString('hex')}'"`);
}

/** The steps of convertDatabaseFile, in order, for a log (and for the crash test). */
export type ConvertStep = 'copied' | 'rekeyed' | 'synced' | 'renamed';

/** The copy being made; a leftover one (a conversion cut off) is deleted by the next. */
export const convertingFile = (file: string) => `${file}.converting`;

/**
 * Rewrites a database file with another key (null: plain), crash-safe: a consistent copy is
 * made beside it (VACUUM INTO), re-keyed, flushed to disk, then renamed over the original in
 * one step. A kill at any point leaves either the old file, whole, or the new one, whole:
 * never neither. The caller holds the data folder, and no connection is open on `file`.
 */
export function convertDatabaseFile(
  file: string,
  from: DatabaseKey | null,
  to: DatabaseKey | null,
  onStep: (step: ConvertStep) => void = () => {},
): void {
  const copy = convertingFile(file);
  removeDatabaseFiles(copy);
  const source = new Database(file, { fileMustExist: true });
  try {
    if (from) applyKey(source, from);
    // Everything in the WAL goes into the file first, so nothing is left in a -wal that a
    // file of another key could be paired with after the rename.
    source.pragma('wal_checkpoint(TRUNCATE)');
    source.exec(`VACUUM INTO '${copy.replaceAll("'", "''")}'`);
  } finally {
    source.close();
  }
  onStep('copied');
  const target = new Database(copy, { fileMustExist: true });
  try {
    if (from) applyKey(target, from);
    // The copy is in rollback-journal mode, where SQLite3 Multiple Ciphers can re-key.
    if (to) {
      target.pragma("cipher = 'sqlcipher'");
      target.pragma('legacy = 4');
      target.pragma(`rekey = "x'${to.toString('hex')}'"`);
    } else {
      target.pragma("rekey = ''");
    }
    const check = target.pragma('quick_check(1)', { simple: true });
    if (check !== 'ok') throw new Error(`the converted copy failed its check: ${String(check)}`);
  } finally {
    target.close();
  }
  onStep('rekeyed');
  syncFile(copy);
  onStep('synced');
  // The source connection's close removed its -wal and -shm; make sure, as they belong to
  // the old file: the new one must not start with them.
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  renameSync(copy, file);
  syncFile(path.dirname(file));
  onStep('renamed');
}

/** Deletes a database file and its journals, if there. */
export function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm'])
    rmSync(`${file}${suffix}`, { force: true });
}

function syncFile(name: string): void {
  const fd = openSync(name, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
