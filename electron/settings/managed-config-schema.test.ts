import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDb } from '../../db/test-db';
import { readSetting } from '../core/setting-store';
import { applyManagedConfig } from './managed-config';
import {
  managedConfigJsonSchema,
  managedConfigSchemaText,
  SCHEMA_FILE,
} from './managed-config-schema';
import { SETTING_KEYS, SETTINGS } from './station-settings';
import { jsonSchemaErrors } from './test-json-schema';

const schema = managedConfigJsonSchema();
const properties = schema.properties as Record<string, Record<string, unknown>>;

/** What the station makes of a config file: the keys it applied, and the ones it refused. */
function stationVerdict(config: Record<string, unknown>) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'managed-schema-')), 'config.json');
  writeFileSync(file, JSON.stringify(config));
  const outcome = applyManagedConfig(createTestDb(), file);
  return { ok: outcome.errors.length === 0, refused: outcome.errors.map((e) => e.key).sort() };
}

/** What an editor using the schema makes of it: the top-level keys it flags. */
function schemaVerdict(config: Record<string, unknown>) {
  const errors = jsonSchemaErrors(schema, config);
  const refused = new Set<string>();
  for (const error of errors) {
    // additionalProperties is reported at the object: name the keys it does not list.
    if (error === '$: additionalProperties') {
      for (const k of Object.keys(config)) if (!(k in properties)) refused.add(k);
      continue;
    }
    const key = Object.keys(config).find(
      (k) => /^[:.[]/.test(error.slice(`$.${k}`.length)) && error.startsWith(`$.${k}`),
    );
    refused.add(key ?? error);
  }
  return { ok: errors.length === 0, refused: [...refused].sort() };
}

describe('managed config JSON Schema', () => {
  it('is the committed resources/managed-config.schema.json', () => {
    const committed = readFileSync(path.resolve(SCHEMA_FILE), 'utf8');
    expect(
      committed,
      `${SCHEMA_FILE} is out of date with the settings: run \`npm run managed-config:schema\` and commit it`,
    ).toBe(managedConfigSchemaText());
  });

  it('lists every setting with its label, its default and its choices, and nothing else', () => {
    expect(Object.keys(properties).sort()).toEqual(['$schema', ...SETTING_KEYS].sort());
    expect(schema.additionalProperties).toBe(false);
    for (const key of SETTING_KEYS) {
      const spec = SETTINGS[key];
      expect(properties[key]?.description).toBe(spec.label);
      if (spec.fallback !== null) {
        expect(properties[key]?.default).toEqual(spec.fallback);
        // A default the schema itself refuses would be flagged by every editor.
        expect(jsonSchemaErrors(properties[key] ?? {}, spec.fallback), key).toEqual([]);
      }
    }
    expect(properties['kiosk.displays']?.enum).toEqual(['block', 'flag', 'ignore']);
  });

  const cases: [string, Record<string, unknown>][] = [
    [
      'a good config (with its $schema key)',
      {
        $schema: './managed-config.schema.json',
        'station.name': 'Front desk',
        'retention.days': 90,
        'kiosk.displays': 'flag',
        'capture.camera': '/dev/video0',
        'signals.thresholds': { maxYaw: 40, debounce: { no_face: { minDurationMs: 2000 } } },
        'transcription.fillerWords': ['um', 'uh'],
      },
    ],
    ['a wrong type', { 'retention.days': '90', 'notices.candidate': true }],
    ['an unknown key', { 'station.nmae': 'typo', 'retention.days': 90 }],
    ['an out-of-range number', { 'retention.days': 1096, 'sync.cpuPercent': 50 }],
    ['a number out of range inside an object', { 'signals.thresholds': { maxGazeX: 2 } }],
    ['an unknown key inside an object', { 'signals.thresholds': { maxYaww: 40 } }],
    ['a bad choice', { 'kiosk.remoteTools': 'warn', 'kiosk.displays': 'block' }],
    ['a fractional integer', { 'signals.landmarkEvery': 2.5 }],
    ['a camera that names a file', { 'capture.camera': '../etc/passwd' }],
    ['a language that does not match', { 'transcription.language': 'english' }],
  ];
  it.each(cases)('gives the station’s verdict on %s', (_name, config) => {
    const station = stationVerdict(config);
    expect(schemaVerdict(config)).toEqual(station);
    // Every case but the good one is refused, for the one key that is wrong.
    if (_name.startsWith('a good')) expect(station.ok).toBe(true);
    else expect(station.refused).toHaveLength(1);
  });
});

describe('managed config at start', () => {
  it('applies the valid keys, ignores $schema, and reports the bad ones without their values', () => {
    const db = createTestDb();
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'managed-bad-')), 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        $schema: 'https://example.org/managed-config.schema.json',
        'retention.days': 90,
        'station.name': 'x'.repeat(61),
        'kiosk.remoteTools': 'sometimes',
      }),
    );
    const outcome = applyManagedConfig(db, file);
    expect(outcome.applied).toEqual(['retention.days']);
    expect(readSetting(db, 'retention.days')).toBe(90);
    expect(outcome.errors.map((e) => e.key)).toEqual(['station.name', 'kiosk.remoteTools']);
    const text = JSON.stringify(outcome);
    expect(text).not.toContain('xxxxxxxx');
    expect(text).not.toContain('sometimes');
  });

  it('says where a file is not JSON, without quoting the text around the mistake', () => {
    const db = createTestDb();
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'managed-json-')), 'config.json');
    for (const body of ['{"retention.days": AIzaSecretLooking}', '{"retention.days": 9,\n}']) {
      writeFileSync(file, body);
      const outcome = applyManagedConfig(db, file);
      expect(outcome.errors).toEqual([
        { key: null, message: expect.stringMatching(/^not valid JSON/) },
      ]);
      expect(JSON.stringify(outcome)).not.toContain('AIzaSecret');
    }
    expect(applyManagedConfig(db, file).errors[0]?.message).toMatch(/line 2 column 1/);
  });
});
