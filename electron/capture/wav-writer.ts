import { closeSync, openSync, writeSync } from 'node:fs';
import { isDiskFull } from '../core/disk-space';
import { SealedFileWriter } from '../core/sealed-file';
import { replaceSealedHead } from '../core/sealed-rewrite';
import { SAMPLE_RATE } from './microphone';

const HEADER_BYTES = 44;
/** Half a second of 16 kHz 16-bit sound. */
const SEALED_WAV_CHUNK_BYTES = 16 * 1024;

/** The 44-byte header of 16-bit mono PCM at 16 kHz holding `dataBytes` of samples. */
export function wavHeader(dataBytes: number, sampleRate = SAMPLE_RATE): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

/**
 * Streams 16 kHz mono samples into a WAV file as they come. The header is rewritten with the
 * real length at `close`; a station killed before that leaves a file whose header says
 * "empty" but whose samples are all there, which ffmpeg and a repair can still read.
 *
 * Sealed (`sealWith`, encryption at rest): the same bytes go through a sealed file in 16 KiB
 * chunks (half a second of sound: the most a crash can cost), and `close` seals it afresh
 * with the real header (core/sealed-rewrite.ts), as a sealed chunk is never written twice.
 */
export class WavWriter {
  private readonly fd: number | null;
  private readonly sealed: SealedFileWriter | null;
  private bytes = 0;
  private closed = false;
  /** The disk filled up: the file keeps what was written before, and its header says so. */
  private full = false;

  constructor(
    readonly file: string,
    private readonly sealWith: Buffer | null = null,
  ) {
    // 'wx': never overwrite an earlier answer.
    if (sealWith) {
      this.fd = null;
      this.sealed = new SealedFileWriter(file, sealWith, SEALED_WAV_CHUNK_BYTES);
      this.sealed.write(wavHeader(0));
    } else {
      this.sealed = null;
      this.fd = openSync(file, 'wx', 0o600);
      writeSync(this.fd, wavHeader(0));
    }
  }

  get samples(): number {
    return this.bytes / 2;
  }

  write(samples: Int16Array): void {
    if (this.closed || this.full || samples.length === 0) return;
    const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
    // Called for every microphone chunk: a throw here would be uncaught and end the station.
    try {
      if (this.sealed) this.sealed.write(data);
      else if (this.fd !== null)
        writeSync(this.fd, data, 0, data.length, HEADER_BYTES + this.bytes);
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      this.full = true;
      return;
    }
    this.bytes += data.length;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.sealed) {
        this.sealed.end();
        if (this.sealWith) resealHeader(this.file, this.sealWith, this.bytes);
      } else if (this.fd !== null) {
        // Rewriting the header allocates nothing new; a full disk may still refuse it.
        writeSync(this.fd, wavHeader(this.bytes), 0, HEADER_BYTES, 0);
      }
    } catch (error) {
      // The file keeps a header saying "empty"; ffmpeg and take recovery read it still.
      if (!isDiskFull(error)) throw error;
    } finally {
      if (this.fd !== null) closeSync(this.fd);
    }
  }
}

/**
 * Gives a sealed take its real header. Called from the microphone's callbacks, so it never
 * throws: if the rewrite fails (a full disk, a read error) the take keeps its "empty" header,
 * which ffmpeg reads to the end and take recovery repairs.
 */
function resealHeader(file: string, filesKey: Buffer, dataBytes: number): void {
  try {
    replaceSealedHead(file, filesKey, wavHeader(dataBytes));
  } catch {
    // See above: the samples are all there.
  }
}
