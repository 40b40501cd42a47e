import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { safeStorage } from 'electron';
import {
  fileKeyStore,
  parseKey,
  STATION_KEY_BYTES,
  writeFileDurably,
  type StationKeyStore,
} from '../core/station-key';

/** The station key sealed by the OS, in the data folder. */
export const SEALED_KEY_FILE = 'station.key.sealed';

type SafeStorage = Pick<
  typeof safeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString'
>;

/**
 * The Electron kiosk's key store: the station key sealed with safeStorage (the macOS
 * Keychain, Windows DPAPI, libsecret or kwallet on Linux), so the file in the data folder is
 * useless without this user's login on this machine. Where the OS offers no such store, the
 * browser station's key file is used, and `log` says so.
 * https://www.electronjs.org/docs/latest/api/safe-storage
 */
export function safeStorageKeyStore(
  storage: SafeStorage,
  dataDir: string,
  log: (line: string) => void,
): StationKeyStore {
  const file = path.join(dataDir, SEALED_KEY_FILE);
  const fallback = fileKeyStore(dataDir);
  const sealing = () => {
    if (storage.isEncryptionAvailable()) return true;
    log(
      `The OS offers no key store to Electron here; the station key is kept in ${fallback.where}.`,
    );
    return false;
  };
  return {
    get where() {
      return existsSync(file) ? `${file} (sealed by the OS)` : fallback.where;
    },
    read() {
      // A key made before the OS store was available stays where it is.
      if (!existsSync(file)) return fallback.read();
      return parseKey(storage.decryptString(readFileSync(file)), file);
    },
    create() {
      if (!sealing()) return fallback.create();
      const key = randomBytes(STATION_KEY_BYTES);
      writeFileDurably(file, storage.encryptString(key.toString('hex')));
      return key;
    },
  };
}
