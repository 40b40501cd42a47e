import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseFileState } from '../../db/cipher';
import { openDatabase } from '../../db/open';
import { MIGRATIONS_DIR } from '../../db/test-db';
import { readSetting, writeSetting } from '../core/setting-store';
import { DATABASE_FILE, openStation, printFirstRunSecrets } from './open-station';
import { openFolderDatabase } from './station-database';

const resourcesDir = path.resolve('resources');

/** A data folder whose database already holds the given station settings. */
function dataDirWith(settings: Record<string, unknown>): string {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'station-settings-'));
  const db = openFolderDatabase(dataDir, MIGRATIONS_DIR);
  for (const [key, value] of Object.entries(settings)) writeSetting(db, key, value);
  db.$client.close();
  return dataDir;
}

describe('openStation settings', () => {
  it('turns candidate notices off for the whole station', async () => {
    const dataDir = dataDirWith({ 'notices.candidate': false });
    const station = await openStation({
      dataDir,
      resourcesDir,
      migrationsDir: MIGRATIONS_DIR,
      log: () => {},
    });
    const { notices } = station.services;
    for (let t = 0; t <= 6000; t += 100) notices.observe(1, t, 0);
    expect(notices.current(1)).toBeNull();
    await station.close();
  });

  it('reports signal thresholds it cannot use and carries on with the defaults', async () => {
    const dataDir = dataDirWith({ 'signals.thresholds': { maxYaw: 400 } });
    const lines: string[] = [];
    const station = await openStation({
      dataDir,
      resourcesDir,
      migrationsDir: MIGRATIONS_DIR,
      log: (line) => lines.push(line),
    });
    expect(lines.join('\n')).toMatch(/Ignoring the station's signal thresholds .*using defaults/);
    await station.close();
  });
  it('starts with a bad managed config key: the good ones apply, the bad one is in the banner and diagnostics', async () => {
    const dataDir = dataDirWith({});
    const managedConfigFile = path.join(dataDir, 'managed.json');
    writeFileSync(
      managedConfigFile,
      JSON.stringify({ 'notices.candidate': false, 'sync.cpuPercent': 250, 'no.such': 1 }),
    );
    const station = await openStation({
      dataDir,
      resourcesDir,
      migrationsDir: MIGRATIONS_DIR,
      log: () => {},
      managedConfigFile,
    });
    expect(readSetting(station.services.db, 'notices.candidate')).toBe(false);
    expect(station.banner).toContainEqual(expect.stringMatching(/"sync.cpuPercent" ignored/));
    const { managedConfig } = await station.services.diagnostics.report();
    expect(managedConfig).toEqual({
      file: managedConfigFile,
      applied: ['notices.candidate'],
      errors: [
        { key: 'sync.cpuPercent', message: expect.stringMatching(/100/) },
        { key: 'no.such', message: 'unknown setting, ignored' },
      ],
    });
    await station.close();
  });
});

describe('openStation first-run secrets', () => {
  it('prints them once to standard output, never through the log or into the data folder', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'station-first-run-'));
    const logged: string[] = [];
    const open = () =>
      openStation({
        dataDir,
        resourcesDir,
        migrationsDir: MIGRATIONS_DIR,
        log: (line) => logged.push(line),
      });
    const station = await open();
    let printed = '';
    const stdout = { write: (text: string) => (printed += text) };
    printFirstRunSecrets(station, stdout);
    const secrets = [
      /Recruiter login: recruiter \/ (\S+)/.exec(printed)?.[1],
      /Admin login: admin \/ (\S+)/.exec(printed)?.[1],
      /Admin PIN \(to exit the kiosk\): (\d{6})$/m.exec(printed)?.[1],
    ];
    expect(secrets.every(Boolean), printed).toBe(true);
    expect(printed).toMatch(/shown once, here on the terminal only: not written to any log file/);
    // Once: a second call prints nothing.
    printFirstRunSecrets(station, stdout);
    expect(printed.match(/Admin PIN/g)).toHaveLength(1);
    await station.close();
    // Nor does the next start, and no line ever went through the log or the banner.
    const again = await open();
    printFirstRunSecrets(again, stdout);
    expect(printed.match(/Admin PIN/g)).toHaveLength(1);
    await again.close();
    const elsewhere = [...logged, ...station.banner, ...again.banner].join('\n');
    // No file the station wrote in its data folder holds them either (the database: hashes).
    for (const entry of readdirSync(dataDir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) {
        const bytes = readFileSync(path.join(entry.parentPath, entry.name)).toString('latin1');
        for (const secret of secrets) expect(bytes, entry.name).not.toContain(secret);
      }
    }
    for (const secret of secrets) expect(elsewhere).not.toContain(secret);
  });
});

describe('openStation encryption at rest', () => {
  it('encrypts a plain station at the start where IT pins it on, keeping its data', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'station-encrypt-'));
    const file = path.join(dataDir, DATABASE_FILE);
    const plain = openDatabase({ file, migrationsDir: MIGRATIONS_DIR });
    writeSetting(plain, 'station.name', 'Front desk');
    plain.$client.close();
    const managedConfigFile = path.join(dataDir, 'managed.json');
    writeFileSync(managedConfigFile, JSON.stringify({ 'storage.encryptAtRest': true }));
    const lines: string[] = [];
    const station = await openStation({
      dataDir,
      resourcesDir,
      migrationsDir: MIGRATIONS_DIR,
      managedConfigFile,
      log: (line) => lines.push(line),
    });
    try {
      expect(lines).toContain('The station database is now encrypted at rest.');
      expect(station.banner.join('\n')).toMatch(
        /Database encrypted at rest \(key kept in .*station\.key\)/,
      );
      expect(databaseFileState(file)).toBe('encrypted');
      expect(readSetting(station.services.db, 'station.name')).toBe('Front desk');
    } finally {
      await station.close();
    }
  });
});
