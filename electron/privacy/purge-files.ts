/**
 * The file half of a purge: asynchronous, a few files at a time, so the main thread keeps
 * serving a running interview. Only files inside the data folder's media/ and exports/ are
 * ever deleted, whatever a row says.
 */
import { lstat, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { EXPORTS_FOLDER, reportInterviewId } from '../review/export-files';

export interface Deleted {
  files: number;
  bytes: number;
}

const BATCH = 16;

/** Lets pending I/O and timers run between batches. */
export const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Deletes one file or folder (recursively); returns what went. Missing is nothing. */
async function remove(target: string): Promise<Deleted> {
  let gone: Deleted;
  try {
    const stat = await lstat(target);
    gone = stat.isDirectory() ? await sizeOf(target) : { files: 1, bytes: stat.size };
  } catch {
    return { files: 0, bytes: 0 };
  }
  await rm(target, { recursive: true, force: true });
  return gone;
}

/** Files and bytes under a folder, without following links. */
async function sizeOf(folder: string): Promise<Deleted> {
  const total = { files: 0, bytes: 0 };
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const inner = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      const sub = await sizeOf(inner);
      total.files += sub.files;
      total.bytes += sub.bytes;
    } else {
      total.files += 1;
      total.bytes += (await lstat(inner)).size;
    }
  }
  return total;
}

/** Whether a path stays inside the data folder's media/ (a row's path is not trusted). */
function insideMedia(dataDir: string, relative: string): string | null {
  const root = path.resolve(dataDir, 'media');
  const file = path.resolve(dataDir, relative);
  return file.startsWith(root + path.sep) ? file : null;
}

/**
 * Deletes a purge's files in batches: the media rows' files, then what is left of the session's
 * media folder (takes a retake replaced, half-written clips), then report exports of the
 * interview. `onBatch` hears each batch's counts once it is gone.
 */
export async function deletePurgeFiles(
  dataDir: string,
  purge: { interviewId: number; sessionId: number | null; files: string[] },
  onBatch: (batch: Deleted) => void,
): Promise<Deleted> {
  const files = purge.files.flatMap((f) => insideMedia(dataDir, f) ?? []);
  // Then, once those are gone (a folder deleted alongside its own files would race them):
  const rest = await reportExports(dataDir, purge.interviewId);
  if (purge.sessionId !== null) {
    rest.push(path.join(dataDir, 'media', `session-${purge.sessionId}`));
  }
  const first = await removeInBatches(files, onBatch);
  const second = await removeInBatches(rest, onBatch);
  return { files: first.files + second.files, bytes: first.bytes + second.bytes };
}

/** Deletes files and folders a batch at a time, yielding between batches. */
export async function removeInBatches(
  targets: string[],
  onBatch: (batch: Deleted) => void,
): Promise<Deleted> {
  const total = { files: 0, bytes: 0 };
  for (let i = 0; i < targets.length; i += BATCH) {
    const batch = { files: 0, bytes: 0 };
    for (const gone of await Promise.all(targets.slice(i, i + BATCH).map(remove))) {
      batch.files += gone.files;
      batch.bytes += gone.bytes;
    }
    onBatch(batch);
    total.files += batch.files;
    total.bytes += batch.bytes;
    await yieldToOthers();
  }
  return total;
}

/** The export folders holding a report of this interview (or of those `interviewId` picks). */
export async function reportExports(
  dataDir: string,
  interviewId: number | ((id: number) => boolean),
): Promise<string[]> {
  const root = path.join(dataDir, EXPORTS_FOLDER);
  const matches =
    typeof interviewId === 'number' ? (id: number) => id === interviewId : interviewId;
  const found: string[] = [];
  let folders: string[];
  try {
    folders = await readdir(root);
  } catch {
    return found;
  }
  for (const folder of folders) {
    try {
      const names = await readdir(path.join(root, folder));
      if (names.some((name) => matches(reportInterviewId(name) ?? 0))) {
        found.push(path.join(root, folder));
      }
    } catch {
      // Not a folder, or swept meanwhile: nothing of this interview.
    }
  }
  return found;
}
