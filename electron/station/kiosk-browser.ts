import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { systemClock, type Clock } from '../core/clock';

export interface KioskBrowser {
  stop(): void;
}

const MAX_RESTARTS_PER_MINUTE = 5;

/**
 * Opens Chromium in kiosk/app mode on the station URL and reopens it if it crashes, so the
 * kiosk never falls back to a desktop. Flags keep it from calling home (the station is
 * offline) and give it its own profile inside the data folder.
 */
export function openKioskBrowser(opts: {
  chromium: string;
  url: string;
  dataDir: string;
  log: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Counts the restarts of the last minute. */
  clock?: Clock;
}): KioskBrowser {
  const clock = opts.clock ?? systemClock;
  const profileDir = path.join(opts.dataDir, 'chromium-profile');
  let child: ChildProcess | null = null;
  let stopping = false;
  const starts: number[] = [];
  const width = opts.env?.STATION_WINDOW_WIDTH ?? '1280';
  const height = opts.env?.STATION_WINDOW_HEIGHT ?? '800';
  const args = [
    '--kiosk',
    `--app=${opts.url}`,
    `--user-data-dir=${profileDir}`,
    // Without a window manager Chromium needs to be told where and how big to be.
    '--window-position=0,0',
    `--window-size=${width},${height}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-translate',
    '--noerrdialogs',
    '--disable-pinch',
    '--overscroll-history-navigation=0',
  ];
  // Chromium refuses to run as root with its sandbox on.
  if (process.getuid?.() === 0) args.push('--no-sandbox');

  endLeftoverBrowser(profileDir, opts.log);
  const launch = () => {
    const now = clock.now();
    starts.push(now);
    while (starts.length > 0 && (starts[0] ?? now) < now - 60_000) starts.shift();
    if (starts.length > MAX_RESTARTS_PER_MINUTE) {
      opts.log('Chromium keeps closing; not reopening it. Open the station URL by hand.');
      return;
    }
    child = spawn(opts.chromium, args, { stdio: 'ignore' });
    child.on('error', (error) => opts.log(`Could not start Chromium: ${error.message}`));
    child.on('exit', () => {
      child = null;
      if (!stopping) launch();
    });
  };
  launch();
  return {
    stop() {
      stopping = true;
      child?.kill('SIGTERM');
    },
  };
}

/**
 * Ends a Chromium left running on our profile by a station that was killed (a SIGKILL or a
 * crash does not take its children along). Otherwise the new launch would hand its URL to
 * the old window, which still holds the dead run's secret. Chromium's profile lock names
 * the owner as `host-pid`; the pid is only trusted when that process really is a Chromium
 * on this profile, since pids are reused after a reboot.
 */
export function endLeftoverBrowser(profileDir: string, log: (line: string) => void): number | null {
  let pid: number;
  try {
    pid = Number(readlinkSync(path.join(profileDir, 'SingletonLock')).split('-').pop());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  let commandLine: string;
  try {
    commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return null;
  }
  if (!commandLine.includes(`--user-data-dir=${profileDir}`)) return null;
  try {
    process.kill(pid, 'SIGKILL');
    log(`Ended a Chromium (pid ${pid}) left over from an earlier run.`);
    return pid;
  } catch {
    return null;
  }
}
