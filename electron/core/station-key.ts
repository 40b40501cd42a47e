/**
 * The station's key for encryption at rest: 32 random bytes made once per data folder, from
 * which the database key and the files key are derived (HKDF-SHA256, one purpose each, so a
 * key found in one place opens nothing else). Where it is kept depends on the host: the
 * Electron kiosk seals it with the OS (safeStorage: Keychain, DPAPI, libsecret; see
 * shell/safe-storage-key.ts); the browser station keeps it in a file of the data folder that
 * only the station's user may read (fileKeyStore). The key is never logged.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fchmodSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { OWNER_ONLY_FILE } from './owner-only';

export const STATION_KEY_BYTES = 32;

/** Keeps the one station key of a data folder. */
export interface StationKeyStore {
  /** Where the key is kept, for messages (never the key). */
  readonly where: string;
  /** The key, or null when this folder never had one. Throws when it is there but unreadable. */
  read(): Buffer | null;
  /** Makes a new key and keeps it, on disk and flushed, before it returns it. */
  create(): Buffer;
}

/** The key file of the browser station (and of tests, e2e fixtures and benches). */
export const KEY_FILE = 'station.key';

/**
 * The browser station's key: hex in `<data folder>/station.key`, mode 0600. It sits next to
 * the database, so it protects a copied database file or a backup without the key file, not a
 * whole disk taken with the folder (the README says so).
 */
export function fileKeyStore(dataDir: string): StationKeyStore {
  const file = path.join(dataDir, KEY_FILE);
  return {
    where: file,
    read() {
      if (!existsSync(file)) return null;
      return parseKey(readFileSync(file, 'utf8').trim(), file);
    },
    create() {
      const key = randomBytes(STATION_KEY_BYTES);
      writeFileDurably(file, `${key.toString('hex')}\n`);
      return key;
    },
  };
}

/** A key read back from its hex, refusing anything else (a truncated or edited file). */
export function parseKey(hex: string, where: string): Buffer {
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw Object.assign(new Error(`the station key in ${where} is not a key`), {
      code: 'STATION_KEY_INVALID',
    });
  }
  return Buffer.from(hex, 'hex');
}

/** The key, or a new one kept first when the folder has none. */
export function readOrCreateKey(store: StationKeyStore): Buffer {
  return store.read() ?? store.create();
}

const derive = (key: Buffer, purpose: string) =>
  Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `interview-station ${purpose}`, 32));

/** The SQLCipher key of the station database. */
export const databaseKeyOf = (stationKey: Buffer) => derive(stationKey, 'database v1');

/** The AES-256-GCM key of the station's media and export files. */
export const filesKeyOf = (stationKey: Buffer) => derive(stationKey, 'files v1');

/**
 * Writes a small file owner-only so that a crash leaves the old content or the new, whole:
 * aside, flushed, renamed over, then the folder flushed. A key must be on disk before
 * anything is encrypted with it.
 */
export function writeFileDurably(file: string, content: string | Buffer): void {
  const aside = `${file}.${process.pid}.new`;
  const fd = openSync(aside, 'w', OWNER_ONLY_FILE);
  try {
    // A leftover aside file keeps its old mode through an open: set it.
    fchmodSync(fd, OWNER_ONLY_FILE);
    writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(aside, file);
  const dir = openSync(path.dirname(file), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}
