import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { createTestDb } from '../../db/test-db';
import { readSetting } from '../core/setting-store';
import { applyManagedConfig, managedConfigPath } from './managed-config';
import { StationSettings } from './station-settings';

const actor = { actorKind: 'admin' as const, actorId: 1 };

describe('station settings', () => {
  it('checks each value, stores it, audits it, and clears it back to the default', () => {
    const db = createTestDb();
    const settings = new StationSettings(db);
    settings.set('signals.thresholds', { maxYaw: 60 }, actor, 1000);
    expect(readSetting(db, 'signals.thresholds')).toEqual({ maxYaw: 60 });
    expect(() => settings.set('signals.thresholds', { maxYaww: 60 }, actor, 1000)).toThrow(
      /signal thresholds/,
    );
    expect(() => settings.set('retention.days', 0, actor, 1000)).toThrow(/Days an interview/);
    // Three years at most (BIPA), however the value arrives.
    expect(() => settings.set('retention.days', 1096, actor, 1000)).toThrow(/At most 1095 days/);
    settings.set('signals.thresholds', null, actor, 2000);
    expect(readSetting(db, 'signals.thresholds')).toBeUndefined();
    expect(
      db
        .select()
        .from(auditLog)
        .all()
        .map((a) => a.action),
    ).toEqual(['setting_changed', 'setting_changed']);
  });

  it('leaves what IT pinned, and model paths, to the managed config', () => {
    const db = createTestDb();
    const dir = mkdtempSync(path.join(tmpdir(), 'managed-'));
    const file = path.join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        'notices.candidate': false,
        'retention.days': 90,
        'signals.thresholds': { maxYaw: 500 },
        'station.nmae': 'typo',
        'transcription.modelPath': '/opt/models/ggml-base.en.bin',
      }),
    );
    const outcome = applyManagedConfig(db, file);
    expect(outcome.applied).toEqual([
      'notices.candidate',
      'retention.days',
      'transcription.modelPath',
    ]);
    expect(outcome.problems).toEqual([
      expect.stringMatching(/"signals.thresholds" ignored/),
      'Unknown setting "station.nmae" ignored.',
    ]);
    expect(readSetting(db, 'retention.days')).toBe(90);
    const settings = new StationSettings(db, new Set(outcome.applied));
    const views = settings.list();
    expect(views.find((v) => v.key === 'retention.days')).toMatchObject({
      value: 90,
      managed: true,
      editable: false,
    });
    expect(views.find((v) => v.key === 'station.name')).toMatchObject({ editable: true });
    expect(() => settings.set('retention.days', 30, actor, 0)).toThrow(/managed configuration/);
    expect(() =>
      new StationSettings(db).set('transcription.modelPath', '/tmp/x.bin', actor, 0),
    ).toThrow(/managed configuration/);
  });

  it('takes a model as a plain file name an admin picked, never a path', () => {
    const db = createTestDb();
    const settings = new StationSettings(db);
    settings.set('transcription.model', 'ggml-base.en.bin', actor, 0);
    expect(readSetting(db, 'transcription.model')).toBe('ggml-base.en.bin');
    for (const value of [
      '/etc/passwd',
      '../../secrets/ggml-base.en.bin',
      '..\\..\\model.bin',
      'models/ggml-base.en.bin',
      'C:ggml-base.en.bin',
      '.hidden.bin',
      'a..b.bin',
      'ggml-base.en.txt',
      `${'x'.repeat(100)}.bin`,
    ]) {
      expect(() => settings.set('transcription.model', value, actor, 0)).toThrow(
        /Transcription model .* — Use a model file from the list/,
      );
    }
    expect(readSetting(db, 'transcription.model')).toBe('ggml-base.en.bin');
    expect(settings.list().find((v) => v.key === 'transcription.model')).toMatchObject({
      editable: true,
      restart: true,
    });
  });

  it('withdraws an IT-only setting that the config no longer sets, but not on a broken file', () => {
    const db = createTestDb();
    const dir = mkdtempSync(path.join(tmpdir(), 'managed-'));
    const file = path.join(dir, 'config.json');
    const model = '/opt/models/ggml-base.en.bin';
    writeFileSync(file, JSON.stringify({ 'transcription.modelPath': model }));
    applyManagedConfig(db, file);
    expect(readSetting(db, 'transcription.modelPath')).toBe(model);
    // A file IT broke keeps what it set last: the station fails soft.
    writeFileSync(file, '{ not json');
    applyManagedConfig(db, file);
    expect(readSetting(db, 'transcription.modelPath')).toBe(model);
    // A config without the key, or no config at all, withdraws it.
    writeFileSync(file, JSON.stringify({ 'notices.candidate': false }));
    applyManagedConfig(db, file);
    expect(readSetting(db, 'transcription.modelPath')).toBeUndefined();
    writeFileSync(file, JSON.stringify({ 'transcription.modelPath': model }));
    applyManagedConfig(db, file);
    applyManagedConfig(db, path.join(dir, 'none.json'));
    expect(readSetting(db, 'transcription.modelPath')).toBeUndefined();
  });

  it('reports a file that is not JSON and finds the file per platform', () => {
    const db = createTestDb();
    const dir = mkdtempSync(path.join(tmpdir(), 'managed-'));
    const file = path.join(dir, 'config.json');
    writeFileSync(file, '{ not json');
    expect(applyManagedConfig(db, file).problems[0]).toMatch(/not valid JSON/);
    expect(applyManagedConfig(db, path.join(dir, 'none.json'))).toMatchObject({
      applied: [],
      problems: [],
    });
    expect(managedConfigPath({}, 'linux')).toBe('/etc/interview-station/config.json');
    expect(managedConfigPath({ STATION_CONFIG: 'x.json' }, 'linux')).toBe(path.resolve('x.json'));
    expect(managedConfigPath({ ProgramData: 'D:\\PD' }, 'win32')).toMatch(/Interview Station/);
  });
});
