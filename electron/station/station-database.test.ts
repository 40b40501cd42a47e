import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  convertDatabaseFile,
  convertingFile,
  databaseFileState,
  type ConvertStep,
} from '../../db/cipher';
import { openDatabase, type Db } from '../../db/open';
import { jobs } from '../../db/schema';
import { MIGRATIONS_DIR } from '../../db/test-db';
import { readSetting, writeSetting } from '../core/setting-store';
import { databaseKeyOf, fileKeyStore, KEY_FILE } from '../core/station-key';
import { bundleForTest } from '../core/test-bundle';
import {
  applyEncryptionSetting,
  DATABASE_FILE,
  ENCRYPTION_SETTING,
  openStationDatabase,
} from './station-database';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function freshDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'station-database-'));
  dirs.push(dir);
  return dir;
}

const options = (dataDir: string) => ({
  dataDir,
  migrationsDir: MIGRATIONS_DIR,
  keys: fileKeyStore(dataDir),
  log: () => {},
});

/** A station folder from before encryption at rest: a plain database with one job. */
function plainStation(): string {
  const dataDir = freshDir();
  const db = openDatabase({
    file: path.join(dataDir, DATABASE_FILE),
    migrationsDir: MIGRATIONS_DIR,
  });
  db.insert(jobs).values({ title: 'Data Engineer' }).run();
  db.$client.close();
  return dataDir;
}

const titles = (db: Db) =>
  db
    .select()
    .from(jobs)
    .all()
    .map((job) => job.title);
const fileState = (dataDir: string) => databaseFileState(path.join(dataDir, DATABASE_FILE));

describe('the station database and encryption at rest', () => {
  it('creates a new station encrypted, with an owner-only key file, and the setting on', () => {
    const dataDir = freshDir();
    const opened = openStationDatabase(options(dataDir));
    opened.db.$client.close();
    expect(opened.encrypted).toBe(true);
    expect(fileState(dataDir)).toBe('encrypted');
    expect((lstatSync(path.join(dataDir, KEY_FILE)).mode & 0o777).toString(8)).toBe('600');
    const again = openStationDatabase(options(dataDir));
    expect(readSetting(again.db, ENCRYPTION_SETTING)).toBe(true);
    again.db.$client.close();
  });

  it('keeps an existing plain station working, plain, until the setting is turned on', () => {
    const dataDir = plainStation();
    const first = openStationDatabase(options(dataDir));
    expect(first.encrypted).toBe(false);
    expect(titles(first.db)).toEqual(['Data Engineer']);
    expect(readSetting(first.db, ENCRYPTION_SETTING)).toBe(false);
    expect(applyEncryptionSetting(first, options(dataDir))).toBe(first);

    writeSetting(first.db, ENCRYPTION_SETTING, true);
    const converted = applyEncryptionSetting(first, options(dataDir));
    expect(converted.encrypted).toBe(true);
    expect(fileState(dataDir)).toBe('encrypted');
    expect(titles(converted.db)).toEqual(['Data Engineer']);

    // Turned off again: back to a plain file, with the same rows.
    writeSetting(converted.db, ENCRYPTION_SETTING, false);
    const plain = applyEncryptionSetting(converted, options(dataDir));
    expect(fileState(dataDir)).toBe('plain');
    expect(titles(plain.db)).toEqual(['Data Engineer']);
    plain.db.$client.close();
  });

  it('refuses to start, saying so, when the key of an encrypted database is gone', () => {
    const dataDir = freshDir();
    openStationDatabase(options(dataDir)).db.$client.close();
    rmSync(path.join(dataDir, KEY_FILE));
    expect(() => openStationDatabase(options(dataDir))).toThrow(
      expect.objectContaining({ kind: 'missing_key', message: expect.stringMatching(/no key/) }),
    );
    // And no new key was made in its place, which would hide what happened.
    expect(existsSync(path.join(dataDir, KEY_FILE))).toBe(false);
  });
});

describe('a station killed while encrypting its database', () => {
  let childScript = '';
  beforeAll(async () => {
    childScript = await bundleForTest('electron/station/test-convert-child.ts', 'convert-child');
  });

  /** Runs the conversion in a child and SIGKILLs it at `step`. */
  function killAt(dataDir: string, step: ConvertStep): Promise<void> {
    const child = spawn(process.execPath, [childScript, dataDir, step]);
    return new Promise((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes(`at ${step}`)) child.kill('SIGKILL');
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (_code, signal) =>
        signal === 'SIGKILL' ? resolve() : reject(new Error(`child ended: ${output}`)),
      );
    });
  }

  it.each<[ConvertStep, 'plain' | 'encrypted']>([
    ['copied', 'plain'],
    ['rekeyed', 'plain'],
    ['synced', 'plain'],
    ['renamed', 'encrypted'],
  ])('killed once %s, leaves a whole database (%s) that opens and converts', async (step, left) => {
    const dataDir = plainStation();
    fileKeyStore(dataDir).create();
    await killAt(dataDir, step);
    expect(fileState(dataDir)).toBe(left);

    const opened = openStationDatabase(options(dataDir));
    expect(existsSync(convertingFile(path.join(dataDir, DATABASE_FILE)))).toBe(false);
    expect(titles(opened.db)).toEqual(['Data Engineer']);
    writeSetting(opened.db, ENCRYPTION_SETTING, true);
    const after = applyEncryptionSetting(opened, options(dataDir));
    expect(after.encrypted).toBe(true);
    expect(titles(after.db)).toEqual(['Data Engineer']);
    after.db.$client.close();
  });

  it('killed at any moment of a larger conversion, always leaves a whole database', async () => {
    const dataDir = plainStation();
    fileKeyStore(dataDir).create();
    const db = openDatabase({
      file: path.join(dataDir, DATABASE_FILE),
      migrationsDir: MIGRATIONS_DIR,
    });
    // About 20 MB, so the copy and the re-key take long enough to be cut in the middle.
    db.$client.exec(
      'CREATE TABLE ballast (x BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) INSERT INTO ballast SELECT randomblob(1000) FROM n;',
    );
    db.$client.close();
    for (const delayMs of [0, 5, 15, 30, 60, 120]) {
      const child = spawn(process.execPath, [childScript, dataDir, 'never']);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // Killed that long after it began converting (the copy of 20 MB takes tens of ms).
      await new Promise<void>((resolve) =>
        child.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('converting')) resolve();
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      child.kill('SIGKILL');
      await exited;
      const opened = openStationDatabase(options(dataDir));
      expect(titles(opened.db), `killed after ${delayMs} ms`).toEqual(['Data Engineer']);
      const ballast = opened.db.$client.prepare('SELECT count(*) AS n FROM ballast').get();
      expect(ballast).toEqual({ n: 20000 });
      opened.db.$client.close();
      // Plain again for the next kill, when this one came after the conversion finished.
      if (opened.encrypted) {
        convertDatabaseFile(
          path.join(dataDir, DATABASE_FILE),
          databaseKeyOf(opened.stationKey ?? Buffer.alloc(0)),
          null,
        );
      }
    }
  });
});
