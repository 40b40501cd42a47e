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
  /** The share of one core sync's decrypting and hashing may take, in percent (0: none). */
  cpuPercent: 'sync.cpuPercent',
  /** Bytes per tus PATCH request. */
  chunkBytes: 'sync.chunkBytes',
  /** The receiver this station enrolled with (its credential is kept sealed, not here). */
  receiverUrl: 'sync.receiverUrl',
} as const;

export const DEFAULT_CHUNK_BYTES = 1024 * 1024;
/** Half a core: a station syncing between interviews stays responsive for staff. */
export const DEFAULT_SYNC_CPU_PERCENT = 50;

export interface SyncTuning {
  pauseDuringSessions: boolean;
  bandwidthBytesPerSecond: number;
  cpuPercent: number;
  chunkBytes: number;
}

export function readSyncTuning(db: Db): SyncTuning {
  const bandwidth = readSetting<number>(db, SYNC_SETTINGS.bandwidthBytesPerSecond);
  const chunk = readSetting<number>(db, SYNC_SETTINGS.chunkBytes);
  const cpu = readSetting<number>(db, SYNC_SETTINGS.cpuPercent);
  return {
    pauseDuringSessions: readSetting<boolean>(db, SYNC_SETTINGS.pauseDuringSessions) !== false,
    bandwidthBytesPerSecond:
      typeof bandwidth === 'number' && bandwidth > 0 ? Math.floor(bandwidth) : 0,
    cpuPercent:
      typeof cpu === 'number' && cpu >= 0 && cpu <= 100
        ? Math.round(cpu)
        : DEFAULT_SYNC_CPU_PERCENT,
    chunkBytes:
      typeof chunk === 'number' && chunk >= 64 * 1024 ? Math.floor(chunk) : DEFAULT_CHUNK_BYTES,
  };
}
