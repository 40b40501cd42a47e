import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSealedFile } from '../core/sealed-file';
import { filesKeyOf } from '../core/station-key';
import {
  createGeminiKeyStore,
  GEMINI_KEY_FILE,
  managedGeminiBaseUrl,
  managedGeminiConfig,
} from './gemini-key-store';

const KEY = 'AIzaSyTESTKEY0123456789abcdefghijklmnop';

describe('Gemini key store', () => {
  let dir: string;
  let lines: string[];
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gemini-key-'));
    lines = [];
  });
  afterEach(() => {
    for (const line of lines) expect(line).not.toContain(KEY);
  });
  const log = (line: string) => lines.push(line);
  const filesKey = filesKeyOf(Buffer.alloc(32, 7));

  it('keeps the key sealed with the files key, owner-only, and the status never holds it', () => {
    const store = createGeminiKeyStore({ dataDir: dir, filesKey, log });
    expect(store.status()).toEqual({
      configured: false,
      model: 'gemini-2.5-flash',
      managed: false,
      storable: true,
    });
    store.set({ apiKey: KEY, model: 'gemini-2.5-pro' });

    const file = path.join(dir, GEMINI_KEY_FILE);
    expect(isSealedFile(file)).toBe(true);
    expect(readFileSync(file).toString('latin1')).not.toContain(KEY);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.stringify(store.status())).not.toContain(KEY);
    expect(store.status()).toMatchObject({ configured: true, model: 'gemini-2.5-pro' });
    // A new start reads it back with the same files key, and not with another.
    expect(createGeminiKeyStore({ dataDir: dir, filesKey, log }).read()).toEqual({
      apiKey: KEY,
      model: 'gemini-2.5-pro',
    });
    const other = createGeminiKeyStore({
      dataDir: dir,
      filesKey: filesKeyOf(Buffer.alloc(32)),
      log,
    });
    expect(other.read()).toBeNull();
    expect(other.status().configured).toBe(false);
    expect(lines.filter((l) => l.includes('cannot be read'))).toHaveLength(1);

    store.clear();
    expect(store.read()).toBeNull();
  });

  it('keeps the key in an owner-only file on a station without a key', () => {
    const store = createGeminiKeyStore({ dataDir: dir, filesKey: null, log });
    store.set({ apiKey: KEY, model: 'gemini-2.5-flash' });
    const file = path.join(dir, GEMINI_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(store.read()?.apiKey).toBe(KEY);
  });

  it('takes IT’s key from the environment, which the screens cannot change', () => {
    expect(managedGeminiConfig({}, log)).toBeNull();
    expect(managedGeminiConfig({ GEMINI_API_KEY: 'has spaces in it, not a key' }, log)).toBeNull();
    expect(lines.at(-1)).toMatch(/GEMINI_API_KEY or GEMINI_MODEL is not in the expected form/);
    const managed = managedGeminiConfig(
      { GEMINI_API_KEY: KEY, GEMINI_MODEL: 'gemini-2.5-flash-lite' },
      log,
    );
    const store = createGeminiKeyStore({ dataDir: dir, filesKey, managed, log });
    expect(store.status()).toEqual({
      configured: true,
      model: 'gemini-2.5-flash-lite',
      managed: true,
      storable: false,
    });
    expect(() => store.set({ apiKey: KEY, model: 'gemini-2.5-pro' })).toThrow(
      /IT set the Gemini key/,
    );
    expect(() => store.clear()).toThrow(/IT set the Gemini key/);
  });
});

describe("IT's Gemini address", () => {
  it('takes https anywhere and http only to this machine, saying why otherwise', () => {
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    expect(managedGeminiBaseUrl({}, log)).toBeUndefined();
    expect(managedGeminiBaseUrl({ GEMINI_BASE_URL: 'https://proxy.example/gemini/' }, log)).toBe(
      'https://proxy.example/gemini',
    );
    expect(managedGeminiBaseUrl({ GEMINI_BASE_URL: 'http://127.0.0.1:4010' }, log)).toBe(
      'http://127.0.0.1:4010',
    );
    expect(managedGeminiBaseUrl({ GEMINI_BASE_URL: 'http://proxy.example' }, log)).toBeUndefined();
    expect(managedGeminiBaseUrl({ GEMINI_BASE_URL: 'not a url' }, log)).toBeUndefined();
    expect(lines).toHaveLength(2);
    expect(lines.join(' ')).toMatch(/https/);
  });
});
