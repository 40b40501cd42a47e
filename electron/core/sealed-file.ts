/**
 * Files encrypted at rest (exports now; recordings later) in chunks, so a byte range can be
 * read without decrypting the whole file and a writer that dies loses at most the chunk it
 * was filling. AES-256-GCM, one 64 KiB chunk at a time:
 *
 *   header (32 bytes): "ISSEALv1" | chunk size (u32 LE) | 0 (u32) | file salt (16 random bytes)
 *   chunk i: AES-256-GCM(ciphertext of up to `chunk size` bytes) | tag (16 bytes)
 *
 * Each file has its own key, HKDF(files key, salt = the file salt), so chunk nonces (the chunk
 * index, 96 bits big-endian) never repeat under one key; the header is the additional data of
 * every chunk, so it cannot be changed either. A chunk can be neither altered nor moved.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, openSync, readSync, rmSync, writeSync } from 'node:fs';

export const SEALED_MAGIC = Buffer.from('ISSEALv1', 'latin1');
export const HEADER_BYTES = 32;
export const TAG_BYTES = 16;
export const CHUNK_BYTES = 64 * 1024;

/** A sealed file's own key and header, from the files key and the header's salt. */
function fileKey(filesKey: Buffer, header: Buffer): Buffer {
  const salt = header.subarray(16, 32);
  return Buffer.from(hkdfSync('sha256', filesKey, salt, 'interview-station chunk v1', 32));
}

function nonce(index: number): Buffer {
  const iv = Buffer.alloc(12);
  iv.writeUInt32BE(Math.floor(index / 2 ** 32), 4);
  iv.writeUInt32BE(index % 2 ** 32, 8);
  return iv;
}

function newHeader(chunkBytes: number): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  SEALED_MAGIC.copy(header, 0);
  header.writeUInt32LE(chunkBytes, 8);
  randomBytes(16).copy(header, 16);
  return header;
}

/** Encrypts one chunk: its ciphertext followed by its tag. */
export function sealChunk(key: Buffer, header: Buffer, index: number, plain: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonce(index));
  cipher.setAAD(header);
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

/** Decrypts one chunk; throws when it was altered, moved, or cut short. */
export function openChunk(key: Buffer, header: Buffer, index: number, sealed: Buffer): Buffer {
  if (sealed.length < TAG_BYTES) throw new Error(`sealed chunk ${index} is cut short`);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce(index));
  decipher.setAAD(header);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([
    decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
    decipher.final(),
  ]);
}

/** How a station stores files: the key sealed ones are read with, and whether new ones are. */
export interface FileSealing {
  /** The files key (core/station-key.ts), when the data folder has a station key. */
  filesKey: Buffer | null;
  /** Encryption at rest is on: new files are sealed. */
  sealNew: boolean;
}

export const NO_SEALING: FileSealing = { filesKey: null, sealNew: false };

/** Whether a file starts as a sealed file does (else it is a plain file from before). */
export function isSealedFile(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(SEALED_MAGIC.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(SEALED_MAGIC);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a sealed file as bytes come: whole chunks go to disk as they fill (one write each),
 * the last, shorter one at `end()`. Synchronous, for a writer off the hot path or in a worker.
 */
export class SealedFileWriter {
  private readonly fd: number;
  private readonly header: Buffer;
  private readonly key: Buffer;
  private readonly pending: Buffer;
  private filled = 0;
  private index = 0;
  private position = HEADER_BYTES;

  constructor(
    file: string,
    filesKey: Buffer,
    private readonly chunkBytes = CHUNK_BYTES,
  ) {
    this.header = newHeader(chunkBytes);
    this.key = fileKey(filesKey, this.header);
    this.pending = Buffer.alloc(chunkBytes);
    this.fd = openSync(file, 'wx', 0o600);
    writeAll(this.fd, this.header, 0);
  }

  /** Bytes written since the last whole chunk went to disk (what a crash now would lose). */
  get pendingBytes(): number {
    return this.filled;
  }

  /** Plaintext bytes per chunk. */
  get chunkSize(): number {
    return this.chunkBytes;
  }

  write(data: Buffer): void {
    let offset = 0;
    while (offset < data.length) {
      const taken = data.copy(this.pending, this.filled, offset);
      this.filled += taken;
      offset += taken;
      if (this.filled === this.chunkBytes) this.flushChunk();
    }
  }

  /** Writes the last chunk, flushes the file to disk and closes it. */
  end(): void {
    try {
      if (this.filled > 0) this.flushChunk();
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
    }
  }

  private flushChunk(): void {
    const sealed = sealChunk(
      this.key,
      this.header,
      this.index,
      this.pending.subarray(0, this.filled),
    );
    writeAll(this.fd, sealed, this.position);
    this.position += sealed.length;
    this.index += 1;
    this.filled = 0;
  }
}

/** Writes all of `data` at `position`: a disk filling up may take part of it and then throw. */
function writeAll(fd: number, data: Buffer, position: number): void {
  for (let done = 0; done < data.length;) {
    done += writeSync(fd, data, done, data.length - done, position + done);
  }
}

/** A sealed file opened for reading: its plaintext size and where each chunk is. */
export interface SealedLayout {
  header: Buffer;
  key: Buffer;
  chunkBytes: number;
  /** Chunks that decrypt; a last chunk torn by a crash is not counted. */
  chunks: number;
  plainSize: number;
}

/**
 * Reads a sealed file's header and checks its last chunk: a writer killed mid-write may have
 * left it torn, and then the file ends with the chunk before (what a crash may cost).
 */
export function sealedLayout(fd: number, filesKey: Buffer): SealedLayout {
  const header = Buffer.alloc(HEADER_BYTES);
  if (
    readSync(fd, header, 0, HEADER_BYTES, 0) !== HEADER_BYTES ||
    !header.subarray(0, 8).equals(SEALED_MAGIC)
  ) {
    throw new Error('not a sealed file');
  }
  const chunkBytes = header.readUInt32LE(8);
  if (chunkBytes < 1024 || chunkBytes > 16 * 1024 * 1024) throw new Error('not a sealed file');
  const key = fileKey(filesKey, header);
  const body = fstatSync(fd).size - HEADER_BYTES;
  const stride = chunkBytes + TAG_BYTES;
  let chunks = Math.ceil(body / stride);
  let lastPlain = body - (chunks - 1) * stride - TAG_BYTES;
  if (chunks > 0) {
    const last = Buffer.alloc(Math.max(0, lastPlain) + TAG_BYTES);
    const read = readSync(fd, last, 0, last.length, HEADER_BYTES + (chunks - 1) * stride);
    try {
      openChunk(key, header, chunks - 1, last.subarray(0, read));
    } catch {
      chunks -= 1;
      lastPlain = chunkBytes;
    }
  }
  const plainSize = chunks === 0 ? 0 : (chunks - 1) * chunkBytes + lastPlain;
  return { header, key, chunkBytes, chunks, plainSize };
}

/** The plaintext size of a sealed file. */
export function sealedPlainSize(file: string, filesKey: Buffer): number {
  const fd = openSync(file, 'r');
  try {
    return sealedLayout(fd, filesKey).plainSize;
  } finally {
    closeSync(fd);
  }
}

/**
 * Seals a plain file into `target` (which must not exist), then removes the plain one; returns
 * the plaintext size. For a file another program wrote (a printed PDF).
 */
export function sealFile(source: string, target: string, filesKey: Buffer): number {
  const writer = new SealedFileWriter(target, filesKey);
  const fd = openSync(source, 'r');
  let size = 0;
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES * 16);
    for (let read; (read = readSync(fd, buffer, 0, buffer.length, null)) > 0; size += read) {
      writer.write(buffer.subarray(0, read));
    }
  } finally {
    closeSync(fd);
    writer.end();
  }
  rmSync(source, { force: true });
  return size;
}
