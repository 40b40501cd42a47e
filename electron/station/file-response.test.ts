import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sealFile } from '../core/sealed-file';
import { findExport, newExport } from '../review/export-files';
import { serveExport } from './file-response';

describe('file responses', () => {
  let dataDir: string;
  let server: Server | undefined;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'exports-'));
  });
  afterEach(async () => {
    // Kept-alive connections would hold close() for seconds.
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
    server = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves an export as an attachment, and 404 for none', async () => {
    const { id, file } = newExport(dataDir, 'report.pdf');
    writeFileSync(file, '%PDF-1.4');
    server = createServer((req, res) =>
      serveExport(req, res, findExport(dataDir, (req.url ?? '').slice(1), Date.now())),
    );
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const found = await fetch(`${base}/${id}`);
    expect(found.status).toBe(200);
    expect(found.headers.get('content-disposition')).toBe('attachment; filename="report.pdf"');
    expect(found.headers.get('content-type')).toBe('application/pdf');
    expect(await found.text()).toBe('%PDF-1.4');
    expect((await fetch(`${base}/${'f'.repeat(32)}`)).status).toBe(404);
    expect((await fetch(`${base}/${id}`, { method: 'POST' })).status).toBe(405);
  });

  it('serves a sealed export decrypted, with the size of its content', async () => {
    const filesKey = randomBytes(32);
    const { id, file } = newExport(dataDir, 'report.pdf');
    const content = `%PDF-1.4 ${'Ada Lovelace '.repeat(20_000)}`;
    writeFileSync(`${file}.printed`, content);
    sealFile(`${file}.printed`, file, filesKey);
    expect(readFileSync(file).includes('Ada Lovelace')).toBe(false);
    server = createServer((req, res) =>
      serveExport(
        req,
        res,
        findExport(dataDir, (req.url ?? '').slice(1), Date.now(), undefined, filesKey),
      ),
    );
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const found = await fetch(`${base}/${id}`);
    expect(found.status).toBe(200);
    expect(found.headers.get('content-length')).toBe(String(content.length));
    expect(await found.text()).toBe(content);
  });
});
