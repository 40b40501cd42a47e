import { lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { media } from '../../db/schema';
import { storedFileSize } from './sealed-read';

export interface MediaFile {
  file: string;
  mimeType: string;
  /** The size of its content (decrypted, for a sealed file: see sealed-file.ts). */
  size: number;
  /** The key a sealed file is read with (sealed-read.ts); null for a plain one. */
  filesKey: Buffer | null;
}

/**
 * The file behind a media id, or null. Pages address media by id only: the stored path never
 * leaves main, and a path that would resolve outside the data folder's media/ is refused even
 * if the database said so. Nothing inside media/ is followed: a symbolic link planted there,
 * as the file or as a folder on its way, is refused (only what the station itself wrote is
 * served), while the data folder itself may sit behind a link. A sealed file is found with
 * `filesKey` (encryption at rest), and not at all without it.
 */
export function findMediaFile(
  db: Db,
  dataDir: string,
  rawId: string,
  filesKey: Buffer | null = null,
): MediaFile | null {
  if (!/^[1-9]\d{0,11}$/.test(rawId)) return null;
  const row = db
    .select()
    .from(media)
    .where(eq(media.id, Number(rawId)))
    .get();
  if (!row) return null;
  const root = path.resolve(dataDir, 'media');
  const file = path.resolve(dataDir, row.relativePath);
  if (!file.startsWith(root + path.sep)) return null;
  try {
    const stat = lstatSync(file);
    if (!stat.isFile()) return null;
    if (realpathSync(file) !== path.join(realpathSync(root), path.relative(root, file))) {
      return null;
    }
    const size = storedFileSize(file, stat.size, filesKey);
    return size === null ? null : { file, mimeType: row.mimeType, size, filesKey };
  } catch {
    return null;
  }
}

export type ByteRange = { start: number; end: number };

/**
 * Reads a single `Range: bytes=…` header (what a video element sends to seek). Returns null
 * for no range (send it all), 'unsatisfiable' for one that cannot be served.
 */
export function parseRange(
  header: string | undefined | null,
  size: number,
): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return 'unsatisfiable';
  const [, from = '', to = ''] = match;
  let start: number;
  let end: number;
  if (from === '') {
    // A suffix: the last N bytes.
    start = Math.max(0, size - Number(to));
    end = size - 1;
  } else {
    start = Number(from);
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  }
  if (start > end || start >= size) return 'unsatisfiable';
  return { start, end };
}
