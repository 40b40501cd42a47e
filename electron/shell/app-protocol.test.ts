import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  createAppProtocolHandler,
  handleAppProtocol,
  registerAppScheme,
  resolveRendererPath,
} from './app-protocol';

const SECRET = 'station database key';
let base: string;
let rendererDir: string;

beforeAll(() => {
  // A real folder laid out like out/, with files next to the renderer that must stay private.
  base = mkdtempSync(path.join(tmpdir(), 'app-protocol-'));
  rendererDir = path.join(base, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Station</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(path.join(rendererDir, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(path.join(rendererDir, 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(path.join(rendererDir, 'assets', 'face mesh.png'), 'png');
  writeFileSync(path.join(base, 'secret.txt'), SECRET);
  mkdirSync(path.join(base, 'renderer-old'));
  writeFileSync(path.join(base, 'renderer-old', 'secret.txt'), SECRET);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

// Decoded, these leave the folder: they must be refused outright.
const REFUSED = [
  'app://station/..%2fsecret.txt',
  'app://station/assets/..%2f..%2fsecret.txt',
  'app://station/%2e%2e%2fsecret.txt',
  'app://station/..%5csecret.txt',
  'app://station/assets\\..\\..\\secret.txt',
  'app://station/C:%5cWindows%5cwin.ini',
  'app://station/index.html%00.png',
  'app://station/..%2frenderer-old%2fsecret.txt',
  'app://station/%E0%A4%A',
];
// The URL parser folds these (`..` and `%2e%2e` segments, absolute-looking paths) so they
// land inside the folder, where no such file exists.
const FOLDED = [
  'app://station/../secret.txt',
  'app://station/%2e%2e/secret.txt',
  'app://station/%2E%2E/%2e%2e/secret.txt',
  'app://station/%2fetc%2fpasswd',
  'app://station//etc/passwd',
];
const ESCAPES = [...REFUSED, ...FOLDED];

describe('resolveRendererPath', () => {
  it('maps app:// URLs to files inside the renderer folder', () => {
    expect(resolveRendererPath(rendererDir, 'app://station/index.html')).toBe(
      path.join(rendererDir, 'index.html'),
    );
    expect(resolveRendererPath(rendererDir, 'app://station/')).toBe(
      path.join(rendererDir, 'index.html'),
    );
    expect(resolveRendererPath(rendererDir, 'app://station/assets/index-abc.js?v=2#x')).toBe(
      path.join(rendererDir, 'assets', 'index-abc.js'),
    );
    expect(resolveRendererPath(rendererDir, 'app://station/assets/face%20mesh.png')).toBe(
      path.join(rendererDir, 'assets', 'face mesh.png'),
    );
  });

  it.each(REFUSED)('refuses %s', (url) => {
    expect(resolveRendererPath(rendererDir, url)).toBeNull();
  });

  it.each(FOLDED)('keeps %s inside the renderer folder', (url) => {
    const resolved = resolveRendererPath(rendererDir, url);
    expect(resolved).not.toBeNull();
    expect(path.relative(rendererDir, resolved ?? '').startsWith('..')).toBe(false);
  });

  it('refuses other schemes and hosts', () => {
    expect(resolveRendererPath(rendererDir, 'file:///etc/passwd')).toBeNull();
    expect(resolveRendererPath(rendererDir, 'app://elsewhere/index.html')).toBeNull();
    expect(resolveRendererPath(rendererDir, 'not a url')).toBeNull();
  });
});

describe('app:// handler', () => {
  const get = (url: string, method = 'GET') =>
    createAppProtocolHandler(rendererDir)(new Request(url, { method }));

  it('serves the entry page with its content type and the CSP', async () => {
    const response = await get(APP_ENTRY_URL);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Station</title>');
  });

  it.each([
    ['app://station/assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['app://station/assets/index-abc.css', 'text/css; charset=utf-8'],
    ['app://station/assets/logo.svg', 'image/svg+xml'],
    ['app://station/assets/face%20mesh.png', 'image/png'],
  ])('serves %s as %s', async (url, type) => {
    const response = await get(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
  });

  it.each(ESCAPES)('answers 404 without leaking anything for %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(SECRET);
  });

  it('answers 404 for unknown files and for folders', async () => {
    expect((await get('app://station/missing.js')).status).toBe(404);
    expect((await get('app://station/assets')).status).toBe(404);
  });

  it('answers HEAD without a body and refuses writes', async () => {
    const head = await get(APP_ENTRY_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get(APP_ENTRY_URL, 'POST')).status).toBe(405);
  });
});

describe('registration', () => {
  it('registers app:// as a standard secure scheme and handles it', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
    registerAppScheme(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true, bypassCSP: false }),
      }),
    ]);
    handleAppProtocol(protocol, rendererDir);
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });
});
