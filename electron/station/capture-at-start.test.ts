import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../db/test-db';
import { writeSetting } from '../core/setting-store';
import { captureConfig } from './capture-config';
import { openStation } from './open-station';
import { openFolderDatabase } from './station-database';

const resourcesDir = path.resolve('resources');
const noCameras = () => Promise.resolve([]);

/** A data folder whose database holds the given settings, and a managed config file. */
function station(settings: Record<string, unknown>, managed: Record<string, unknown>) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'capture-at-start-'));
  const db = openFolderDatabase(dataDir, MIGRATIONS_DIR);
  for (const [key, value] of Object.entries(settings)) writeSetting(db, key, value);
  db.$client.close();
  const managedConfigFile = path.join(dataDir, 'managed.json');
  writeFileSync(managedConfigFile, JSON.stringify(managed));
  return { dataDir, managedConfigFile };
}

describe('the capture devices at start', () => {
  it('follows what IT pinned over what an admin chose, and says so in the banner', async () => {
    const where = station(
      { 'capture.camera': '/dev/video3', 'capture.microphone': 'pulse' },
      { 'capture.camera': 'none' },
    );
    const opened = await openStation({
      ...where,
      resourcesDir,
      migrationsDir: MIGRATIONS_DIR,
      log: () => undefined,
      chooseCapture: (settings) => captureConfig({}, noCameras, settings),
    });
    // No camera: no device check and no capture, whatever the admin had picked.
    expect(opened.services.devices).toBeNull();
    expect(opened.banner).toContain(
      'Capture: no camera (station settings; audio and video questions are skipped), ' +
        'microphone pulse (station settings).',
    );
    await opened.close();
  });
});
