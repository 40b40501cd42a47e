import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, resolveStaticFile } from './static-files';

const root = path.resolve('/srv/renderer');

describe('resolveStaticFile', () => {
  it('serves index.html for the root and files inside the folder', () => {
    expect(resolveStaticFile(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticFile(root, '/assets/app.js?v=1')).toBe(path.join(root, 'assets/app.js'));
  });

  it.each([
    '/../secret.txt',
    '/assets/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/..%2fstation.sqlite',
    '/assets\\..\\..\\x',
    '/a%00.js',
    '/%E0%A4%A',
  ])('refuses %s', (urlPath) => {
    expect(resolveStaticFile(root, urlPath)).toBeNull();
  });

  it('keeps absolute-looking paths inside the folder', () => {
    expect(resolveStaticFile(root, '//etc/passwd')).toBe(path.join(root, 'etc/passwd'));
  });
});

describe('contentTypeFor', () => {
  it('knows the renderer file types and defaults to binary', () => {
    expect(contentTypeFor('a/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('x.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('x.bin')).toBe('application/octet-stream');
  });
});
