import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileKeyStore, KEY_FILE } from '../core/station-key';
import { SEALED_KEY_FILE, safeStorageKeyStore } from './safe-storage-key';

// Electron cannot run here: safeStorage is faked at this one boundary, sealing with a fixed
// XOR pad a test can tell apart from the plain hex (the OS's real sealing is its own).
function fakeSafeStorage(available = true) {
  const pad = (data: Buffer) => Buffer.from(data.map((byte) => byte ^ 0x5a));
  return {
    isEncryptionAvailable: () => available,
    encryptString: (text: string) => pad(Buffer.from(`sealed:${text}`)),
    decryptString: (sealed: Buffer) => {
      const text = pad(sealed).toString();
      if (!text.startsWith('sealed:')) throw new Error('Error while decrypting the ciphertext');
      return text.slice('sealed:'.length);
    },
  };
}

describe('the station key kept by Electron safeStorage', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const freshDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'safe-storage-key-'));
    dirs.push(dir);
    return dir;
  };

  it('keeps the key sealed by the OS, never in the clear, and reads it back', () => {
    const dataDir = freshDir();
    const store = safeStorageKeyStore(fakeSafeStorage(), dataDir, () => {});
    expect(store.read()).toBeNull();
    const key = store.create();
    const sealed = readFileSync(path.join(dataDir, SEALED_KEY_FILE));
    expect(sealed.includes(key.toString('hex'))).toBe(false);
    expect(existsSync(path.join(dataDir, KEY_FILE))).toBe(false);
    expect(safeStorageKeyStore(fakeSafeStorage(), dataDir, () => {}).read()).toEqual(key);
  });

  it('falls back to the key file, saying so, where the OS has no key store', () => {
    const dataDir = freshDir();
    const lines: string[] = [];
    const key = safeStorageKeyStore(fakeSafeStorage(false), dataDir, (l) => lines.push(l)).create();
    expect(lines.join('\n')).toMatch(/no key store/);
    expect(lines.join('\n')).not.toContain(key.toString('hex'));
    expect(fileKeyStore(dataDir).read()).toEqual(key);
    // Once the OS store is there, the key already made is still found where it is.
    expect(safeStorageKeyStore(fakeSafeStorage(), dataDir, () => {}).read()).toEqual(key);
  });

  it('fails loudly when the OS cannot unseal the key (another user or machine)', () => {
    const dataDir = freshDir();
    safeStorageKeyStore(fakeSafeStorage(), dataDir, () => {}).create();
    const other = {
      ...fakeSafeStorage(),
      decryptString: () => {
        throw new Error(
          'Error while decrypting the ciphertext provided to safeStorage.decryptString.',
        );
      },
    };
    expect(() => safeStorageKeyStore(other, dataDir, () => {}).read()).toThrow(/decrypting/);
  });
});
