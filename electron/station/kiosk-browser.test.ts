import { spawn } from 'node:child_process';
import { mkdtempSync, readlinkSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { endLeftoverBrowser } from './kiosk-browser';
import { findChromium } from './runtime-paths';

const chromium = findChromium();

async function waitFor(check: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// The lock is a symlink to `host-pid`, which never exists as a file: read the link itself.
function hasLock(profile: string): boolean {
  try {
    return readlinkSync(path.join(profile, 'SingletonLock')).length > 0;
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('endLeftoverBrowser', () => {
  it('does nothing without a profile lock', () => {
    const profile = mkdtempSync(path.join(os.tmpdir(), 'profile-'));
    expect(endLeftoverBrowser(profile, () => {})).toBeNull();
  });

  // Needs Debian's chromium, which the test command installs.
  it.runIf(chromium)('ends a real Chromium still holding the kiosk profile', async () => {
    const profile = mkdtempSync(path.join(os.tmpdir(), 'profile-'));
    const child = spawn(
      chromium ?? '',
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        `--user-data-dir=${profile}`,
        'about:blank',
      ],
      { stdio: 'ignore', detached: true },
    );
    await waitFor(() => hasLock(profile));
    const lines: string[] = [];
    const ended = endLeftoverBrowser(profile, (line) => lines.push(line));
    expect(ended).toBe(child.pid);
    await waitFor(() => !alive(child.pid ?? 0));
    expect(lines[0]).toMatch(/left over from an earlier run/);
  });

  it('leaves alone a process that is not a Chromium on that profile', () => {
    const profile = mkdtempSync(path.join(os.tmpdir(), 'profile-'));
    // A stale lock naming this very test runner must not end it.
    symlinkSync(`host-${process.ppid}`, path.join(profile, 'SingletonLock'));
    expect(endLeftoverBrowser(profile, () => {})).toBeNull();
    expect(alive(process.ppid)).toBe(true);
  });
});
