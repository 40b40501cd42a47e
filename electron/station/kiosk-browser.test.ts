import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeDevTools,
  endLeftoverBrowser,
  managedPolicyDisablesDevTools,
  openKioskBrowser,
  setProfileDevTools,
} from './kiosk-browser';
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

function preferences(profile: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(profile, 'Default', 'Preferences'), 'utf8')) as Record<
    string,
    unknown
  >;
}

/**
 * Runs a real headless Chromium on the profile, asked to open DevTools for every tab, and
 * returns the URLs of its pages (read over its remote debugging port, which the policy leaves
 * alone): an open DevTools shows as a devtools:// page.
 */
async function pagesOfChromium(profile: string): Promise<string[]> {
  const child = spawn(
    chromium ?? '',
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--remote-debugging-port=0',
      '--auto-open-devtools-for-tabs',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: 'ignore' },
  );
  try {
    const portFile = path.join(profile, 'DevToolsActivePort');
    await waitFor(() => existsSync(portFile) && readFileSync(portFile, 'utf8').includes('\n'));
    const port = readFileSync(portFile, 'utf8').split('\n')[0];
    let urls: string[] = [];
    // DevTools open a moment after the tab: wait for the tab, then a little more.
    const until = Date.now() + 3000;
    while (Date.now() < until) {
      const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
        url: string;
      }[];
      urls = list.map((target) => target.url);
      if (urls.some((url) => url.startsWith('devtools://'))) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return urls;
  } finally {
    child.kill('SIGKILL');
    await waitFor(() => !alive(child.pid ?? 0));
  }
}

describe('openKioskBrowser', () => {
  it('puts a fresh one-time entry address on each launch’s command line', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'station-'));
    // A stand-in for Chromium that notes its command line and exits, as a crash would.
    const fake = path.join(dataDir, 'fake-chromium');
    const argsFile = path.join(dataDir, 'launches');
    writeFileSync(fake, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${argsFile}'\n`, { mode: 0o755 });
    let issued = 0;
    const lines: string[] = [];
    const browser = openKioskBrowser({
      chromium: fake,
      entryUrl: () => `http://127.0.0.1:9/enter?t=ticket-${++issued}`,
      dataDir,
      log: (line) => lines.push(line),
      env: {},
    });
    await waitFor(() => lines.some((line) => /keeps closing/.test(line)));
    browser.stop();
    const launches = readFileSync(argsFile, 'utf8').trim().split('\n');
    expect(launches).toHaveLength(issued);
    expect(launches.map((line) => /--app=(\S+)/.exec(line)?.[1])).toEqual(
      launches.map((_, i) => `http://127.0.0.1:9/enter?t=ticket-${i + 1}`),
    );
    expect(launches.every((line) => line.includes('--kiosk'))).toBe(true);
  });
});

describe('DevTools in the kiosk Chromium', () => {
  it('sets devtools.availability in the profile, keeping its other preferences', () => {
    const profile = mkdtempSync(path.join(os.tmpdir(), 'profile-'));
    setProfileDevTools(profile, false);
    expect(preferences(profile)).toEqual({ devtools: { availability: 2 } });

    mkdirSync(path.join(profile, 'Default'), { recursive: true });
    writeFileSync(
      path.join(profile, 'Default', 'Preferences'),
      JSON.stringify({ devtools: { preferences: { theme: 'dark' } }, intl: { accept: 'en' } }),
    );
    setProfileDevTools(profile, false);
    expect(preferences(profile)).toEqual({
      devtools: { preferences: { theme: 'dark' }, availability: 2 },
      intl: { accept: 'en' },
    });
    // The developer switch turns them back on: a profile keeps what the last run wrote.
    setProfileDevTools(profile, true);
    expect(preferences(profile)).toMatchObject({ devtools: { availability: 1 } });

    writeFileSync(path.join(profile, 'Default', 'Preferences'), '{ not json');
    setProfileDevTools(profile, false);
    expect(preferences(profile)).toEqual({ devtools: { availability: 2 } });
  });

  it('is applied by openKioskBrowser before Chromium starts, and said at start', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'station-'));
    const lines: string[] = [];
    const browser = openKioskBrowser({
      chromium: path.join(dataDir, 'no-such-chromium'),
      entryUrl: () => 'http://127.0.0.1:9/',
      dataDir,
      log: (line) => lines.push(line),
      env: {},
    });
    browser.stop();
    expect(preferences(path.join(dataDir, 'chromium-profile'))).toEqual({
      devtools: { availability: 2 },
    });
    expect(lines[0]).toMatch(/^Chromium DevTools are off/);
  });

  // Needs Debian's chromium, which the test command installs.
  it.runIf(chromium)(
    'a real Chromium on the kiosk profile opens no DevTools; with the switch it does',
    async () => {
      const locked = mkdtempSync(path.join(os.tmpdir(), 'profile-'));
      setProfileDevTools(locked, false);
      const lockedPages = await pagesOfChromium(locked);
      expect(lockedPages).toContain('about:blank');
      expect(lockedPages.filter((url) => url.startsWith('devtools://'))).toEqual([]);

      const open = mkdtempSync(path.join(os.tmpdir(), 'profile-'));
      setProfileDevTools(open, true);
      const openPages = await pagesOfChromium(open);
      expect(openPages.some((url) => url.startsWith('devtools://'))).toBe(true);
    },
    30_000,
  );

  it("finds IT's managed policy, such as the one in native/chromium-policy/", () => {
    const shipped = path.resolve('native', 'chromium-policy');
    expect(managedPolicyDisablesDevTools(shipped)).toBe(
      path.join(shipped, 'interview-station.json'),
    );
    const empty = mkdtempSync(path.join(os.tmpdir(), 'policies-'));
    writeFileSync(path.join(empty, 'other.json'), JSON.stringify({ HomepageLocation: 'x' }));
    expect(managedPolicyDisablesDevTools(empty)).toBeNull();
    expect(managedPolicyDisablesDevTools(path.join(empty, 'missing'))).toBeNull();
    expect(describeDevTools(false, null)).toMatch(/without IT's managed policy/i);
    expect(describeDevTools(false, '/etc/chromium/policies/managed/x.json')).toBe(
      "Chromium DevTools are off: IT's managed policy /etc/chromium/policies/managed/x.json.",
    );
  });
});
