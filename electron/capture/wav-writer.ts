import { closeSync, openSync, writeSync } from 'node:fs';
import { isDiskFull } from '../core/disk-space';
import { SAMPLE_RATE } from './microphone';

const HEADER_BYTES = 44;

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
 */
export class WavWriter {
  private readonly fd: number;
  private bytes = 0;
  private closed = false;
  /** The disk filled up: the file keeps what was written before, and its header says so. */
  private full = false;

  constructor(readonly file: string) {
    // 'wx': never overwrite an earlier answer.
    this.fd = openSync(file, 'wx', 0o600);
    writeSync(this.fd, wavHeader(0));
  }

  get samples(): number {
    return this.bytes / 2;
  }

  write(samples: Int16Array): void {
    if (this.closed || this.full || samples.length === 0) return;
    const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
    // Called for every microphone chunk: a throw here would be uncaught and end the station.
    try {
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
      // Rewriting the header allocates nothing new; a full disk may still refuse it.
      writeSync(this.fd, wavHeader(this.bytes), 0, HEADER_BYTES, 0);
    } catch (error) {
      if (!isDiskFull(error)) throw error;
    } finally {
      closeSync(this.fd);
    }
  }
}
