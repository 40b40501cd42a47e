/** Station settings keys of sync, and their defaults. */
import type { Db } from '../../db/open';
import { readSetting } from '../core/setting-store';

export const SYNC_SETTINGS = {
  /** Send candidates' names and e-mails (else pseudonymous: the id alone). Default false. */
  sendIdentity: 'sync.sendIdentity',
  /** Hold sync while an interview runs on this station. Default true. */
  pauseDuringSessions: 'sync.pauseDuringSessions',
  /** The retention purge keeps a session until the receiver confirmed it. Default false. */
  purgeOnlyWhenConfirmed: 'sync.purgeOnlyWhenConfirmed',
  /** Upload speed limit in bytes per second; 0 = none. */
  bandwidthBytesPerSecond: 'sync.bandwidthBytesPerSecond',
  /** Bytes per tus PATCH request. */
  chunkBytes: 'sync.chunkBytes',
  /** The receiver this station enrolled with (its credential is kept sealed, not here). */
  receiverUrl: 'sync.receiverUrl',
} as const;

export const DEFAULT_CHUNK_BYTES = 1024 * 1024;

export interface SyncTuning {
  pauseDuringSessions: boolean;
  bandwidthBytesPerSecond: number;
  chunkBytes: number;
}

export function readSyncTuning(db: Db): SyncTuning {
  const bandwidth = readSetting<number>(db, SYNC_SETTINGS.bandwidthBytesPerSecond);
  const chunk = readSetting<number>(db, SYNC_SETTINGS.chunkBytes);
  return {
    pauseDuringSessions: readSetting<boolean>(db, SYNC_SETTINGS.pauseDuringSessions) !== false,
    bandwidthBytesPerSecond:
      typeof bandwidth === 'number' && bandwidth > 0 ? Math.floor(bandwidth) : 0,
    chunkBytes:
      typeof chunk === 'number' && chunk >= 64 * 1024 ? Math.floor(chunk) : DEFAULT_CHUNK_BYTES,
  };
}
