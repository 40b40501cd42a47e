/**
 * Reading sealed files (sealed-file.ts) as streams of plaintext, whole or by byte range: only
 * the chunks covering the range are read and decrypted, so video seeks as it does in a plain
 * file. Files from before encryption (no sealed header) read as they are.
 */
import { closeSync, createReadStream, openSync, readFileSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import {
  HEADER_BYTES,
  isSealedFile,
  openChunk,
  sealedLayout,
  sealedPlainSize,
  TAG_BYTES,
} from './sealed-file';

/** Chunks read from disk in one go: 1 MiB with the default chunk size. */
const CHUNKS_PER_READ = 16;

/** Inclusive byte offsets of the plaintext. */
export interface PlainRange {
  start: number;
  end: number;
}

async function* sealedChunks(
  file: string,
  filesKey: Buffer,
  range: PlainRange | undefined,
): AsyncGenerator<Buffer> {
  const handle = await open(file, 'r');
  try {
    const layout = sealedLayout(handle.fd, filesKey);
    const { chunkBytes, chunks, header, key } = layout;
    if (layout.plainSize === 0) return;
    const start = range?.start ?? 0;
    const end = Math.min(range?.end ?? layout.plainSize - 1, layout.plainSize - 1);
    if (start > end) return;
    const stride = chunkBytes + TAG_BYTES;
    const last = Math.min(Math.floor(end / chunkBytes), chunks - 1);
    for (let first = Math.floor(start / chunkBytes); first <= last; first += CHUNKS_PER_READ) {
      const count = Math.min(CHUNKS_PER_READ, last - first + 1);
      const buffer = Buffer.alloc(count * stride);
      const { bytesRead } = await handle.read(
        buffer,
        0,
        buffer.length,
        HEADER_BYTES + first * stride,
      );
      for (let i = 0; i < count; i++) {
        const index = first + i;
        const sealed = buffer.subarray(i * stride, Math.min((i + 1) * stride, bytesRead));
        const plain = openChunk(key, header, index, sealed);
        const from = index * chunkBytes;
        const slice = plain.subarray(
          Math.max(0, start - from),
          Math.min(plain.length, end - from + 1),
        );
        if (slice.length > 0) yield slice;
      }
    }
  } finally {
    await handle.close();
  }
}

/** A file's plaintext (or a range of it) as a stream, sealed or not. */
export function readStoredFile(
  file: string,
  filesKey: Buffer | null,
  range?: PlainRange,
): Readable {
  if (!isSealedFile(file)) return createReadStream(file, range);
  if (!filesKey) throw new Error('a sealed file cannot be read without the station key');
  return Readable.from(sealedChunks(file, filesKey, range));
}

/**
 * The plaintext size of a stored file: a sealed file's, or a plain file's own. A sealed file
 * without a key (the station's key is gone) cannot be read: null.
 */
export function storedFileSize(file: string, size: number, filesKey: Buffer | null): number | null {
  if (!isSealedFile(file)) return size;
  if (!filesKey) return null;
  try {
    return sealedPlainSize(file, filesKey);
  } catch {
    return null;
  }
}

/** A small stored file's whole content (a thumbnail), sealed or not. */
export function readStoredFileSync(file: string, filesKey: Buffer | null): Buffer {
  if (!isSealedFile(file)) return readFileSync(file);
  if (!filesKey) throw new Error('a sealed file cannot be read without the station key');
  const fd = openSync(file, 'r');
  try {
    const { header, key, chunkBytes, chunks, plainSize } = sealedLayout(fd, filesKey);
    const stride = chunkBytes + TAG_BYTES;
    const plain = Buffer.alloc(plainSize);
    for (let index = 0; index < chunks; index++) {
      const sealed = Buffer.alloc(Math.min(stride, plainSize - index * chunkBytes + TAG_BYTES));
      readSync(fd, sealed, 0, sealed.length, HEADER_BYTES + index * stride);
      openChunk(key, header, index, sealed).copy(plain, index * chunkBytes);
    }
    return plain;
  } finally {
    closeSync(fd);
  }
}

/** The first `bytes` of a stored file's plaintext (fewer if it is shorter), sealed or not. */
export function readStoredHeadSync(file: string, filesKey: Buffer | null, bytes: number): Buffer {
  const sealed = isSealedFile(file);
  if (sealed && !filesKey) throw new Error('a sealed file cannot be read without the station key');
  const fd = openSync(file, 'r');
  try {
    if (!sealed || !filesKey) {
      const head = Buffer.alloc(bytes);
      return head.subarray(0, readSync(fd, head, 0, bytes, 0));
    }
    const { header, key, chunkBytes, chunks, plainSize } = sealedLayout(fd, filesKey);
    const stride = chunkBytes + TAG_BYTES;
    const want = Math.min(bytes, plainSize);
    const parts: Buffer[] = [];
    for (let index = 0; index * chunkBytes < want && index < chunks; index++) {
      const sealedChunk = Buffer.alloc(
        Math.min(stride, plainSize - index * chunkBytes + TAG_BYTES),
      );
      readSync(fd, sealedChunk, 0, sealedChunk.length, HEADER_BYTES + index * stride);
      parts.push(openChunk(key, header, index, sealedChunk));
    }
    return Buffer.concat(parts).subarray(0, want);
  } finally {
    closeSync(fd);
  }
}
