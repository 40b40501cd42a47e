/**
 * Repairs the header of a WAV a killed station left behind. WavWriter streams samples after a
 * header that says "empty" and rewrites it with the real length only at close, so after a
 * SIGKILL every sample is on disk but RIFF and data sizes are 0. The sizes follow from the
 * file's length; nothing else in the file changes, and a file that is not a PCM WAV laid out
 * as the station writes it (RIFF, WAVE, fmt, then data last) is left alone.
 */
import {
  closeSync,
  copyFileSync,
  fstatSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { fsyncSync, writeSync } from 'node:fs';
import { isSealedFile, sealedPlainSize } from '../core/sealed-file';
import { readStoredHeadSync } from '../core/sealed-read';
import { replaceSealedHead } from '../core/sealed-rewrite';

export type WavRepair =
  | { state: 'intact' | 'repaired'; dataBytes: number; durationMs: number }
  | { state: 'unreadable'; reason: string };

interface WavLayout {
  /** Where the data chunk's size field sits. */
  dataSizeAt: number;
  declaredRiff: number;
  declaredData: number;
  /** The whole samples the file holds after the data chunk's header. */
  dataBytes: number;
  byteRate: number;
}

/** How far into the file the fmt and data chunks may be looked for. */
const HEADER_SCAN_BYTES = 4096;

/** Reads the chunk layout, or says why the file is not a WAV this can repair. */
function readLayout(head: Buffer, fileSize: number): WavLayout | string {
  if (head.length < 12 || head.toString('ascii', 0, 4) !== 'RIFF') return 'no RIFF header';
  if (head.toString('ascii', 8, 12) !== 'WAVE') return 'not a WAVE file';
  let at = 12;
  let format: { blockAlign: number; byteRate: number } | null = null;
  while (at + 8 <= head.length) {
    const id = head.toString('ascii', at, at + 4);
    const size = head.readUInt32LE(at + 4);
    if (id === 'fmt ') {
      if (size < 16 || at + 24 > head.length) return 'a short fmt chunk';
      if (head.readUInt16LE(at + 8) !== 1) return 'not PCM';
      format = { byteRate: head.readUInt32LE(at + 16), blockAlign: head.readUInt16LE(at + 20) };
      if (format.blockAlign === 0 || format.byteRate === 0) return 'a fmt chunk without a rate';
    } else if (id === 'data') {
      if (!format) return 'data before its fmt chunk';
      const samplesAt = at + 8;
      const available = Math.max(0, fileSize - samplesAt);
      return {
        dataSizeAt: at + 4,
        declaredRiff: head.readUInt32LE(4),
        declaredData: size,
        dataBytes: available - (available % format.blockAlign),
        byteRate: format.byteRate,
      };
    }
    at += 8 + size + (size % 2);
  }
  return 'no data chunk';
}

/**
 * Makes the header of `file` match the samples it holds. A repair writes a copy with the new
 * header and renames it over the original, so a crash mid-repair leaves one whole file. A
 * sealed WAV (encryption at rest) is read and resealed with `filesKey`.
 */
export function repairWav(file: string, filesKey: Buffer | null = null): WavRepair {
  let layout: WavLayout | string;
  const sealed = isSealedFile(file);
  if (sealed && !filesKey)
    return { state: 'unreadable', reason: 'it is sealed and the key is gone' };
  try {
    if (sealed && filesKey) {
      layout = readLayout(
        readStoredHeadSync(file, filesKey, HEADER_SCAN_BYTES),
        sealedPlainSize(file, filesKey),
      );
    } else {
      const fd = openSync(file, 'r');
      try {
        const head = Buffer.alloc(HEADER_SCAN_BYTES);
        const read = readSync(fd, head, 0, head.length, 0);
        layout = readLayout(head.subarray(0, read), fstatSync(fd).size);
      } finally {
        closeSync(fd);
      }
    }
  } catch (error) {
    return { state: 'unreadable', reason: `could not read it: ${(error as Error).message}` };
  }
  if (typeof layout === 'string') return { state: 'unreadable', reason: layout };
  const { dataBytes, byteRate, dataSizeAt } = layout;
  const durationMs = (dataBytes / byteRate) * 1000;
  const riff = dataSizeAt + 4 - 8 + dataBytes;
  if (layout.declaredData === dataBytes && layout.declaredRiff === riff) {
    return { state: 'intact', dataBytes, durationMs };
  }
  try {
    if (sealed && filesKey) {
      const head = readStoredHeadSync(file, filesKey, dataSizeAt + 4);
      head.writeUInt32LE(riff, 4);
      head.writeUInt32LE(dataBytes, dataSizeAt);
      replaceSealedHead(file, filesKey, head);
    } else {
      rewritePlainSizes(file, riff, dataBytes, dataSizeAt);
    }
  } catch (error) {
    return { state: 'unreadable', reason: `could not rewrite it: ${(error as Error).message}` };
  }
  return { state: 'repaired', dataBytes, durationMs };
}

function rewritePlainSizes(file: string, riff: number, dataBytes: number, dataSizeAt: number) {
  const temporary = `${file}.repair-${process.pid}`;
  try {
    copyFileSync(file, temporary);
    const out = openSync(temporary, 'r+');
    try {
      const size = Buffer.alloc(4);
      size.writeUInt32LE(riff);
      writeSync(out, size, 0, 4, 4);
      size.writeUInt32LE(dataBytes);
      writeSync(out, size, 0, 4, dataSizeAt);
      fsyncSync(out);
    } finally {
      closeSync(out);
    }
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
