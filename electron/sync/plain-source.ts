/**
 * A stored media file as tus-js-client reads it: the PLAIN bytes of the range it asks for,
 * decrypted chunk by chunk from a sealed file (core/sealed-read.ts) or read from a plain one,
 * so an upload resumed at any offset reads from that offset and nothing decrypted touches the
 * disk. Reads are paced to the bandwidth limit. Hashing streams the same plain bytes.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { readStoredFile, storedFileSize } from '../core/sealed-read';

export interface Pacer {
  /** Waits until `bytes` more may go at the limit. */
  take(bytes: number): Promise<void>;
}

/** A byte-rate limit (0: none): the average over time stays at or under it. */
export function createPacer(bytesPerSecond: () => number): Pacer {
  let freeAt = 0;
  return {
    async take(bytes) {
      const rate = bytesPerSecond();
      if (rate <= 0) return;
      const now = Date.now();
      freeAt = Math.max(freeAt, now) + (bytes * 1000) / rate;
      const wait = freeAt - now - (bytes * 1000) / rate;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    },
  };
}

async function readRange(
  file: string,
  filesKey: Buffer | null,
  start: number,
  end: number,
): Promise<Buffer> {
  if (end <= start) return Buffer.alloc(0);
  const parts: Buffer[] = [];
  for await (const part of readStoredFile(file, filesKey, { start, end: end - 1 })) {
    parts.push(part as Buffer);
  }
  return Buffer.concat(parts);
}

/** The plain size of a stored file, sealed or not. */
export function plainSizeOf(file: string, filesKey: Buffer | null): number {
  const size = storedFileSize(file, statSync(file).size, filesKey);
  if (size === null) throw new Error('a sealed file cannot be read without the station key');
  return size;
}

/** SHA-256 (hex) and size of a stored file's plain content. */
export async function hashStoredFile(
  file: string,
  filesKey: Buffer | null,
): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const part of readStoredFile(file, filesKey)) {
    hash.update(part as Buffer);
    size += (part as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** tus-js-client's fileReader for one stored file (the `input` tus passes is ignored). */
export function plainFileReader(
  file: string,
  filesKey: Buffer | null,
  size: number,
  pacer: Pacer,
  /** True once the upload was stopped: no further slice is handed to tus. */
  stopped: () => boolean = () => false,
) {
  return {
    openFile: () =>
      Promise.resolve({
        size,
        async slice(start: number, end: number) {
          const stop = Math.min(end, size);
          const value = await readRange(file, filesKey, start, stop);
          await pacer.take(value.length);
          // tus-js-client may ask for (and send) the next chunk after an abort; not one byte more.
          if (stopped()) throw new Error('stopped');
          // The Node HTTP stack reads `size` for Content-Length.
          Object.assign(value, { size: value.length });
          return { value, done: stop >= size };
        },
        close() {},
      }),
  };
}
