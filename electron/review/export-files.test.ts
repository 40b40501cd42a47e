import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EXPORT_MAX_AGE_MS,
  findExport,
  newExport,
  pruneExports,
  safeFileName,
} from './export-files';

describe('export files', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'exports-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds an export by its id alone, and nothing by a path or a made-up id', () => {
    const { id, file } = newExport(dataDir, 'interview-report-Zoë O’Brien-3.pdf');
    writeFileSync(file, '%PDF');
    writeFileSync(path.join(path.dirname(file), '.report.html'), '<p>not served</p>');
    expect(findExport(dataDir, id, Date.now())).toMatchObject({
      fileName: 'interview-report-Zoe-OBrien-3.pdf',
      mimeType: 'application/pdf',
      size: 4,
    });
    for (const bad of ['../station.sqlite', id.toUpperCase(), `${id}/x`, '0'.repeat(32), '']) {
      expect(findExport(dataDir, bad, Date.now()), bad).toBeNull();
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
    expect(findExport(dataDir, old.id, Date.now())).toBeNull();
    expect(findExport(dataDir, fresh.id, Date.now())).not.toBeNull();
  });

  it('never serves an export past its age, and removes it when asked for', () => {
    const old = newExport(dataDir, 'old.pdf');
    writeFileSync(old.file, 'x');
    const now = Date.now();
    expect(findExport(dataDir, old.id, now + EXPORT_MAX_AGE_MS - 60_000)).not.toBeNull();
    expect(findExport(dataDir, old.id, now + EXPORT_MAX_AGE_MS + 60_000)).toBeNull();
    expect(existsSync(path.dirname(old.file))).toBe(false);
  });
});
