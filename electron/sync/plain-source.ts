/**
 * A stored media file as tus-js-client reads it: the PLAIN bytes of the range it asks for,
 * decrypted chunk by chunk from a sealed file (core/sealed-read.ts) or read from a plain one,
 * so an upload resumed at any offset reads from that offset and nothing decrypted touches the
 * disk. Reads are paced to the bandwidth limit, and both reading and hashing to the CPU
 * limit. Hashing streams the same plain bytes.
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

/** Rests after work so that work takes at most a share of one core over time. */
export interface CpuGovernor {
  /** Called after `busyMs` of work; waits as long as the share asks. */
  rest(busyMs: number): Promise<void>;
}

/**
 * A CPU limit in percent of one core (0 or 100: none): after `busy` ms of work it rests
 * `busy × (100 / percent − 1)` ms, so decrypting and hashing a large recording never takes
 * more of the machine than an admin allows, whatever the disk and network could do.
 */
export function createCpuGovernor(
  percent: () => number,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): CpuGovernor {
  let owed = 0;
  return {
    async rest(busyMs) {
      const share = percent();
      if (share <= 0 || share >= 100) return;
      owed += busyMs * (100 / share - 1);
      // Rests come in whole milliseconds of at least 5: a timer cannot wait less precisely.
      if (owed < 5) return;
      const wait = Math.round(owed);
      owed = 0;
      await sleep(wait);
    },
  };
}

const NO_LIMIT: CpuGovernor = { rest: () => Promise.resolve() };
const elapsedMs = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e6;

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
  cpu: CpuGovernor = NO_LIMIT,
): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  // The reading and decrypting of each part counts as work too, not only the hashing.
  let since = process.hrtime.bigint();
  for await (const part of readStoredFile(file, filesKey)) {
    hash.update(part as Buffer);
    size += (part as Buffer).length;
    await cpu.rest(elapsedMs(since));
    since = process.hrtime.bigint();
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
  cpu: CpuGovernor = NO_LIMIT,
) {
  return {
    openFile: () =>
      Promise.resolve({
        size,
        async slice(start: number, end: number) {
          const stop = Math.min(end, size);
          const started = process.hrtime.bigint();
          const value = await readRange(file, filesKey, start, stop);
          await cpu.rest(elapsedMs(started));
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
