/**
 * What a résumé upload is, decided from its bytes alone (never from its name): a PDF by its
 * `%PDF-` header, a Word file by being a zip holding `word/document.xml`. The zip's central
 * directory is read here, before anything inflates it, so a zip bomb is refused on the sizes
 * it declares; the worker's memory limit catches one that lies about them.
 */

import type { ResumeFormat } from '../../shared/resume-upload';

export { MAX_RESUME_BYTES } from '../../shared/resume-upload';
export type { ResumeFormat };
/** What a Word file may inflate to, in all: a long résumé with photos is a few megabytes. */
export const MAX_DOCX_INFLATED_BYTES = 50 * 1024 * 1024;
/** Text and images compress well, but not a hundredfold; a bomb does. */
export const MAX_DOCX_RATIO = 100;
// A zip's end record sits in its last 22 bytes plus a comment of up to 64 KiB.
const EOCD_SEARCH = 22 + 0xffff;
const MAX_ZIP_ENTRIES = 2000;

export type Sniffed = { format: ResumeFormat } | { refused: string };

export const NOT_A_RESUME = 'This is not a PDF or Word file.';
export const DAMAGED = 'The résumé could not be read: the file is damaged.';
export const TOO_BIG_INFLATED =
  'This Word file unpacks to far more than a résumé holds (a zip bomb?); it was not opened.';

export function tooLarge(maxBytes: number): string {
  return `The file is larger than ${Math.round(maxBytes / (1024 * 1024))} MB.`;
}

export interface ZipEntry {
  name: string;
  compressed: number;
  uncompressed: number;
}

/** The entries a zip's central directory lists, or null when it has none to read. */
export function zipEntries(input: Buffer): ZipEntry[] | null {
  const from = Math.max(0, input.length - EOCD_SEARCH);
  let eocd = -1;
  for (let i = input.length - 22; i >= from; i--) {
    if (input.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = input.readUInt16LE(eocd + 10);
  const offset = input.readUInt32LE(eocd + 16);
  // Zip64 (sizes past 4 GB or 65,535 entries) has no place in a résumé.
  if (count === 0xffff || offset === 0xffffffff || count > MAX_ZIP_ENTRIES) return null;
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > input.length || input.readUInt32LE(at) !== 0x02014b50) return null;
    const compressed = input.readUInt32LE(at + 20);
    const uncompressed = input.readUInt32LE(at + 24);
    const nameLength = input.readUInt16LE(at + 28);
    const extraLength = input.readUInt16LE(at + 30);
    const commentLength = input.readUInt16LE(at + 32);
    if (at + 46 + nameLength > input.length) return null;
    const name = input.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    entries.push({ name, compressed, uncompressed });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The refusal a Word file's declared sizes earn, or null when they are a résumé's. */
export function zipBombRefusal(entries: ZipEntry[]): string | null {
  let inflated = 0;
  let compressed = 0;
  for (const e of entries) {
    if (e.uncompressed === 0xffffffff || e.compressed === 0xffffffff) return TOO_BIG_INFLATED;
    inflated += e.uncompressed;
    compressed += e.compressed;
  }
  if (inflated > MAX_DOCX_INFLATED_BYTES) return TOO_BIG_INFLATED;
  // Tiny files are exempt: a few empty parts compress "well" without being a bomb.
  if (inflated > 1024 * 1024 && inflated > MAX_DOCX_RATIO * Math.max(compressed, 1)) {
    return TOO_BIG_INFLATED;
  }
  return null;
}

export function sniffResume(input: Buffer): Sniffed {
  if (input.subarray(0, 5).toString('latin1') === '%PDF-') return { format: 'pdf' };
  if (input.length >= 4 && input.readUInt32LE(0) === 0x04034b50) {
    const entries = zipEntries(input);
    if (!entries) return { refused: DAMAGED };
    if (!entries.some((e) => e.name === 'word/document.xml')) return { refused: NOT_A_RESUME };
    const bomb = zipBombRefusal(entries);
    return bomb ? { refused: bomb } : { format: 'docx' };
  }
  return { refused: NOT_A_RESUME };
}
