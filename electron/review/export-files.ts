import { randomBytes } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ownerOnlyFolder } from '../core/owner-only';
import { storedFileSize } from '../core/sealed-read';

/**
 * Exported files live in `<data folder>/exports/<id>/<file name>`: the id is random and is all
 * the page ever gets, so no path leaves main and one export cannot be guessed from another.
 * They are for downloading now, not for keeping (a report holds a candidate's answers): one
 * older than EXPORT_MAX_AGE_MS is never served again, and is removed when it is next asked for,
 * when another is made, and by the station's hourly sweep (compose-station.ts). With
 * encryption at rest they are sealed (core/sealed-file.ts) and decrypted as they are served.
 */
export const EXPORTS_FOLDER = 'exports';
export const EXPORT_MAX_AGE_MS = 60 * 60 * 1000;
const ID_PATTERN = /^[0-9a-f]{32}$/;

export interface ExportFile {
  file: string;
  fileName: string;
  mimeType: string;
  /** The size of its content (decrypted, for a sealed file). */
  size: number;
  /** The interview the export is about, so its route asks who may see it; null for none. */
  interviewId: number | null;
  /** The candidate a copy of all their data is about; null for none. */
  candidateId: number | null;
  /** The key a sealed file is read with (core/sealed-read.ts); null for a plain one. */
  filesKey: Buffer | null;
}

// Dot names, beside the export: the route serves the one visible file, never these.
const SUBJECT_FILE = '.interview';
const CANDIDATE_FILE = '.candidate';

const MIME_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.csv': 'text/csv; charset=utf-8',
  '.zip': 'application/zip',
};

/**
 * A fresh export folder; returns its id and the path its file goes to. An export about one
 * interview notes which, so only staff who may see that interview can download it.
 */
export function newExport(
  dataDir: string,
  fileName: string,
  interviewId: number | null = null,
  /** The candidate a copy of all their data is about (the same rule, by candidate). */
  candidateId: number | null = null,
): { id: string; file: string } {
  const id = randomBytes(16).toString('hex');
  ownerOnlyFolder(path.join(dataDir, EXPORTS_FOLDER));
  const folder = path.join(dataDir, EXPORTS_FOLDER, id);
  ownerOnlyFolder(folder);
  if (interviewId !== null) {
    writeFileSync(path.join(folder, SUBJECT_FILE), String(interviewId), { mode: 0o600 });
  }
  if (candidateId !== null) {
    writeFileSync(path.join(folder, CANDIDATE_FILE), String(candidateId), { mode: 0o600 });
  }
  return { id, file: path.join(folder, safeFileName(fileName)) };
}

/** A download name without path separators, control characters or anything a shell minds. */
export function safeFileName(name: string): string {
  const cleaned = name
    .normalize('NFKD')
    .replace(/[^\w.\- ]+/g, '')
    .replace(/\s+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 100);
  return cleaned || 'export';
}

/**
 * The file behind an export id, or null for a malformed, unknown, expired or removed one.
 * Symbolic links are not followed: only a folder and file the station made are served.
 */
export function findExport(
  dataDir: string,
  rawId: string,
  now: number,
  maxAgeMs = EXPORT_MAX_AGE_MS,
  filesKey: Buffer | null = null,
): ExportFile | null {
  if (!ID_PATTERN.test(rawId)) return null;
  const folder = path.join(dataDir, EXPORTS_FOLDER, rawId);
  try {
    if (!lstatSync(path.dirname(folder)).isDirectory() || !lstatSync(folder).isDirectory()) {
      return null;
    }
    if (now - statSync(folder).mtimeMs > maxAgeMs) {
      rmSync(folder, { recursive: true, force: true });
      return null;
    }
    const [name] = readdirSync(folder).filter((n) => !n.startsWith('.'));
    if (!name) return null;
    const file = path.join(folder, name);
    const stat = lstatSync(file);
    if (!stat.isFile()) return null;
    const mimeType = MIME_TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream';
    // A sealed export the station has no key for (any more) cannot be served.
    const size = storedFileSize(file, stat.size, filesKey);
    if (size === null) return null;
    return {
      file,
      fileName: name,
      mimeType,
      size,
      filesKey,
      interviewId: subjectOf(folder, SUBJECT_FILE),
      candidateId: subjectOf(folder, CANDIDATE_FILE),
    };
  } catch {
    return null;
  }
}

function subjectOf(folder: string, subjectFile: string): number | null {
  try {
    const id = Number(readFileSync(path.join(folder, subjectFile), 'utf8'));
    return Number.isSafeInteger(id) && id > 0 ? id : null;
  } catch {
    return null;
  }
}

/** Removes exports older than `maxAgeMs`; returns how many went. */
export function pruneExports(dataDir: string, now: number, maxAgeMs = EXPORT_MAX_AGE_MS): number {
  const root = path.join(dataDir, EXPORTS_FOLDER);
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!ID_PATTERN.test(name)) continue;
    const folder = path.join(root, name);
    try {
      if (now - statSync(folder).mtimeMs > maxAgeMs) {
        rmSync(folder, { recursive: true, force: true });
        removed += 1;
      }
    } catch {
      // Removed meanwhile by another prune: nothing to do.
    }
  }
  return removed;
}

/**
 * The interview a report export was made of, read from its file name
 * (`interview-report-<name>-<interview id>.pdf`, see review-service.ts), or null. A name cut
 * short by safeFileName loses the id; such a file still goes with the hourly sweep.
 */
export function reportInterviewId(fileName: string): number | null {
  const match = /^interview-report-.*-([1-9]\d{0,11})\.pdf$/.exec(fileName);
  return match?.[1] ? Number(match[1]) : null;
}
