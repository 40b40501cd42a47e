import { randomUUID } from 'node:crypto';
import {
  closeSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { isRunning, processStartTicks } from './processes';

/**
 * One station per data folder. A second station on the same folder would take the first's
 * capture children for leftovers of a crash and end them, mark its live session interrupted
 * and resume it, and both would write to it. So the folder is locked before anything in it is
 * touched: a lock file created atomically (O_EXCL), naming its holder by pid and start time.
 * A lock whose holder is gone (a crash, a SIGKILL, a power cut) is taken over; a pid reused
 * by another process is told apart by its start time (Linux, /proc/<pid>/stat).
 */
export const LOCK_FILE = 'station.lock';

export interface LockHolder {
  pid: number;
  /** Linux: the process's start time in clock ticks since boot (/proc/<pid>/stat); else null. */
  startTicks: string | null;
  /** When the holder started, for people (ISO 8601). */
  startedAt: string;
  /** Tells this holding apart from another of the same process, so release removes only ours. */
  token: string;
}

export interface DataFolderLock {
  file: string;
  holder: LockHolder;
  /** The stale lock this one replaced, if any. */
  tookOver: LockHolder | null;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void;
}

export class DataFolderInUseError extends Error {
  override name = 'DataFolderInUseError';
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `This data folder (${dataDir}) is in use by another Interview Station ` +
        `(pid ${holder.pid}, started ${readableTime(holder.startedAt)}). ` +
        'Close it first, or choose another data folder.',
    );
  }
}

/**
 * Whether the lock's holder still runs: its pid is a live process (not a zombie) and, where
 * the start time is known, the process on that pid started when the holder did.
 */
export function holderIsAlive(holder: LockHolder): boolean {
  if (!isRunning(holder.pid)) return false;
  if (holder.startTicks === null) return true;
  const now = processStartTicks(holder.pid);
  // No /proc entry for a pid that answered the signal: cannot tell, so do not take over.
  return now === null || now === holder.startTicks;
}

function parseHolder(text: string): LockHolder | null {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || !Number.isInteger(value.pid) || value.pid <= 0) {
      return null;
    }
    return {
      pid: value.pid,
      startTicks: typeof value.startTicks === 'string' ? value.startTicks : null,
      startedAt: typeof value.startedAt === 'string' ? value.startedAt : 'at an unknown time',
      token: typeof value.token === 'string' ? value.token : '',
    };
  } catch {
    return null;
  }
}

function readableTime(iso: string): string {
  const time = new Date(iso);
  return Number.isNaN(time.getTime())
    ? iso
    : `${time.toISOString().replace('T', ' ').slice(0, 19)} UTC`;
}

function ownHolder(): LockHolder {
  return {
    pid: process.pid,
    startTicks: processStartTicks(process.pid),
    startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
    token: randomUUID(),
  };
}

/**
 * Creates the lock file only if there is none; false if one exists. The content is written to
 * a file of our own first and then hard-linked into place, which fails if the name exists
 * (like O_EXCL) and never shows another station a lock file still empty. Where the file
 * system has no hard links, the lock is created with O_EXCL ('wx') directly.
 */
function tryCreate(file: string, holder: LockHolder): boolean {
  const content = `${JSON.stringify(holder)}\n`;
  const own = `${file}.${holder.token}`;
  writeExclusive(own, content);
  try {
    linkSync(own, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
  } finally {
    unlinkSync(own);
  }
  try {
    writeExclusive(file, content);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function writeExclusive(file: string, content: string): void {
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
}

function readLock(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Moves a stale lock aside, atomically: of two stations taking over the same stale lock at
 * once, only one moves it; if what was moved is no longer the stale lock (another station
 * took it over in between), it is put back without overwriting anything.
 */
function removeStale(file: string, staleText: string): void {
  const aside = `${file}.stale-${randomUUID()}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (readFileSync(aside, 'utf8') !== staleText) {
    try {
      linkSync(aside, file);
    } catch {
      // Someone holds the folder already; the next attempt reads their lock.
    }
  }
  unlinkSync(aside);
}

/**
 * Locks the data folder for this process, taking over a stale lock (and logging so), or throws
 * DataFolderInUseError naming the live holder. The folder must exist. The lock is also removed
 * when the process exits normally without releasing it (process.exit included).
 */
export function acquireDataFolderLock(
  dataDir: string,
  log: (line: string) => void = () => {},
): DataFolderLock {
  const file = path.join(dataDir, LOCK_FILE);
  const holder = ownHolder();
  let tookOver: LockHolder | null = null;
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(file, holder)) break;
    const text = readLock(file);
    if (text === null) continue;
    const other = parseHolder(text);
    if (other && holderIsAlive(other)) throw new DataFolderInUseError(dataDir, other);
    if (attempt >= 5)
      throw new Error(`Could not lock the data folder ${dataDir}: ${file} keeps changing.`);
    removeStale(file, text);
    tookOver = other;
    log(
      other
        ? `Took over the data folder's lock from pid ${other.pid} (started ` +
            `${readableTime(other.startedAt)}), which is no longer running.`
        : `Replaced an unreadable data folder lock (${file}).`,
    );
  }

  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    const text = readLock(file);
    // Only our own lock: a station that took a stale one over must keep it.
    if (text !== null && parseHolder(text)?.token === holder.token) unlinkSync(file);
  };
  process.once('exit', release);
  return { file, holder, tookOver, release };
}
