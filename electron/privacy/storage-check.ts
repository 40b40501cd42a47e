/**
 * The storage check at start: files in media/ that no row points at, rows that point at a
 * missing file, and what a purge left behind (a session folder or report export whose
 * interview is gone), which is removed. Run after unfinished purges are finished.
 */
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../db/open';
import type { StorageCheck } from '../monitor/retention-state';
import { removeInBatches, reportExports, yieldToOthers } from './purge-files';

const SAMPLE = 20;

interface MediaRow {
  id: number;
  sessionId: number;
  kind: string;
  relativePath: string;
}

/** Checks media/ and exports/ against the database; see the file comment. */
export async function checkStorage(db: Db, dataDir: string, now: number): Promise<StorageCheck> {
  const sql = db.$client;
  const rows = sql
    .prepare('SELECT id, session_id AS sessionId, kind, relative_path AS relativePath FROM media')
    .all() as MediaRow[];
  const sessions = new Set(sql.prepare('SELECT id FROM sessions').pluck().all() as number[]);
  const interviews = new Set(sql.prepare('SELECT id FROM interviews').pluck().all() as number[]);
  const known = new Set(rows.map((r) => path.resolve(dataDir, r.relativePath)));

  const check: StorageCheck = {
    checkedAt: now,
    filesWithoutRow: { count: 0, bytes: 0, sample: [] },
    rowsWithoutFile: { count: 0, sample: [] },
    leftoversRemoved: { files: 0, bytes: 0 },
  };
  const leftovers: string[] = [];
  const mediaRoot = path.join(dataDir, 'media');
  for (const entry of await entries(mediaRoot)) {
    const session = /^session-(\d+)$/.exec(entry.name);
    const full = path.join(mediaRoot, entry.name);
    if (entry.isDirectory() && session && !sessions.has(Number(session[1]))) {
      leftovers.push(full);
      continue;
    }
    const files = entry.isDirectory() ? await filesUnder(full) : [full];
    for (const file of files) {
      if (known.has(file)) continue;
      // A whole copy a killed run was writing beside a kept file (a reseal, a repair, a seal):
      // nothing points at it, and the file it copies is still there.
      if (isCrashLeftover(path.basename(file))) {
        leftovers.push(file);
        continue;
      }
      check.filesWithoutRow.count += 1;
      check.filesWithoutRow.bytes += await sizeOrZero(file);
      if (check.filesWithoutRow.sample.length < SAMPLE) {
        check.filesWithoutRow.sample.push(path.relative(dataDir, file));
      }
    }
    await yieldToOthers();
  }
  for (const row of rows) {
    if ((await sizeOrZero(path.resolve(dataDir, row.relativePath), -1)) >= 0) continue;
    check.rowsWithoutFile.count += 1;
    if (check.rowsWithoutFile.sample.length < SAMPLE) {
      check.rowsWithoutFile.sample.push({
        mediaId: row.id,
        sessionId: row.sessionId,
        kind: row.kind,
      });
    }
  }
  leftovers.push(...(await reportExports(dataDir, (id) => id > 0 && !interviews.has(id))));
  check.leftoversRemoved = await removeInBatches(leftovers, () => {});
  return check;
}

/**
 * The names the station writes copies under before renaming them over a kept file:
 * `.<name>.reseal-<pid>` (core/sealed-rewrite.ts), `<name>.repair-<pid>` (capture/wav-repair.ts)
 * and `.<name>.sealing` (privacy/seal-plain-files.ts, which runs only after this check). A pid
 * of this process is a rewrite under way, never a leftover.
 */
export function isCrashLeftover(name: string): boolean {
  if (/^\..+\.sealing$/.test(name)) return true;
  const rewrite = /^(?:\..+\.reseal|.+\.repair)-(\d+)$/.exec(name);
  return rewrite !== null && Number(rewrite[1]) !== process.pid;
}

async function entries(folder: string) {
  try {
    return await readdir(folder, { withFileTypes: true });
  } catch {
    return [];
  }
}

async function filesUnder(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await entries(folder)) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...(await filesUnder(full)));
    else found.push(full);
  }
  return found;
}

async function sizeOrZero(file: string, missing = 0): Promise<number> {
  try {
    return (await lstat(file)).size;
  } catch {
    return missing;
  }
}
