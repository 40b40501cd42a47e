import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buffer, text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CHUNK_BYTES,
  HEADER_BYTES,
  isSealedFile,
  sealedPlainSize,
  SealedFileWriter,
  sealFile,
  TAG_BYTES,
} from './sealed-file';
import { readStoredFile, storedFileSize } from './sealed-read';

describe('sealed files (AES-256-GCM in 64 KiB chunks)', () => {
  let dir: string;
  const key = randomBytes(32);
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sealed-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Seals `plain` written in uneven pieces, as a pipe delivers them. */
  function sealed(plain: Buffer, name = 'file.bin'): string {
    const file = path.join(dir, name);
    const writer = new SealedFileWriter(file, key);
    for (let at = 0, step = 1; at < plain.length; at += step, step = (step * 7) % 100_003) {
      writer.write(plain.subarray(at, at + step));
    }
    writer.end();
    return file;
  }

  it.each([0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 5 * CHUNK_BYTES + 123])(
    'reads back %i bytes whole, with the size they had',
    async (size) => {
      const plain = randomBytes(size);
      const file = sealed(plain);
      expect(isSealedFile(file)).toBe(true);
      expect(sealedPlainSize(file, key)).toBe(size);
      expect(readFileSync(file).length).toBe(
        HEADER_BYTES + size + Math.ceil(size / CHUNK_BYTES) * TAG_BYTES,
      );
      expect((await buffer(readStoredFile(file, key))).equals(plain)).toBe(true);
    },
  );

  it('reads any byte range, within a chunk or across chunk boundaries, as the plain bytes', async () => {
    const plain = randomBytes(40 * CHUNK_BYTES + 777);
    const file = sealed(plain);
    const ranges = [
      [0, 0],
      [5, 17],
      [CHUNK_BYTES - 3, CHUNK_BYTES + 2],
      [3 * CHUNK_BYTES, 3 * CHUNK_BYTES],
      [CHUNK_BYTES + 1, 35 * CHUNK_BYTES + 9],
      [plain.length - 10, plain.length - 1],
    ];
    for (const [start = 0, end = 0] of ranges) {
      const read = await buffer(readStoredFile(file, key, { start, end }));
      expect(read.equals(plain.subarray(start, end + 1)), `${start}-${end}`).toBe(true);
    }
  });

  it('shows nothing of the plaintext on disk, and refuses a file altered anywhere', async () => {
    const plain = Buffer.from('Ada Lovelace answered the question about the loader. '.repeat(5000));
    const file = sealed(plain);
    const disk = readFileSync(file);
    expect(disk.includes('Ada Lovelace')).toBe(false);
    for (const at of [12, 20, HEADER_BYTES + 5, HEADER_BYTES + CHUNK_BYTES + 3]) {
      const altered = Buffer.from(disk);
      altered[at] = (altered[at] ?? 0) ^ 1;
      writeFileSync(file, altered);
      await expect(buffer(readStoredFile(file, key)), `byte ${at}`).rejects.toThrow();
    }
    writeFileSync(file, disk);
    await expect(buffer(readStoredFile(file, randomBytes(32)))).rejects.toThrow();
  });

  it('loses at most the last chunk when the writer was killed mid-write', async () => {
    const plain = randomBytes(3 * CHUNK_BYTES + 500);
    const file = sealed(plain);
    // A torn last write: half of the fourth chunk reached the disk.
    truncateSync(file, HEADER_BYTES + 3 * (CHUNK_BYTES + TAG_BYTES) + 200);
    expect(sealedPlainSize(file, key)).toBe(3 * CHUNK_BYTES);
    expect(
      (await buffer(readStoredFile(file, key))).equals(plain.subarray(0, 3 * CHUNK_BYTES)),
    ).toBe(true);
  });

  it('seals a file another program wrote, and still reads files from before encryption', async () => {
    const printed = path.join(dir, '.report.pdf');
    writeFileSync(printed, '%PDF-1.4 Ada Lovelace');
    const target = path.join(dir, 'report.pdf');
    expect(sealFile(printed, target, key)).toBe(21);
    expect(() => readFileSync(printed)).toThrow(/ENOENT/);
    expect(await text(readStoredFile(target, key))).toBe('%PDF-1.4 Ada Lovelace');

    const old = path.join(dir, 'old.pdf');
    writeFileSync(old, '%PDF-1.4 from before');
    expect(isSealedFile(old)).toBe(false);
    expect(storedFileSize(old, 20, key)).toBe(20);
    expect(await text(readStoredFile(old, null, { start: 9, end: 12 }))).toBe('from');
    // A sealed file with no key (the station's key is gone) has no size to serve.
    expect(storedFileSize(target, 0, null)).toBeNull();
  });
});
