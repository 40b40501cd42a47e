/**
 * No orphaned children. Every child the station starts is written to a JSON file in its data
 * folder while it runs, so the next start-up can end what a crashed run left behind, and is
 * killed when this Node process exits normally.
 *
 * `process.on('exit')` does not run when the process dies from a signal it does not handle or
 * from SIGKILL; the registry file is what covers those cases, at the next start-up.
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ownerOnlyFolder } from '../core/owner-only';
import { isRunning } from '../core/processes';
import { setTimeout as sleep } from 'node:timers/promises';

/** One running child, as written to the registry file. */
export interface ProcessEntry {
  pid: number;
  /** What it is for, for the report ("camera", "microphone"…). */
  what: string;
  /** The exact argv it was started with, argv[0] included, to recognise it later. */
  argv: string[];
  startedAt: string;
}

const FILE_NAME = 'child-processes.json';

/** Path of the registry file in a data folder. */
export function registryFile(folder: string): string {
  return path.join(folder, FILE_NAME);
}

/** The entries in a folder's registry; none when there is no file or it is unreadable. */
export function readRegistry(folder: string): ProcessEntry[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(registryFile(folder), 'utf8'));
    return Array.isArray(parsed) ? parsed.filter(isEntry) : [];
  } catch {
    return [];
  }
}

function isEntry(value: unknown): value is ProcessEntry {
  const entry = value as Partial<ProcessEntry> | null;
  return (
    typeof entry?.pid === 'number' &&
    typeof entry.what === 'string' &&
    Array.isArray(entry.argv) &&
    entry.argv.every((arg) => typeof arg === 'string')
  );
}

/**
 * Writes the list; false when it could not be written (a full disk, a read-only folder). The
 * registry is a safety net for the next start-up, so failing to write it must never take the
 * station down: it is called from child 'exit' handlers, where a throw would be uncaught. The
 * previous list stays as it was (a stale entry is checked against /proc before anything is
 * killed, so it is harmless).
 */
function writeRegistry(folder: string, entries: ProcessEntry[]): boolean {
  // Write then rename, so a crash mid-write leaves the previous list, not half a file.
  const file = registryFile(folder);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    ownerOnlyFolder(folder);
    writeFileSync(temporary, JSON.stringify(entries, null, 2), { mode: 0o600 });
    renameSync(temporary, file);
    return true;
  } catch {
    rmSync(temporary, { force: true });
    return false;
  }
}

/**
 * Adds an entry. Synchronous, as the main process is the only writer. False when the
 * registry could not be written (the child runs all the same, untracked across a crash).
 */
export function addProcess(folder: string, entry: Omit<ProcessEntry, 'startedAt'>): boolean {
  const others = readRegistry(folder).filter((e) => e.pid !== entry.pid);
  return writeRegistry(folder, [...others, { ...entry, startedAt: new Date().toISOString() }]);
}

/** Removes the entry for a pid, if any; false when the registry could not be written. */
export function removeProcess(folder: string, pid: number): boolean {
  const entries = readRegistry(folder);
  const kept = entries.filter((e) => e.pid !== pid);
  return kept.length === entries.length || writeRegistry(folder, kept);
}

const live = new Map<ChildProcess, string | null>();
let exitHookInstalled = false;

/**
 * Kills `child` if this process exits while it runs, and when `folder` is given, keeps its
 * entry in that folder's registry from spawn to exit. `argv` must be what it was spawned with.
 */
export function trackChild(
  child: ChildProcess,
  what: string,
  argv: string[],
  folder: string | null = null,
): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const pid = child.pid;
  if (folder) addProcess(folder, { pid, what, argv });
  live.set(child, folder);
  child.once('exit', () => {
    live.delete(child);
    if (folder) removeProcess(folder, pid);
  });
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', killLiveChildren);
  }
}

function killLiveChildren(): void {
  // Only synchronous work can run here; SIGKILL cannot be ignored, so the entry can go.
  for (const [child, folder] of live) {
    if (child.pid === undefined) continue;
    child.kill('SIGKILL');
    if (folder) removeProcess(folder, child.pid);
  }
  live.clear();
}

/** What start-up did with one entry left by a previous run. */
export interface LeftoverReport {
  entry: ProcessEntry;
  outcome: 'ended' | 'not_running' | 'pid_reused' | 'unverifiable';
}

/**
 * At start-up, before starting any child: ends the processes a previous run registered and
 * did not remove, but only those whose command line is still exactly the registered one —
 * the pid may since have been given to an unrelated process. Clears the entries it handled.
 */
export async function endLeftoverProcesses(folder: string): Promise<LeftoverReport[]> {
  const entries = readRegistry(folder);
  const reports: LeftoverReport[] = [];
  for (const entry of entries) {
    reports.push({ entry, outcome: await endLeftover(entry) });
  }
  const handled = new Set(entries.map((e) => e.pid));
  const remaining = readRegistry(folder).filter((e) => !handled.has(e.pid));
  if (entries.length > 0) writeRegistry(folder, remaining);
  return reports;
}

async function endLeftover(entry: ProcessEntry): Promise<LeftoverReport['outcome']> {
  if (entry.pid === process.pid || !isRunning(entry.pid)) return 'not_running';
  const same = runsCommand(entry.pid, entry.argv);
  if (same === undefined) return 'unverifiable';
  if (same === null) return 'not_running';
  if (!same) return 'pid_reused';
  try {
    process.kill(entry.pid, 'SIGKILL');
  } catch {
    return 'not_running';
  }
  // SIGKILL cannot be caught, but the kernel takes a moment; wait so the caller may reuse
  // the device or file at once.
  for (let i = 0; i < 50 && isRunning(entry.pid); i++) await sleep(20);
  return 'ended';
}

/**
 * Whether a process still runs exactly `argv`: read from /proc on Linux, from `ps` on macOS
 * (which joins arguments with spaces, so it is compared that way). null if the process is
 * gone; undefined if this platform cannot tell (Windows), in which case nothing is killed.
 */
function runsCommand(pid: number, argv: string[]): boolean | null | undefined {
  if (process.platform === 'linux') {
    try {
      const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return raw === '' ? null : raw === `${argv.join('\0')}\0`;
    } catch {
      return null;
    }
  }
  if (process.platform === 'darwin') {
    try {
      const line = execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
      return line.trim() === argv.join(' ');
    } catch {
      return null;
    }
  }
  return undefined;
}
