import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleForTest } from './test-bundle';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  acquireDataFolderLock,
  DataFolderInUseError,
  LOCK_FILE,
  type LockHolder,
} from './data-folder-lock';
import { processStartTicks } from './processes';

// The holder runs as a real second process, built like the station's bundles.
let holderScript = '';
beforeAll(async () => {
  holderScript = await bundleForTest('electron/core/test-lock-holder.ts', 'lock-holder');
});

function freshDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'station-lock-'));
}

/** Starts a process that locks `dataDir`; resolves with it and its first line of output. */
function startHolder(
  dataDir: string,
): Promise<{ child: ChildProcessWithoutNullStreams; line: string }> {
  const child = spawn(process.execPath, [holderScript, dataDir]);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => /^(locked|refused)/.test(l));
      if (line) resolve({ child, line });
    });
    child.once('exit', (code) => reject(new Error(`holder exited ${code}: ${output}`)));
  });
}

function exited(child: ChildProcessWithoutNullStreams): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

function writeLock(dataDir: string, holder: Partial<LockHolder>): void {
  writeFileSync(
    path.join(dataDir, LOCK_FILE),
    JSON.stringify({ startedAt: '2026-01-01T08:00:00.000Z', token: 'old', ...holder }),
  );
}

/** The pid of a process that ran and is gone. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid ?? 0;
}

describe('acquireDataFolderLock', () => {
  it('refuses while another live process holds the folder, naming it', async () => {
    const dataDir = freshDir();
    const { child, line } = await startHolder(dataDir);
    expect(line).toBe(`locked ${child.pid}`);
    let refusal: unknown;
    try {
      acquireDataFolderLock(dataDir);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DataFolderInUseError);
    expect((refusal as Error).message).toMatch(
      new RegExp(
        `in use by another Interview Station \\(pid ${child.pid}, started \\d{4}-\\d\\d-\\d\\d ` +
          '\\d\\d:\\d\\d:\\d\\d UTC\\)\\. Close it first, or choose another data folder\\.',
      ),
    );
    // A third process is refused the same way, and the holder's lock is left as it was.
    const before = readFileSync(path.join(dataDir, LOCK_FILE), 'utf8');
    const third = await startHolder(dataDir);
    expect(third.line).toMatch(new RegExp(`^refused .*pid ${child.pid}`));
    expect(readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')).toBe(before);

    // Once the holder releases it, the folder is free.
    child.stdin.write('release\n');
    await exited(child);
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
    acquireDataFolderLock(dataDir).release();
  });

  it('takes over the lock of a holder that was killed (SIGKILL leaves the file)', async () => {
    const dataDir = freshDir();
    const { child } = await startHolder(dataDir);
    child.kill('SIGKILL');
    await exited(child);
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(true);
    const lines: string[] = [];
    const lock = acquireDataFolderLock(dataDir, (l) => lines.push(l));
    expect(lock.tookOver?.pid).toBe(child.pid);
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(`^Took over the data folder's lock from pid ${child.pid} .*no longer running`),
      ),
    ]);
    const stored = JSON.parse(readFileSync(lock.file, 'utf8')) as LockHolder;
    expect(stored.pid).toBe(process.pid);
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
  });

  it('takes over a lock whose pid is dead', async () => {
    const dataDir = freshDir();
    const pid = await deadPid();
    writeLock(dataDir, { pid, startTicks: '12345' });
    const lines: string[] = [];
    const lock = acquireDataFolderLock(dataDir, (l) => lines.push(l));
    expect(lock.tookOver?.pid).toBe(pid);
    expect(lines[0]).toMatch(
      `from pid ${pid} (started 2026-01-01 08:00:00 UTC), which is no longer running`,
    );
    lock.release();
  });

  it.runIf(process.platform === 'linux')(
    'takes over a lock whose pid now belongs to another process (start time differs)',
    async () => {
      const dataDir = freshDir();
      // A live process on the lock's pid, but not the one that wrote it: it started later.
      const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
      const pid = other.pid ?? 0;
      const ticks = processStartTicks(pid);
      expect(ticks).toMatch(/^\d+$/);
      writeLock(dataDir, { pid, startTicks: String(Number(ticks) - 1000) });
      const lock = acquireDataFolderLock(dataDir);
      expect(lock.tookOver?.pid).toBe(pid);
      lock.release();

      // With the start time that process really has, it is the holder and is refused.
      writeLock(dataDir, { pid, startTicks: ticks });
      expect(() => acquireDataFolderLock(dataDir)).toThrow(`pid ${pid},`);
      other.kill('SIGKILL');
      await exited(other as unknown as ChildProcessWithoutNullStreams);
    },
  );

  it('replaces an unreadable lock file', () => {
    const dataDir = freshDir();
    writeFileSync(path.join(dataDir, LOCK_FILE), '');
    const lines: string[] = [];
    const lock = acquireDataFolderLock(dataDir, (l) => lines.push(l));
    expect(lines[0]).toMatch(/Replaced an unreadable data folder lock/);
    lock.release();
  });

  it('refuses a second holder in the same process too, and release leaves a taken-over lock alone', () => {
    const dataDir = freshDir();
    const first = acquireDataFolderLock(dataDir);
    expect(() => acquireDataFolderLock(dataDir)).toThrow(DataFolderInUseError);
    // Someone else's lock now sits there (say, a station that judged ours stale): keep it.
    writeLock(dataDir, { pid: process.pid, startTicks: first.holder.startTicks, token: 'theirs' });
    first.release();
    expect(existsSync(first.file)).toBe(true);
  });

  it('leaves nothing behind when the process exits without releasing (process.exit)', async () => {
    const dataDir = freshDir();
    const { child } = await startHolder(dataDir);
    child.stdin.write('exit\n');
    await exited(child);
    expect(child.exitCode).toBe(0);
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('a holder ended by a signal leaves its file, which the next one takes over', async () => {
    const dataDir = freshDir();
    const { child } = await startHolder(dataDir);
    // SIGTERM without a handler runs no exit handlers (the station handles SIGTERM itself).
    child.kill('SIGTERM');
    await exited(child);
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(true);
    const lock = acquireDataFolderLock(dataDir);
    expect(lock.tookOver?.pid).toBe(child.pid);
    lock.release();
  });
});
