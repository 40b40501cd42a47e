/**
 * The access-code key: 32 random bytes in the data folder (owner-only, 0600) under which access
 * codes are stored as keyed hashes, so a copy of the database alone does not give the codes
 * away, nor lets anyone test guesses against it. Losing the file makes every issued code
 * stop working (staff issue new ones); it is never replaced while it exists.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { OWNER_ONLY_FILE, ownerOnlyFile } from './owner-only';

export const ACCESS_CODE_KEY_FILE = 'access-code.key';
const KEY_BYTES = 32;

/** Raised when the key file is there but is not a key: never silently replaced. */
export class AccessCodeKeyError extends Error {
  constructor(file: string, reason: string) {
    super(
      `The access-code key at ${file} ${reason}. The station will not start, because a new key ` +
        'would make every access code issued so far stop working. Restore the file from a ' +
        'backup, or move it aside to start with a new key and issue new codes.',
    );
    this.name = 'AccessCodeKeyError';
  }
}

/** Reads the data folder's access-code key, creating it on first use. */
export function loadAccessCodeKey(dataDir: string): Buffer {
  const file = path.join(dataDir, ACCESS_CODE_KEY_FILE);
  const existing = readKey(file);
  if (existing) return existing;
  // Written aside, flushed, then linked into place: a crash leaves no half-written key, and
  // link (unlike rename) never replaces a key another process put there first.
  const aside = `${file}.${process.pid}.new`;
  const fd = openSync(aside, 'wx', OWNER_ONLY_FILE);
  try {
    writeSync(fd, randomBytes(KEY_BYTES));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(aside, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(aside);
  }
  const key = readKey(file);
  if (!key) throw new AccessCodeKeyError(file, 'could not be created');
  return key;
}

function readKey(file: string): Buffer | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (bytes.length !== KEY_BYTES) {
    throw new AccessCodeKeyError(file, `holds ${bytes.length} bytes instead of ${KEY_BYTES}`);
  }
  ownerOnlyFile(file);
  return bytes;
}

let processKey: Buffer | null = null;

/** A key for in-memory test databases, which have no data folder: one per process. */
export function processAccessCodeKey(): Buffer {
  processKey ??= randomBytes(KEY_BYTES);
  return processKey;
}
