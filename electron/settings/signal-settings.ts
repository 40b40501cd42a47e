import type { z } from 'zod';
import type { Db } from '../../db/open';
import { readSetting } from '../core/setting-store';
import type { SignalRunOptions } from '../signals/worker/signal-analyzer';
import type { ThresholdOverrides } from '../signals/worker/thresholds';
import { SETTINGS, type SettingKey } from './station-settings';

/** What a session's signal pipeline takes from the station settings. */
export interface SignalSettings extends SignalRunOptions {
  thresholds?: ThresholdOverrides;
}

/**
 * The station's signal settings as they are now (read at each session start, so a change
 * applies from the next session). A bad stored value is reported and left out rather than
 * stopping the kiosk: the defaults are safe.
 */
export function readSignalSettings(db: Db, log: (line: string) => void): SignalSettings {
  const read = <T>(key: SettingKey, schema: z.ZodType<T>, what: string): T | undefined => {
    const stored = readSetting<unknown>(db, key);
    if (stored === undefined) return undefined;
    const parsed = schema.safeParse(stored);
    if (parsed.success) return parsed.data;
    log(`Ignoring the station's ${what} (${parsed.error.issues[0]?.message}); using defaults.`);
    return undefined;
  };
  return {
    thresholds: read(
      'signals.thresholds',
      SETTINGS['signals.thresholds'].schema,
      'signal thresholds',
    ),
    landmarkEvery: read(
      'signals.landmarkEvery',
      SETTINGS['signals.landmarkEvery'].schema,
      'landmark rate',
    ),
    speechDuringReading: read(
      'signals.speechDuringReading',
      SETTINGS['signals.speechDuringReading'].schema,
      'speech-during-reading switch',
    ),
  };
}
