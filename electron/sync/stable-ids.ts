/**
 * Ids the receiver stores each resource under, made on the station: a UUID (version 5 form,
 * SHA-1 over the station's own id and the row's kind and local id), so a row sent again, after
 * a crash or a duplicate batch, has the same id and the receiver keeps it once.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../../db/open';
import { readSetting, writeSetting } from '../core/setting-store';

export const STATION_ID_SETTING = 'sync.stationId';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The station's id if it has one yet; never writes (diagnostics read it on a full disk). */
export function knownStationSyncId(db: Db): string | null {
  const kept = readSetting<string>(db, STATION_ID_SETTING);
  return typeof kept === 'string' && UUID.test(kept) ? kept : null;
}

/** The station's own id: made once and kept in settings (a copy of the data keeps it). */
export function stationSyncId(db: Db): string {
  const kept = knownStationSyncId(db);
  if (kept) return kept;
  const made = randomUUID();
  writeSetting(db, STATION_ID_SETTING, made);
  return made;
}

/** RFC 4122 §4.3: a name-based UUID, version 5, in the station's namespace. */
export function stableId(stationId: string, kind: string, localId: number | string): string {
  const namespace = Buffer.from(stationId.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(namespace).update(`${kind}:${localId}`, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Ids of one station, by kind. */
export interface StationIds {
  readonly stationId: string;
  of(kind: string, localId: number | string): string;
}

export function stationIds(stationId: string): StationIds {
  return { stationId, of: (kind, localId) => stableId(stationId, kind, localId) };
}
