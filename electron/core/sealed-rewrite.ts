/**
 * Changing the start of a sealed file (a WAV's header, once its length is known). A sealed
 * chunk is never written twice under its nonce, so the file is sealed afresh (a new salt, so
 * new keys) beside the old one and renamed over it: a crash midway leaves the old file whole.
 */
import { closeSync, fsyncSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { HEADER_BYTES, openChunk, sealedLayout, SealedFileWriter, TAG_BYTES } from './sealed-file';

/** Replaces the first `head.length` bytes of `file`'s plaintext with `head`. */
export function replaceSealedHead(file: string, filesKey: Buffer, head: Buffer): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.reseal-${process.pid}`);
  rmSync(temporary, { force: true });
  const fd = openSync(file, 'r');
  let writer: SealedFileWriter | null = null;
  try {
    const layout = sealedLayout(fd, filesKey);
    writer = new SealedFileWriter(temporary, filesKey, layout.chunkBytes);
    writer.write(head);
    const stride = layout.chunkBytes + TAG_BYTES;
    for (let index = 0; index < layout.chunks; index++) {
      const from = index * layout.chunkBytes;
      const sealed = Buffer.alloc(Math.min(stride, layout.plainSize - from + TAG_BYTES));
      readSync(fd, sealed, 0, sealed.length, HEADER_BYTES + index * stride);
      const plain = openChunk(layout.key, layout.header, index, sealed);
      const skip = Math.max(0, head.length - from);
      if (skip < plain.length) writer.write(plain.subarray(skip));
    }
    writer.end();
    writer = null;
    renameSync(temporary, file);
    syncFolder(path.dirname(file));
  } catch (error) {
    try {
      writer?.end();
    } catch {
      // Already failing; the temporary file goes below.
    }
    rmSync(temporary, { force: true });
    throw error;
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename durable (the folder's entry), where the platform allows it. */
function syncFolder(folder: string): void {
  try {
    const fd = openSync(folder, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder; its renames are durable on their own.
  }
}
