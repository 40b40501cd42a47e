/**
 * IT's managed configuration: a JSON file pushed to stations that pins settings. Read at
 * every start; its values are written into the station settings and the admin screens show
 * them as set by IT. A key that fails its check is ignored and reported, never half-applied;
 * an unknown key is reported too (a misspelt key must not silently do nothing).
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

export interface ManagedOutcome {
  file: string;
  /** Keys applied from the file. */
  applied: SettingKey[];
  /** One sentence per key (or the file) that was not applied. */
  problems: string[];
}

/** Applies the managed config, if there is one, and says what it did. */
export function applyManagedConfig(db: Db, file: string): ManagedOutcome {
  const outcome: ManagedOutcome = { file, applied: [], problems: [] };
  if (!existsSync(file)) {
    clearUnmanaged(db, []);
    return outcome;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    outcome.problems.push(`${file} is not valid JSON (${(error as Error).message}).`);
    return outcome;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    outcome.problems.push(`${file} must hold one JSON object of settings.`);
    return outcome;
  }
  for (const [key, value] of Object.entries(parsed)) {
    if (!(key in SETTINGS)) {
      outcome.problems.push(`Unknown setting "${key}" ignored.`);
      continue;
    }
    const check = SETTINGS[key as SettingKey].schema.safeParse(value);
    if (!check.success) {
      outcome.problems.push(`Setting "${key}" ignored: ${check.error.issues[0]?.message}.`);
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
