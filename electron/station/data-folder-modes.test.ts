/**
 * The data folder holds recordings, answers and the database: after the station opens it,
 * it and everything in it are owner-only (0700 folders, 0600 files), even when it was there
 * before with wider modes and whatever the umask.
 */
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../db/test-db';
import { addProcess } from '../capture/process-registry';
import { WavWriter } from '../capture/wav-writer';
import { newExport } from '../review/export-files';
import { DATABASE_FILE, openStation } from './open-station';

const modeOf = (file: string) => (lstatSync(file).mode & 0o777).toString(8);

describe.runIf(process.platform !== 'win32')('data folder modes', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** Runs with a permissive umask, so only explicit modes and chmods keep files private. */
  function withOpenUmask(): void {
    const previous = process.umask(0o000);
    cleanups.push(() => process.umask(previous));
  }

  it('makes a pre-existing 0755 folder, its contents and the database owner-only', async () => {
    withOpenUmask();
    const root = mkdtempSync(path.join(os.tmpdir(), 'data-modes-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const dataDir = path.join(root, 'data');
    // A folder left by an earlier version (or made by hand) with world-readable modes.
    mkdirSync(path.join(dataDir, 'media', 'session-1'), { recursive: true, mode: 0o755 });
    chmodSync(dataDir, 0o755);
    writeFileSync(path.join(dataDir, 'media', 'session-1', 'answer.wav'), 'x', { mode: 0o644 });
    // A link in the folder to a file elsewhere: the station must not change that file.
    const elsewhere = path.join(root, 'elsewhere.txt');
    writeFileSync(elsewhere, 'not the station’s', { mode: 0o644 });
    symlinkSync(elsewhere, path.join(dataDir, 'media', 'link.txt'));

    const station = await openStation({
      dataDir,
      resourcesDir: path.resolve('resources'),
      migrationsDir: MIGRATIONS_DIR,
      log: () => {},
    });
    cleanups.push(() => station.close());

    expect(modeOf(dataDir)).toBe('700');
    expect(modeOf(path.join(dataDir, 'media'))).toBe('700');
    expect(modeOf(path.join(dataDir, 'media', 'session-1'))).toBe('700');
    expect(modeOf(path.join(dataDir, 'media', 'session-1', 'answer.wav'))).toBe('600');
    const database = path.join(dataDir, DATABASE_FILE);
    expect(modeOf(database)).toBe('600');
    // WAL mode's side files take the database's mode.
    for (const side of [`${database}-wal`, `${database}-shm`]) {
      expect(modeOf(side), side).toBe('600');
    }
    expect(modeOf(elsewhere)).toBe('644');
    expect((statSync(path.join(dataDir, 'media', 'link.txt')).mode & 0o777).toString(8)).toBe(
      '644',
    );

    // What the station writes from now on is owner-only too: an export, a recorded answer,
    // the capture process list.
    const made = newExport(dataDir, 'Report.pdf');
    expect(modeOf(path.dirname(made.file))).toBe('700');
    expect(modeOf(path.join(dataDir, 'exports'))).toBe('700');
    const wavFile = path.join(dataDir, 'media', 'session-1', 'take.wav');
    const wav = new WavWriter(wavFile);
    wav.close();
    expect(modeOf(wavFile)).toBe('600');
    const registry = path.join(dataDir, 'registry-test');
    addProcess(registry, { pid: 999_999, what: 'test', argv: ['ffmpeg'] });
    expect(modeOf(registry)).toBe('700');
    for (const name of readdirSync(registry)) {
      expect(modeOf(path.join(registry, name)), name).toBe('600');
    }
  });

  it('creates a new data folder owner-only whatever the umask', async () => {
    withOpenUmask();
    const root = mkdtempSync(path.join(os.tmpdir(), 'data-modes-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const dataDir = path.join(root, 'new', 'data');
    const station = await openStation({
      dataDir,
      resourcesDir: path.resolve('resources'),
      migrationsDir: MIGRATIONS_DIR,
      log: () => {},
    });
    cleanups.push(() => station.close());
    expect(modeOf(dataDir)).toBe('700');
    expect(modeOf(path.join(dataDir, DATABASE_FILE))).toBe('600');
  });
});
