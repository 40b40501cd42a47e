/**
 * Opens the station database with the encryption the station asks for (setting
 * `storage.encryptAtRest`, on for new stations): a new folder gets an encrypted database and
 * a key; an existing plain one keeps working, plain, until staff or IT turn the setting on,
 * and is then converted at the next start (crash-safe, see db/cipher.ts); turning it off
 * converts back. Everything that opens a station's database goes through here, with the
 * host's key store (core/station-key.ts), so tests and benches open it as the station does.
 */
import path from 'node:path';
import type Database from 'better-sqlite3';
import {
  applyKey,
  convertDatabaseFile,
  convertingFile,
  databaseFileState,
  removeDatabaseFiles,
} from '../../db/cipher';
import { MigrationError, openDatabase, type Db } from '../../db/open';
import { readSetting, writeSetting } from '../core/setting-store';
import {
  databaseKeyOf,
  fileKeyStore,
  readOrCreateKey,
  type StationKeyStore,
} from '../core/station-key';

export const DATABASE_FILE = 'station.sqlite';
export const ENCRYPTION_SETTING = 'storage.encryptAtRest';

export interface StationDatabaseOptions {
  dataDir: string;
  migrationsDir: string;
  keys: StationKeyStore;
}

export interface StationDatabase {
  db: Db;
  /** Whether the file on disk is encrypted. */
  encrypted: boolean;
  /** The station key, when the folder has one (the files key is derived from it). */
  stationKey: Buffer | null;
}

/**
 * Opens the database as it is on disk: encrypted with the station's key, plain, or new (then
 * encrypted, with a key made and kept first). A leftover copy of a conversion cut off by a
 * crash is removed: the file it was to replace is still whole.
 */
export function openStationDatabase(opts: StationDatabaseOptions): StationDatabase {
  const file = path.join(opts.dataDir, DATABASE_FILE);
  removeDatabaseFiles(convertingFile(file));
  const state = databaseFileState(file);
  if (state === 'plain') {
    const db = openDatabase({ file, migrationsDir: opts.migrationsDir });
    // A station that ran before encryption existed stays as it was until someone chooses.
    if (readSetting(db, ENCRYPTION_SETTING) === undefined) {
      writeSetting(db, ENCRYPTION_SETTING, false);
    }
    return { db, encrypted: false, stationKey: readKeyOrNull(opts.keys) };
  }
  let stationKey: Buffer | null;
  try {
    stationKey = state === 'absent' ? readOrCreateKey(opts.keys) : opts.keys.read();
  } catch (cause) {
    throw new MigrationError(file, cause, 'missing_key');
  }
  if (!stationKey) {
    throw new MigrationError(file, new Error(`nothing at ${opts.keys.where}`), 'missing_key');
  }
  const db = openDatabase({
    file,
    migrationsDir: opts.migrationsDir,
    key: databaseKeyOf(stationKey),
  });
  if (state === 'absent' && readSetting(db, ENCRYPTION_SETTING) === undefined) {
    writeSetting(db, ENCRYPTION_SETTING, true);
  }
  return { db, encrypted: true, stationKey };
}

/**
 * Converts the database when the setting asks for the other state than the file is in, and
 * returns the database to go on with (the same one, or reopened after the conversion). A
 * conversion that fails (a full disk) leaves the file as it was, says so, and goes on with it.
 */
export function applyEncryptionSetting(
  current: StationDatabase,
  opts: StationDatabaseOptions & { log: (line: string) => void },
): StationDatabase {
  const wanted = readSetting<boolean>(current.db, ENCRYPTION_SETTING) ?? true;
  if (wanted === current.encrypted) return current;
  const file = path.join(opts.dataDir, DATABASE_FILE);
  current.db.$client.close();
  try {
    const stationKey = current.stationKey ?? readOrCreateKey(opts.keys);
    const key = databaseKeyOf(stationKey);
    convertDatabaseFile(file, current.encrypted ? key : null, wanted ? key : null);
    opts.log(
      wanted
        ? 'The station database is now encrypted at rest.'
        : 'The station database is now stored without encryption, as the settings ask.',
    );
  } catch (error) {
    removeDatabaseFiles(convertingFile(file));
    opts.log(
      `The station database could not be ${wanted ? 'encrypted' : 'decrypted'} ` +
        `(${String(error)}); it stays as it was.`,
    );
  }
  return openStationDatabase(opts);
}

function readKeyOrNull(keys: StationKeyStore): Buffer | null {
  try {
    return keys.read();
  } catch {
    return null;
  }
}

/**
 * A data folder's database opened as the browser station opens it, with the key file kept
 * there: the one way tests, e2e fixtures, benches and tools open a station's database.
 */
export function openFolderDatabase(dataDir: string, migrationsDir: string): Db {
  return openStationDatabase({ dataDir, migrationsDir, keys: fileKeyStore(dataDir) }).db;
}

/**
 * Sets the key file's key on a connection a tool opened by hand (read-only, unmigrated) on a
 * data folder's database, when that database is encrypted.
 */
export function unlockFolderDatabase(sqlite: Database.Database, dataDir: string): void {
  if (databaseFileState(path.join(dataDir, DATABASE_FILE)) !== 'encrypted') return;
  const stationKey = fileKeyStore(dataDir).read();
  if (stationKey) applyKey(sqlite, databaseKeyOf(stationKey));
}
