import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EXPORT_MAX_AGE_MS,
  findExport,
  newExport,
  pruneExports,
  safeFileName,
  serveExport,
} from './export-files';

describe('export files', () => {
  let dataDir: string;
  let server: Server | undefined;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'exports-'));
  });
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
    server = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds an export by its id alone, and nothing by a path or a made-up id', () => {
    const { id, file } = newExport(dataDir, 'interview-report-Zoë O’Brien-3.pdf');
    writeFileSync(file, '%PDF');
    writeFileSync(path.join(path.dirname(file), '.report.html'), '<p>not served</p>');
    expect(findExport(dataDir, id)).toMatchObject({
      fileName: 'interview-report-Zoe-OBrien-3.pdf',
      mimeType: 'application/pdf',
      size: 4,
    });
    for (const bad of ['../station.sqlite', id.toUpperCase(), `${id}/x`, '0'.repeat(32), '']) {
      expect(findExport(dataDir, bad), bad).toBeNull();
    }
  });

  it('names files without separators or leading dots', () => {
    expect(safeFileName('../../etc/passwd')).toBe('etcpasswd');
    expect(safeFileName('...')).toBe('export');
    expect(safeFileName('a\u0000b\nc.pdf')).toBe('abc.pdf');
  });

  it('removes exports older than an hour and keeps newer ones', () => {
    const old = newExport(dataDir, 'old.pdf');
    writeFileSync(old.file, 'x');
    const fresh = newExport(dataDir, 'fresh.pdf');
    writeFileSync(fresh.file, 'x');
    const now = Date.now();
    const past = (now - EXPORT_MAX_AGE_MS - 60_000) / 1000;
    utimesSync(path.dirname(old.file), past, past);
    expect(pruneExports(dataDir, now)).toBe(1);
    expect(findExport(dataDir, old.id)).toBeNull();
    expect(findExport(dataDir, fresh.id)).not.toBeNull();
  });

  it('serves an export as an attachment, and 404 for none', async () => {
    const { id, file } = newExport(dataDir, 'report.pdf');
    writeFileSync(file, '%PDF-1.4');
    server = createServer((req, res) =>
      serveExport(req, res, findExport(dataDir, (req.url ?? '').slice(1))),
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
});
