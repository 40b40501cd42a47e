/**
 * A real, small file system to fill to the last byte: a tmpfs mounted in a mount namespace of
 * its own (`unshare --user --map-root-user --mount`, so no root is needed and nothing is
 * mounted on the machine), held open by a sleeping process. Its files are reached from outside
 * the namespace through /proc/<pid>/root, so this process, SQLite and any child it starts
 * (the built station) use it as an ordinary folder.
 *
 * Throws when the machine cannot mount one: a full-disk test must fail, never skip.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SmallDisk {
  /** A folder on the tmpfs (its root), usable from this process and its children. */
  dir: string;
  /** Writes a filler file until the file system refuses a single byte more (ENOSPC). */
  fill(): number;
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
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      let written = 0;
      try {
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
