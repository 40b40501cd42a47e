/**
 * Encryption at rest for a station that recorded before it was on: every plain file the
 * station keeps (recordings, answer takes and clips, thumbnails, exports) is sealed in place,
 * in the background after start, a little at a time so the kiosk never stalls.
 *
 * Crash-safe: a file is sealed beside itself under a dot name and renamed over the plain one
 * only when whole, so a kill leaves either the plain file or the sealed one, never half of
 * either; the dot file of a killed run is removed on the next pass. Readers keep working
 * throughout: they read sealed and plain files alike (core/sealed-read.ts), and a reader that
 * opened the plain file before the rename keeps reading it.
 */
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../db/open';
import { media } from '../../db/schema';
import { isSealedFile, SealedFileWriter } from '../core/sealed-file';

const EXPORTS_FOLDER = 'exports';
const PIECE_BYTES = 1024 * 1024;
const SEALING_SUFFIX = '.sealing';

export interface SealingReport {
  files: number;
  bytes: number;
  /** Files that could not be sealed (left plain), with the reason, for the log. */
  failed: { file: string; reason: string }[];
}

/** The files a station keeps, relative to its data folder: media rows and exports. */
function keptFiles(db: Db, dataDir: string): string[] {
  const rows = db.select({ relativePath: media.relativePath }).from(media).all();
  const exportsDir = path.join(dataDir, EXPORTS_FOLDER);
  // exports/<id>/<file>, beside dot files saying whom it is about (review/export-files.ts).
  const exported = existsSync(exportsDir)
    ? readdirSync(exportsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .flatMap((entry) =>
          readdirSync(path.join(exportsDir, entry.name))
            .filter((name) => !name.startsWith('.'))
            .map((name) => path.join(EXPORTS_FOLDER, entry.name, name)),
        )
    : [];
  return [...rows.map((row) => row.relativePath), ...exported];
}

/** Seals every plain file the station keeps; see the file comment. */
export async function sealPlainFiles(opts: {
  db: Db;
  dataDir: string;
  filesKey: Buffer;
  /** Stop early (the station is closing); what was sealed stays sealed. */
  stopped?: () => boolean;
}): Promise<SealingReport> {
  const report: SealingReport = { files: 0, bytes: 0, failed: [] };
  for (const relativePath of keptFiles(opts.db, opts.dataDir)) {
    if (opts.stopped?.()) break;
    const file = path.join(opts.dataDir, relativePath);
    const temporary = sealingFileOf(file);
    rmSync(temporary, { force: true });
    if (!existsSync(file) || isSealedFile(file)) continue;
    try {
      report.bytes += await sealBeside(file, temporary, opts.filesKey);
      renameSync(temporary, file);
      report.files += 1;
    } catch (error) {
      rmSync(temporary, { force: true });
      report.failed.push({ file: relativePath, reason: (error as Error).message });
    }
  }
  return report;
}

/** The dot file a plain file is sealed into before it replaces it. */
export function sealingFileOf(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}${SEALING_SUFFIX}`);
}

/** Seals `file` into `temporary` a piece at a time, yielding between pieces; its size. */
async function sealBeside(file: string, temporary: string, filesKey: Buffer): Promise<number> {
  const writer = new SealedFileWriter(temporary, filesKey);
  const handle = await open(file, 'r');
  let size = 0;
  try {
    const piece = Buffer.alloc(PIECE_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(piece, 0, piece.length, size);
      if (bytesRead === 0) break;
      writer.write(piece.subarray(0, bytesRead));
      size += bytesRead;
    }
  } finally {
    await handle.close();
    writer.end();
  }
  return size;
}
