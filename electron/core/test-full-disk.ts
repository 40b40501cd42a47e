/**
 * A real, small file system to fill to the last byte: a tmpfs mounted in a mount namespace of
 * its own (`unshare --user --map-root-user --mount`, so no root is needed and nothing is
 * mounted on the machine), held open by a sleeping process. This process reaches its files
 * through /proc/<pid>/root (plain file operations only: SQLite resolves that link to the
 * machine's own folder), and runs processes that need the real path — the built station,
 * whose SQLite must write there — inside the namespace with `spawn` (nsenter).
 *
 * Throws when the machine cannot mount one: a full-disk test must fail, never skip.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SmallDisk {
  /** The tmpfs's root as this process reaches it, for plain file operations. */
  dir: string;
  /** The tmpfs's root as processes started with `spawn` see it. */
  mountPoint: string;
  /** Starts a process inside the namespace, where `mountPoint` is the tmpfs. */
  spawn(command: string, args: string[], options?: SpawnOptions): ChildProcess;
  /**
   * Writes a filler file until the file system refuses a single byte more (ENOSPC), or, with
   * `leaveBytes`, until about that much is left. Returns the bytes written.
   */
  fill(leaveBytes?: number): number;
  /** Deletes the filler: the space comes back. */
  free(): void;
  /** Ends the holder; the tmpfs and everything on it go with its namespace. */
  close(): Promise<void>;
}

export async function smallDisk(sizeKiB = 4096): Promise<SmallDisk> {
  const mountPoint = mkdtempSync(path.join(os.tmpdir(), 'station-disk-'));
  const holder: ChildProcess = spawn(
    'unshare',
    [
      '--user',
      '--map-root-user',
      '--mount',
      'sh',
      '-c',
      `mount -t tmpfs -o size=${sizeKiB}k,mode=0777 tmpfs '${mountPoint}' && echo mounted && exec sleep 100000`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const fail = (why: string) =>
      reject(
        new Error(
          `Cannot mount a tmpfs for the full-disk test (${why}): ${output.join(' ').trim()}. ` +
            'The test needs unshare(1) with user namespaces, or root.',
        ),
      );
    holder.stdout?.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.join('').includes('mounted')) resolve();
    });
    holder.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    holder.once('error', (error) => fail(error.message));
    holder.once('exit', (code) => fail(`holder exited with ${code}`));
  });
  const dir = `/proc/${holder.pid}/root${mountPoint}`;
  const filler = path.join(dir, 'filler.bin');
  const target = String(holder.pid);
  return {
    dir,
    mountPoint,
    spawn(command, args, options = {}) {
      return spawn(
        'nsenter',
        ['--target', target, '--user', '--mount', '--preserve-credentials', command, ...args],
        options,
      );
    },
    fill(leaveBytes = 0) {
      const fd = openSync(filler, 'a');
      let written = 0;
      try {
        if (leaveBytes > 0) {
          const free = () => {
            const stats = statfsSync(dir);
            return stats.bavail * stats.bsize;
          };
          const chunk = Buffer.alloc(4096, 0x55);
          while (free() - leaveBytes >= chunk.length) written += writeSync(fd, chunk);
          return written;
        }
        for (const size of [1 << 20, 1 << 16, 4096, 1]) {
          const chunk = Buffer.alloc(size, 0x55);
          try {
            for (;;) written += writeSync(fd, chunk);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
          }
        }
      } finally {
        closeSync(fd);
      }
      return written;
    },
    free() {
      rmSync(filler, { force: true });
    },
    async close() {
      const exited = new Promise((resolve) => holder.once('exit', resolve));
      holder.kill('SIGKILL');
      await exited;
      rmSync(mountPoint, { recursive: true, force: true });
    },
  };
}
