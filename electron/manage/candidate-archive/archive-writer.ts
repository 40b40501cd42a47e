import {
  createReadStream,
  createWriteStream,
  lstatSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { Db } from '../../../db/open';
import { findMediaFile } from '../../core/media-files';
import { sealFile } from '../../core/sealed-file';
import { readStoredFile, storedFileSize } from '../../core/sealed-read';
import { rowBatches, type TableSelection } from './personal-rows';

/** What is being copied, for the progress staff watch. */
export interface ArchiveCounts {
  entriesDone: number;
  entriesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface ArchiveInput {
  db: Db;
  dataDir: string;
  selections: TableSelection[];
  /** Reports already printed, as [interview id, file]. */
  reports: [number, string][];
  /** What the archive's README says first (who, when, for whom). */
  readme: string;
  /** The finished file; the archive is written beside it and renamed when complete. */
  file: string;
  /** The key sealed media are read with; null where nothing is sealed. */
  filesKey: Buffer | null;
  /** Seal the finished archive with this key (encryption at rest), or null to leave it plain. */
  sealWith: Buffer | null;
  onProgress(counts: ArchiveCounts): void;
}

export interface ArchiveResult extends ArchiveCounts {
  rows: number;
  missingFiles: number;
}

/**
 * Writes the zip: README.txt, `data/<table>.jsonl` (one row a line, read a batch at a time),
 * `transcripts/<id>.txt`, `media/<id>-<name>` (stored, not compressed: already compressed),
 * and `reports/interview-<id>.pdf`. Everything is streamed, so an hour of video never sits in
 * memory; the file appears under its name only once complete.
 */
export async function writeArchive(input: ArchiveInput): Promise<ArchiveResult> {
  const { db, dataDir, selections } = input;
  const zip = new ZipFile();
  const partial = path.join(path.dirname(input.file), '.archive.part');
  const out = createWriteStream(partial, { mode: 0o600 });
  const written = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('error', reject);
    zip.outputStream.on('error', reject);
  });
  zip.outputStream.pipe(out);

  const mediaSelection = selections.find((s) => s.table === 'media');
  const mediaRows = mediaSelection ? [...rowBatches(db, mediaSelection)].flat() : [];
  const listed = mediaRows.flatMap((row) => {
    const found = findMediaFile(db, dataDir, String(row.id), input.filesKey);
    return found
      ? [{ name: `media/${String(row.id)}-${path.basename(found.file)}`, ...found }]
      : [];
  });
  const sessionSelection = selections.find((s) => s.table === 'sessions');
  const sessionIds = sessionSelection
    ? [...rowBatches(db, sessionSelection)].flat().map((r) => Number(r.id))
    : [];
  const files = [
    ...listed,
    ...unlistedFiles(dataDir, sessionIds, new Set(listed.map((f) => f.file)), input.filesKey),
  ];
  const counts: ArchiveCounts = {
    entriesDone: 0,
    entriesTotal: 1 + selections.length + files.length + input.reports.length,
    bytesDone: 0,
    bytesTotal:
      files.reduce((sum, f) => sum + f.size, 0) +
      input.reports.reduce((sum, [, file]) => sum + statSync(file).size, 0),
  };
  const done = () => {
    counts.entriesDone += 1;
    input.onProgress({ ...counts });
  };
  const copied = (bytes: number) => {
    counts.bytesDone += bytes;
    input.onProgress({ ...counts });
  };
  let rows = 0;

  zip.addBuffer(Buffer.from(input.readme, 'utf8'), 'README.txt');
  done();
  for (const selection of selections) {
    zip.addReadStream(
      Readable.from(
        jsonLines(db, selection, (n) => (rows += n)),
        { objectMode: false },
      ).on('end', () => done()),
      `data/${selection.table}.jsonl`,
    );
  }
  const segments = selections.find((s) => s.table === 'transcript_segments');
  if (segments) {
    for (const [transcriptId, text] of transcriptTexts(db, segments)) {
      zip.addBuffer(Buffer.from(text, 'utf8'), `transcripts/transcript-${transcriptId}.txt`);
    }
  }
  for (const file of files) {
    zip.addReadStream(counted(readStoredFile(file.file, input.filesKey), copied, done), file.name, {
      compress: false,
      size: file.size,
    });
  }
  for (const [interviewId, file] of input.reports) {
    zip.addReadStream(
      counted(createReadStream(file), copied, done),
      `reports/interview-${interviewId}.pdf`,
      {
        compress: false,
      },
    );
  }
  zip.end();
  await written;
  if (input.sealWith) {
    sealFile(partial, input.file, input.sealWith);
    rmSync(partial, { force: true });
  } else {
    renameSync(partial, input.file);
  }
  return { ...counts, rows, missingFiles: mediaRows.length - listed.length };
}

/**
 * Files in the candidate's session folders that no row lists (a take recorded again, a part
 * left by a crash): still held about them, so copied too. Regular files only, no links.
 */
function unlistedFiles(
  dataDir: string,
  sessionIds: number[],
  listed: Set<string>,
  filesKey: Buffer | null,
) {
  return sessionIds.flatMap((sessionId) => {
    const folder = path.join(dataDir, 'media', `session-${sessionId}`);
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      return [];
    }
    return names.flatMap((name) => {
      const file = path.join(folder, name);
      const stat = lstatSync(file, { throwIfNoEntry: false });
      if (!stat?.isFile() || listed.has(file)) return [];
      const size = storedFileSize(file, stat.size, filesKey);
      if (size === null) return [];
      return [{ name: `media/session-${sessionId}/unlisted-${name}`, file, size }];
    });
  });
}

/** A table's rows as JSON lines, a batch at a time. */
function* jsonLines(
  db: Db,
  selection: TableSelection,
  count: (rows: number) => void,
): Generator<Buffer> {
  for (const batch of rowBatches(db, selection)) {
    count(batch.length);
    yield Buffer.from(batch.map((row) => JSON.stringify(row)).join('\n') + '\n', 'utf8');
  }
}

/** The transcripts as plain text, one line a segment with its times. */
function transcriptTexts(db: Db, segments: TableSelection): Map<number, string> {
  const texts = new Map<number, string[]>();
  for (const batch of rowBatches(db, segments)) {
    for (const row of batch) {
      const id = Number(row.transcript_id);
      const lines = texts.get(id) ?? [];
      lines.push(
        `[${clock(Number(row.start_ms))}–${clock(Number(row.end_ms))}] ${String(row.text)}`,
      );
      texts.set(id, lines);
    }
  }
  return new Map([...texts].map(([id, lines]) => [id, lines.join('\n') + '\n']));
}

function clock(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** Passes a file through, reporting its bytes as they go and its end to the progress. */
function counted(stream: Readable, copied: (bytes: number) => void, done: () => void): Readable {
  const through = new PassThrough();
  stream.on('data', (chunk: Buffer) => copied(chunk.length));
  stream.on('end', done);
  stream.on('error', (error) => through.destroy(error));
  return stream.pipe(through);
}
