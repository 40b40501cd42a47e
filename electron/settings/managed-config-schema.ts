/**
 * The JSON Schema (draft 2020-12) of IT's managed config file, built from SETTINGS so every
 * setting lands in it: editors and MDM tools check a config against it before it is pushed to
 * stations. resources/managed-config.schema.json is this, written by
 * `npm run managed-config:schema` (a test fails when the committed file drifts from it).
 */
import { z } from 'zod';
import { cameraNamePattern } from './capture-settings';
import { SCHEMA_KEY } from './managed-config';
import { SETTING_KEYS, SETTINGS, type SettingKey } from './station-settings';

export const SCHEMA_FILE = 'resources/managed-config.schema.json';

/**
 * What a zod refinement checks cannot be turned into JSON Schema by zod (it is dropped):
 * the same check, spelt as a pattern, so an editor refuses what the station would.
 */
const REFINED: Partial<Record<SettingKey, Record<string, unknown>>> = {
  'capture.camera': { pattern: cameraNamePattern },
};

export function managedConfigJsonSchema(): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    [SCHEMA_KEY]: {
      type: 'string',
      description: 'Where editors find this schema; the station ignores it.',
    },
  };
  for (const key of SETTING_KEYS) {
    const spec = SETTINGS[key];
    // io 'input': the file holds what IT writes, before any trimming.
    const { $schema: _drop, ...schema } = z.toJSONSchema(spec.schema, {
      io: 'input',
      unrepresentable: 'any',
    }) as Record<string, unknown>;
    const choices = 'choices' in spec ? spec.choices : undefined;
    properties[key] = {
      ...schema,
      ...REFINED[key],
      description: spec.label,
      // A null fallback means "the station chooses": no value IT could write, so no default.
      ...(spec.fallback === null ? {} : { default: spec.fallback }),
      ...(choices ? { enum: choices.map((c) => c.value) } : {}),
    };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Interview Station managed config',
    description:
      'Settings IT pins on stations, one key each; a key left out stays as the station has it.',
    type: 'object',
    properties,
    additionalProperties: false,
  };
}

export function managedConfigSchemaText(): string {
  return `${JSON.stringify(managedConfigJsonSchema(), null, 2)}\n`;
}
