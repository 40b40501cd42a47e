import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { MIGRATIONS_DIR } from '../../db/test-db';
import { writeSetting } from '../core/setting-store';
import { DATABASE_FILE, openStation } from './open-station';

const resourcesDir = path.resolve('resources');

/** A data folder whose database already holds the given station settings. */
function dataDirWith(settings: Record<string, unknown>): string {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'station-settings-'));
  const db = openDatabase({
    file: path.join(dataDir, DATABASE_FILE),
    migrationsDir: MIGRATIONS_DIR,
  });
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
});
