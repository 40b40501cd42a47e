/**
 * A session recording sealed as it is written (encryption at rest): ffmpeg muxes the
 * fragmented MP4 to a pipe instead of a file, and the station seals what arrives in chunks
 * (core/sealed-file.ts). Fragmented MP4 needs no seeking back, so a pipe loses nothing.
 *
 * Crash safety: a chunk reaches the disk only once it is full, so a fragment could otherwise
 * wait in memory, half sealed, until the next one comes a second later, and a crash would
 * cost that fragment too. So the stream's top-level MP4 boxes are followed as they pass, and
 * when a fragment's media box (`mdat`) is complete the chunk is filled up with a `free` box
 * (which every MP4 reader skips) and written at once: a killed station then loses what a
 * plain recording loses, ffmpeg's unfinished fragment. Padding costs half a chunk (2 KiB) a
 * fragment, a fragment a second.
 */
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { isDiskFull } from '../core/disk-space';
import { SealedFileWriter } from '../core/sealed-file';

/** ffmpeg's output of the sealed recording: its fd 5 (`pipe:5`). */
export const RECORDING_PIPE_FD = 5;
/** Small chunks: each fragment's padding is at most one. */
export const RECORDING_CHUNK_BYTES = 4 * 1024;
const BOX_HEADER = 8;

export class SealedRecording {
  private readonly writer: SealedFileWriter;
  private failure: string | null = null;
  private ended = false;
  private readonly boxes = new BoxFollower();

  constructor(file: string, filesKey: Buffer) {
    this.writer = new SealedFileWriter(file, filesKey, RECORDING_CHUNK_BYTES);
  }

  /** Seals ffmpeg's recording pipe as it delivers. */
  attach(child: ChildProcess): void {
    const pipe = (child.stdio as unknown[])[RECORDING_PIPE_FD] as Readable | null | undefined;
    if (!pipe) throw new Error('ffmpeg was started without the recording pipe');
    pipe.on('data', (chunk: Buffer) => {
      if (this.failure || this.ended) return;
      try {
        this.write(chunk);
      } catch (error) {
        // Never thrown from a pipe callback: it would end the station. A full disk stops the
        // camera as a full disk stops ffmpeg writing a plain file; capture reconnects later.
        this.failure = isDiskFull(error)
          ? 'recording: No space left on device'
          : `recording: could not be written: ${(error as Error).message}`;
        pipe.destroy();
        child.kill('SIGKILL');
      }
    });
    pipe.on('error', () => undefined);
  }

  /** Seals `data`, padding the chunk out after every complete fragment. */
  write(data: Buffer): void {
    for (const piece of this.boxes.split(data)) {
      this.writer.write(piece.bytes);
      if (piece.endsFragment) this.padChunk();
    }
  }

  /** Writes the last chunk and closes the file; what went wrong, if anything. */
  end(): string | null {
    if (this.ended) return this.failure;
    this.ended = true;
    try {
      this.writer.end();
    } catch (error) {
      this.failure ??= isDiskFull(error)
        ? 'recording: No space left on device'
        : `recording: could not be closed: ${(error as Error).message}`;
    }
    return this.failure;
  }

  /** Fills the current chunk with a `free` box, so it goes to disk now. */
  private padChunk(): void {
    const pending = this.writer.pendingBytes;
    if (pending === 0) return;
    let size = this.writer.chunkSize - pending;
    // A box needs its 8-byte header: too little room left, and it runs into the next chunk.
    if (size < BOX_HEADER) size += this.writer.chunkSize;
    const free = Buffer.alloc(size);
    free.writeUInt32BE(size, 0);
    free.write('free', 4, 'latin1');
    this.writer.write(free);
  }
}

/**
 * Follows the top-level boxes of an MP4 byte stream (size, type, body) and cuts the stream at
 * the end of every `mdat`, the last box of a fragment. A box whose size it cannot follow
 * (64-bit or "to the end") stops the padding; the bytes still pass untouched.
 */
export class BoxFollower {
  private header = Buffer.alloc(0);
  private left = 0;
  private type = '';
  private lost = false;

  split(data: Buffer): { bytes: Buffer; endsFragment: boolean }[] {
    if (this.lost) return [{ bytes: data, endsFragment: false }];
    const pieces: { bytes: Buffer; endsFragment: boolean }[] = [];
    let at = 0;
    let from = 0;
    while (at < data.length) {
      if (this.left === 0) {
        const need = BOX_HEADER - this.header.length;
        this.header = Buffer.concat([this.header, data.subarray(at, at + need)]);
        at += Math.min(need, data.length - at);
        if (this.header.length < BOX_HEADER) break;
        const size = this.header.readUInt32BE(0);
        this.type = this.header.toString('latin1', 4, 8);
        this.header = Buffer.alloc(0);
        if (size < BOX_HEADER) {
          this.lost = true;
          pieces.push({ bytes: data.subarray(from), endsFragment: false });
          return pieces;
        }
        this.left = size - BOX_HEADER;
        if (this.left > 0) continue;
      }
      const take = Math.min(this.left, data.length - at);
      at += take;
      this.left -= take;
      if (this.left === 0 && this.type === 'mdat') {
        pieces.push({ bytes: data.subarray(from, at), endsFragment: true });
        from = at;
      }
    }
    if (from < data.length) pieces.push({ bytes: data.subarray(from), endsFragment: false });
    return pieces;
  }
}
