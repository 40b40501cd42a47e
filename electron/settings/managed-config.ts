/**
 * IT's managed configuration: a JSON file pushed to stations that pins settings. Read at
 * every start; its values are written into the station settings and the admin screens show
 * them as set by IT. A key that fails its check is ignored and reported, never half-applied;
 * an unknown key is reported too (a misspelt key must not silently do nothing).
 *
 * A "$schema" key (editors find resources/managed-config.schema.json by it) is ignored.
 *
 * Where: STATION_CONFIG, else /etc/interview-station/config.json (Linux),
 * %ProgramData%\Interview Station\config.json (Windows),
 * /Library/Application Support/Interview Station/config.json (macOS).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/open';
import { clearSetting, writeSetting } from '../core/setting-store';
import { EDITABLE_KEYS, SETTING_KEYS, SETTINGS, type SettingKey } from './station-settings';

export function managedConfigPath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.STATION_CONFIG) return path.resolve(env.STATION_CONFIG);
  if (platform === 'win32') {
    return path.join(env.ProgramData ?? 'C:\\ProgramData', 'Interview Station', 'config.json');
  }
  if (platform === 'darwin') {
    return '/Library/Application Support/Interview Station/config.json';
  }
  return '/etc/interview-station/config.json';
}

/** The key an editor reads to find the schema; the station ignores it. */
export const SCHEMA_KEY = '$schema';

/** One key (or, with key null, the whole file) not applied, and why, without its value. */
export interface ManagedConfigError {
  key: string | null;
  message: string;
}

export interface ManagedOutcome {
  file: string;
  /** Keys applied from the file. */
  applied: SettingKey[];
  /** Each key (or the file) that was not applied; shown in Station diagnostics. */
  errors: ManagedConfigError[];
  /** The same, one sentence each, for the start banner. */
  problems: string[];
}

/** Applies the managed config, if there is one, and says what it did. */
export function applyManagedConfig(db: Db, file: string): ManagedOutcome {
  const outcome: ManagedOutcome = { file, applied: [], errors: [], problems: [] };
  const fail = (key: string | null, message: string, sentence: string) => {
    outcome.errors.push({ key, message });
    outcome.problems.push(sentence);
  };
  if (!existsSync(file)) {
    clearUnmanaged(db, []);
    return outcome;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    // Node's message quotes the text around the mistake, which may be a secret: where only.
    const where = /position \d+(?: \(line \d+ column \d+\))?/.exec((error as Error).message);
    const message = `not valid JSON${where ? ` (at ${where[0]})` : ''}`;
    fail(null, message, `${file} is ${message}.`);
    return outcome;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    fail(
      null,
      'must hold one JSON object of settings',
      `${file} must hold one JSON object of settings.`,
    );
    return outcome;
  }
  for (const [key, value] of Object.entries(parsed)) {
    if (key === SCHEMA_KEY) continue;
    if (!(key in SETTINGS)) {
      fail(key, 'unknown setting, ignored', `Unknown setting "${key}" ignored.`);
      continue;
    }
    const check = SETTINGS[key as SettingKey].schema.safeParse(value);
    if (!check.success) {
      // zod's messages name the expected type or bound, never the value given.
      const issue = check.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      const message = `${where}${issue?.message ?? 'invalid value'}`;
      fail(key, message, `Setting "${key}" ignored: ${message}.`);
      continue;
    }
    writeSetting(db, key, check.data);
    outcome.applied.push(key as SettingKey);
  }
  clearUnmanaged(db, outcome.applied);
  return outcome;
}

/**
 * Settings only IT may set (a model file path) are cleared when IT's config no longer sets
 * them: nothing on the station could clear them otherwise, and a path IT withdrew would still
 * win. A config that cannot be read clears nothing: the station keeps its last known values.
 */
function clearUnmanaged(db: Db, applied: SettingKey[]): void {
  const editable = new Set<SettingKey>(EDITABLE_KEYS);
  for (const key of SETTING_KEYS) {
    if (!editable.has(key) && !applied.includes(key)) clearSetting(db, key);
  }
}
