import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHUNK_BYTES, sealFile } from '../core/sealed-file';
import { storedFileSize } from '../core/sealed-read';
import { findExport, newExport } from '../review/export-files';
import { promisify } from 'node:util';
import { serveExport, serveMedia } from './file-response';

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

  it('serves a sealed recording by byte ranges, so a player seeks in it as in the plain file', async () => {
    const filesKey = randomBytes(32);
    const plain = path.join(dataDir, 'plain.mp4');
    // A recording as the station writes them: fragmented MP4, a keyframe a second.
    execFileSync('ffmpeg', [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=15', '-t', '20'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '15', '-pix_fmt', 'yuv420p'],
      ...['-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4', plain],
    ]);
    const sealed = path.join(dataDir, 'sealed.mp4');
    writeFileSync(`${sealed}.plain`, readFileSync(plain));
    sealFile(`${sealed}.plain`, sealed, filesKey);
    const size = readFileSync(plain).length;
    expect(size).toBeGreaterThan(3 * CHUNK_BYTES);
    const found = {
      file: sealed,
      mimeType: 'video/mp4',
      size: storedFileSize(sealed, 0, filesKey) ?? 0,
      filesKey,
    };
    server = createServer((req, res) => serveMedia(req, res, found));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

    // A range across a chunk boundary, as a video element asks after a seek.
    const start = CHUNK_BYTES - 100;
    const ranged = await fetch(url, { headers: { Range: `bytes=${start}-${start + 299}` } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes ${start}-${start + 299}/${size}`);
    const bytes = Buffer.from(await ranged.arrayBuffer());
    expect(bytes.equals(readFileSync(plain).subarray(start, start + 300))).toBe(true);

    // ffmpeg seeks to 12.5 s over HTTP (by ranges) and gets the frame it gets from the file.
    const frameAt = async (input: string) =>
      (
        await promisify(execFile)(
          'ffmpeg',
          [
            ...['-v', 'error', '-ss', '12.5', '-i', input, '-frames:v', '1'],
            ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
          ],
          { encoding: 'buffer', maxBuffer: 1 << 24 },
        )
      ).stdout;
    const fromFile = await frameAt(plain);
    expect(fromFile.length).toBe(320 * 240 * 3);
    expect((await frameAt(url)).equals(fromFile)).toBe(true);
  }, 30_000);
});
