import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { interviews } from '../../db/schema';
import { hashAccessCode, newAccessCode, sameSecret } from '../core/secrets';
import { readSetting, writeSetting } from '../core/setting-store';

/** A stored code hash: HMAC-SHA256 as hex. Plain codes (at most 20 characters) never look so. */
const HASH_LENGTH = 64;

/**
 * Replaces the plain access codes of a database from before migration 0004 (which renamed
 * `access_code` to `access_code_hash` but cannot compute an HMAC in SQL) by their keyed
 * hashes. Idempotent: a row already holding a hash is left alone. One transaction, so a crash
 * leaves either every code plain or every code hashed, and the next start finishes the job.
 * Returns how many codes it hashed.
 */
export function hashPlainAccessCodes(db: Db, stationKey: Buffer): number {
  const hashed = db.transaction((tx) => {
    const plain = tx
      .select({ id: interviews.id, code: interviews.accessCodeHash })
      .from(interviews)
      .where(sql`length(${interviews.accessCodeHash}) <> ${HASH_LENGTH}`)
      .all();
    for (const row of plain) {
      tx.update(interviews)
        .set({ accessCodeHash: hashAccessCode(stationKey, row.code) })
        .where(eq(interviews.id, row.id))
        .run();
    }
    return plain.length;
  });
  if (hashed > 0) {
    // The old pages (zeroed by secure_delete) go from the WAL into the file, and the WAL is
    // emptied, so no copy of a plain code is left beside the database either.
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
  }
  return hashed;
}

const KEY_CHECK_SETTING = 'accessCodes.keyCheck';

/**
 * Whether `stationKey` is the key the database's codes were stored under: each database keeps
 * a check value of its key (a hash of a fixed text, which says nothing about the key). A
 * different key (the key file was lost and made anew) means no code issued before can be
 * checked: 'changed', for the station to say so. The new key's check value is kept.
 */
export function matchStationKey(db: Db, stationKey: Buffer): 'new' | 'same' | 'changed' {
  const check = hashAccessCode(stationKey, 'STATIONKEYCHECK');
  const stored = readSetting<string>(db, KEY_CHECK_SETTING);
  if (stored !== undefined && sameSecret(stored, check)) return 'same';
  writeSetting(db, KEY_CHECK_SETTING, check);
  return stored === undefined ? 'new' : 'changed';
}

/**
 * A new access code no interview holds, and its hash. The code is for the caller to show once;
 * only the hash is stored.
 */
export function unusedAccessCode(db: Db, stationKey: Buffer): { code: string; hash: string } {
  // 31^8 codes: a clash is rare, but a code must never point at two interviews.
  for (let attempt = 0; attempt < 10; attempt++) {
    const code = newAccessCode();
    const hash = hashAccessCode(stationKey, code);
    const taken = db
      .select({ id: interviews.id })
      .from(interviews)
      .where(eq(interviews.accessCodeHash, hash))
      .get();
    if (!taken) return { code, hash };
  }
  throw new Error('No unused access code found after 10 attempts.');
}
