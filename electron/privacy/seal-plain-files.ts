/**
 * Encryption at rest for a station that recorded before it was on: every plain media file
 * the station keeps (recordings, answer takes and clips, thumbnails) is sealed in place, in
 * the background after start's purge, a little at a time so the kiosk never stalls. (Exports
 * are not: they are removed within the hour they were made, review/export-files.ts.)
 *
 * Crash-safe: a file is sealed beside itself under a dot name and renamed over the plain one
 * only when whole, so a kill leaves either the plain file or the sealed one, never half of
 * either; the dot file of a killed run is removed on the next pass. Readers keep working
 * throughout: they read sealed and plain files alike (core/sealed-read.ts), and a reader that
 * opened the plain file before the rename keeps reading it.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../db/open';
import { media } from '../../db/schema';
import { isSealedFile, SealedFileWriter, type FileSealing } from '../core/sealed-file';

const PIECE_BYTES = 1024 * 1024;
const SEALING_SUFFIX = '.sealing';

export interface SealingReport {
  files: number;
  bytes: number;
  /** Files that could not be sealed (left plain), with the reason, for the log. */
  failed: { file: string; reason: string }[];
}

/** The media files a station keeps, relative to its data folder. */
function keptFiles(db: Db): string[] {
  return db
    .select({ relativePath: media.relativePath })
    .from(media)
    .all()
    .map((row) => row.relativePath);
}

/** Whether a media row still names the file (an erasure may have run meanwhile). */
function stillKept(db: Db, relativePath: string): boolean {
  return (
    db.select({ id: media.id }).from(media).where(eq(media.relativePath, relativePath)).get() !==
    undefined
  );
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
  for (const relativePath of keptFiles(opts.db)) {
    if (opts.stopped?.()) break;
    const file = path.join(opts.dataDir, relativePath);
    const temporary = sealingFileOf(file);
    rmSync(temporary, { force: true });
    if (!existsSync(file) || isSealedFile(file)) continue;
    try {
      const bytes = await sealBeside(file, temporary, opts.filesKey);
      // Never brings back a file an erasure or a purge removed while it was being sealed.
      if (!stillKept(opts.db, relativePath) || !existsSync(file)) {
        rmSync(temporary, { force: true });
        continue;
      }
      renameSync(temporary, file);
      report.files += 1;
      report.bytes += bytes;
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

/**
 * With encryption at rest on, seals the plain files of the station's past
 * (privacy/seal-plain-files.ts) once the start's purge is done, so the two never work on one
 * folder at once; `stop` waits for the file in hand.
 */
export function sealPlainFilesAfter(
  purged: Promise<unknown>,
  opts: { db: Db; dataDir: string | null; sealing?: FileSealing; log: (line: string) => void },
): { stop(): Promise<void> } {
  const { db, dataDir, log } = opts;
  const filesKey = opts.sealing?.sealNew ? opts.sealing.filesKey : null;
  if (!filesKey || !dataDir) return { stop: () => Promise.resolve() };
  let stopped = false;
  const run = purged
    .then(() =>
      stopped ? null : sealPlainFiles({ db, dataDir, filesKey, stopped: () => stopped }),
    )
    .then((report) => {
      if (report && report.files > 0) {
        log(
          `Encryption at rest: sealed ${report.files} file(s) recorded before it was on ` +
            `(${(report.bytes / 1e6).toFixed(1)} MB).`,
        );
      }
      for (const failed of report?.failed ?? []) {
        log(`Encryption at rest: ${failed.file} stays plain for now: ${failed.reason}`);
      }
    })
    .catch((error: unknown) => log(`Encryption at rest: sealing stopped: ${String(error)}`));
  return {
    async stop() {
      stopped = true;
      await run;
    },
  };
}
