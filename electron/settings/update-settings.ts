/**
 * The settings for updating an installed station (electron/shell/auto-update.ts): whether it
 * updates, from which channel, the share of stations that take a release, and the update
 * server's address, which only IT's managed config may set. Read once when the station starts.
 */
import { z } from 'zod';
import type { Db } from '../../db/open';
import { readSetting } from '../core/setting-store';

export const UPDATE_CHANNELS = ['latest', 'beta'] as const;
export type UpdateChannel = (typeof UPDATE_CHANNELS)[number];

/**
 * The update server: https only (the feed names the installer and its hash, so it must not be
 * swappable on the way), no credentials in the address, no fragment.
 */
export const updateUrlSchema = z
  .url({ protocol: /^https$/, error: 'Use an https:// address.' })
  .max(2000)
  .refine((value) => {
    // zod runs this after a failed address check too: an unparseable value is that check's.
    if (!URL.canParse(value)) return true;
    const url = new URL(value);
    return !url.username && !url.password && !url.hash;
  }, 'Use an https:// address without a user name, password or #fragment.');

export const rolloutPercentSchema = z.number().int().min(0).max(100);

export interface UpdateSettings {
  enabled: boolean;
  channel: UpdateChannel;
  rolloutPercent: number;
  /** null: IT has not named an update server, so nothing is checked. */
  url: string | null;
}

/** The update settings as stored, each falling back to its default when unset or no longer valid. */
export function readUpdateSettings(db: Db): UpdateSettings {
  const read = <T>(key: string, schema: z.ZodType<T>, fallback: T): T => {
    const parsed = schema.safeParse(readSetting<unknown>(db, key));
    return parsed.success ? parsed.data : fallback;
  };
  return {
    enabled: read('updates.enabled', z.boolean(), false),
    channel: read('updates.channel', z.enum(UPDATE_CHANNELS), 'latest'),
    rolloutPercent: read('updates.rolloutPercent', rolloutPercentSchema, 100),
    url: read<string | null>('updates.url', updateUrlSchema, null),
  };
}
