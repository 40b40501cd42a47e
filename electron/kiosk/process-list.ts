/**
 * The processes running on the station, by executable name: read from /proc on Linux (no
 * child process), from `ps` on macOS and from `tasklist` on Windows. Names only, and pids:
 * never command lines, which can hold other users' arguments (paths, tokens).
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { RunningProcess } from './remote-tools';

const run = promisify(execFile);
const LIST_TIMEOUT_MS = 5_000;

/** Linux: argv[0]'s base name (full), else the kernel's 15-character `comm`. */
async function linuxProcesses(procDir: string): Promise<RunningProcess[]> {
  const entries = await readdir(procDir);
  const listed = await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry))
      .map(async (entry): Promise<RunningProcess | null> => {
        const pid = Number(entry);
        try {
          const cmdline = await readFile(path.join(procDir, entry, 'cmdline'), 'latin1');
          const argv0 = cmdline.split('\0')[0] ?? '';
          // A renamed argv[0] with spaces ("/opt/zoom/zoom --x") is cut at the first space.
          const name = path.basename(argv0.split(' ')[0] ?? '');
          if (name) return { pid, name };
          const comm = (await readFile(path.join(procDir, entry, 'comm'), 'latin1')).trim();
          return comm ? { pid, name: comm } : null;
        } catch {
          // The process ended between the listing and the read, or is not ours to read.
          return null;
        }
      }),
  );
  return listed.filter((p): p is RunningProcess => p !== null);
}

async function macProcesses(): Promise<RunningProcess[]> {
  const { stdout } = await run('ps', ['-axo', 'pid=,comm='], { timeout: LIST_TIMEOUT_MS });
  return stdout.split('\n').flatMap((line) => {
    const match = /^\s*(\d+)\s+(.+)$/.exec(line);
    if (!match) return [];
    // comm is the executable's path; an app's binary is named after the app.
    return [{ pid: Number(match[1]), name: path.basename(match[2] ?? '') }];
  });
}

async function windowsProcesses(): Promise<RunningProcess[]> {
  const { stdout } = await run('tasklist', ['/fo', 'csv', '/nh'], {
    timeout: LIST_TIMEOUT_MS,
    windowsHide: true,
  });
  return stdout.split(/\r?\n/).flatMap((line) => {
    const match = /^"([^"]+)","(\d+)"/.exec(line);
    return match ? [{ pid: Number(match[2]), name: match[1] ?? '' }] : [];
  });
}

export async function listProcesses(
  platform: NodeJS.Platform = process.platform,
  procDir = '/proc',
): Promise<RunningProcess[]> {
  if (platform === 'win32') return windowsProcesses();
  if (platform === 'darwin') return macProcesses();
  return linuxProcesses(procDir);
}
