import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { MIGRATIONS_DIR, seedTestInterview } from '../../db/test-db';
import { DEFAULT_GEMINI_MODEL } from '../../shared/gemini-models';
import type { Services } from '../api/services';
import { codeOf, createTestServices, signInStaff, stationCaller } from '../api/test-router';
import { stationLog } from '../core/file-log';
import { formatAccessCode } from '../core/secrets';
import { writeSetting } from '../core/setting-store';
import { ADMIN_PIN_KEY } from '../domain/seed';
import { createTestStaff } from '../domain/test-staff';
import { findExport } from '../review/export-files';
import { applyManagedConfig } from '../settings/managed-config';
import { openFolderDatabase } from '../station/station-database';

const GEMINI_KEY = 'AIzaTestKeyThatMustNeverLeave_0123456789';
const PIN_HASH = 'scrypt$pinhashvaluethatstayshome';
const CANDIDATE = 'Philomena Quatermaine';

/** The entries of a zip and their text, read with the system's unzip (no zip reader in deps). */
function readZip(file: string): Map<string, string> {
  const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n');
  return new Map(
    names.map((name) => [
      name,
      execFileSync('unzip', ['-p', file, name], { encoding: 'utf8', maxBuffer: 64e6 }),
    ]),
  );
}

describe('diagnostics bundle', () => {
  let dataDir: string;
  let db: Db;
  let services: Services;
  let files: ReturnType<typeof stationLog>;
  let accessCode: string;

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'diagnostics-bundle-'));
    db = openFolderDatabase(dataDir, MIGRATIONS_DIR);
    // The station's own file log, as a real station writes it.
    files = stationLog(dataDir, () => {});
    const config = path.join(dataDir, 'config.json');
    writeFileSync(config, JSON.stringify({ 'retention.days': 90, 'kiosk.displays': 'never' }));
    services = createTestServices(db, {
      dataDir,
      log: files.log,
      managedConfig: applyManagedConfig(db, config),
      transcriptionWorkerFile: null,
    });
    await createTestStaff(db, { role: 'admin' });
    await createTestStaff(db, { role: 'recruiter' });
    services.geminiKeys.set({ apiKey: GEMINI_KEY, model: DEFAULT_GEMINI_MODEL });
    writeSetting(db, ADMIN_PIN_KEY, PIN_HASH);
    ({ accessCode } = seedTestInterview(db, {
      candidateName: CANDIDATE,
      questions: [{ type: 'text', readingSeconds: 5, answerSeconds: 5 }],
    }));
    // A candidate checks in, so the logs have a check-in in them.
    await stationCaller(services).candidate.checkIn({ code: accessCode });
    // An old line that named a code (a banner's demo code) must not leave in the bundle.
    files.log(`Demo interview code: ${formatAccessCode(accessCode)}`);
  });
  afterEach(() => {
    services.sessions.close();
    files.close();
    db.$client.close();
  });

  it('holds diagnostics, masked settings and the logs, and no secret or candidate data', async () => {
    const token = await signInStaff(services, 'admin');
    const made = await stationCaller(services).monitor.exportDiagnostics({ token });
    expect(made.fileName).toMatch(/^station-diagnostics-[\d-]+\.zip$/);
    const found = findExport(dataDir, made.exportId, Date.now());
    // Names no interview or candidate: the export route serves it to admins only.
    expect(found).toMatchObject({ interviewId: null, candidateId: null });
    const zip = readZip(found?.file ?? '');
    expect([...zip.keys()]).toEqual([
      'README.txt',
      'diagnostics.json',
      'settings.json',
      'logs/station.log',
    ]);

    const diagnostics = JSON.parse(zip.get('diagnostics.json') ?? '{}');
    expect(diagnostics.app.node).toBe(process.versions.node);
    expect(diagnostics.cpu.cores).toBe(os.cpus().length);
    expect(diagnostics.memory.totalBytes).toBe(os.totalmem());
    expect(diagnostics.disk.freeBytes).toBeGreaterThan(0);
    expect(diagnostics.managedConfig.applied).toEqual(['retention.days']);
    expect(diagnostics.managedConfig.errors).toEqual([
      { key: 'kiosk.displays', message: expect.stringMatching(/Invalid option/) },
    ]);

    const settings = JSON.parse(zip.get('settings.json') ?? '{}');
    expect(settings.settings).toContainEqual({
      key: 'retention.days',
      value: 90,
      fallback: 180,
    });
    expect(settings.stationState[ADMIN_PIN_KEY]).toBe('[masked]');
    expect(zip.get('logs/station.log')).toContain('Demo interview code: [code]');

    const all = [...zip.values()].join('\n');
    for (const secret of [
      GEMINI_KEY,
      PIN_HASH,
      'Philomena',
      'Quatermaine',
      'ada@example.com',
      accessCode,
      formatAccessCode(accessCode),
    ]) {
      expect(all).not.toContain(secret);
    }
  });

  it('masks any field whose name says it is a secret, at any depth', async () => {
    writeSetting(db, 'vendor.apiToken', 'tok-abcdefghijklmnop');
    writeSetting(db, 'vendor.options', { nested: { clientSecret: 'shh-abcdefghijkl', port: 8 } });
    const token = await signInStaff(services, 'admin');
    const made = await stationCaller(services).monitor.exportDiagnostics({ token });
    const zip = readZip(findExport(dataDir, made.exportId, Date.now())?.file ?? '');
    const settings = JSON.parse(zip.get('settings.json') ?? '{}');
    expect(settings.stationState['vendor.apiToken']).toBe('[masked]');
    expect(settings.stationState['vendor.options']).toEqual({
      nested: { clientSecret: '[masked]', port: 8 },
    });
  });

  it('is refused to a recruiter, and records who made one', async () => {
    const recruiter = await signInStaff(services, 'recruiter');
    const refused = await stationCaller(services)
      .monitor.exportDiagnostics({ token: recruiter })
      .catch(codeOf);
    expect(refused).toBe('FORBIDDEN');
    const admin = await signInStaff(services, 'admin');
    await stationCaller(services).monitor.exportDiagnostics({ token: admin });
    const audited = db.$client
      .prepare("SELECT actor_kind FROM audit_log WHERE action = 'diagnostics_exported'")
      .pluck()
      .all();
    expect(audited).toEqual(['admin']);
  });
});
