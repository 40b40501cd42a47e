import { spawn, type ChildProcess } from 'node:child_process';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
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
  /** A fresh one-time entry address, asked for at every launch (see entry-tickets.ts). */
  entryUrl: () => string;
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
  const devTools = opts.env?.STATION_DEVTOOLS === '1';
  opts.log(describeDevTools(devTools, managedPolicyDisablesDevTools()));
  const launch = () => {
    // Before every launch: nothing but the Chromium that just closed writes the profile.
    setProfileDevTools(profileDir, devTools);
    const now = clock.now();
    starts.push(now);
    while (starts.length > 0 && (starts[0] ?? now) < now - 60_000) starts.shift();
    if (starts.length > MAX_RESTARTS_PER_MINUTE) {
      opts.log('Chromium keeps closing; not reopening it. Open the station URL by hand.');
      return;
    }
    child = spawn(opts.chromium, [...args, `--app=${opts.entryUrl()}`], { stdio: 'ignore' });
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
 * the old window, which still holds the dead run's page. Chromium's profile lock names
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

/** Where Debian's Chromium reads IT's managed policies (root-owned; README, native/). */
export const CHROMIUM_MANAGED_POLICY_DIR = '/etc/chromium/policies/managed';

/** The DeveloperToolsAvailability values: 1 allowed, 2 disallowed. */
const DEVTOOLS_ALLOWED = 1;
const DEVTOOLS_DISALLOWED = 2;

/**
 * Turns DevTools off (or, with the developer switch, on) in the kiosk profile. Chromium has no
 * command-line switch for it; its DeveloperToolsAvailability policy sets the profile
 * preference `devtools.availability`, which Chromium reads from the profile's Preferences like
 * any other. Set to 2 there, F12, Ctrl+Shift+I/J/C and "Inspect" open nothing, without root.
 * The page cannot change it (no DevTools, no settings page in app mode); IT's managed policy
 * (CHROMIUM_MANAGED_POLICY_DIR) also holds when someone edits the profile, and wins over this.
 */
export function setProfileDevTools(profileDir: string, allowed: boolean): void {
  const dir = path.join(profileDir, 'Default');
  const file = path.join(dir, 'Preferences');
  let prefs: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      prefs = parsed as Record<string, unknown>;
    }
  } catch {
    // No profile yet, or one Chromium would reset anyway: start from nothing.
  }
  const devtools =
    prefs.devtools && typeof prefs.devtools === 'object' && !Array.isArray(prefs.devtools)
      ? (prefs.devtools as Record<string, unknown>)
      : {};
  prefs.devtools = { ...devtools, availability: allowed ? DEVTOOLS_ALLOWED : DEVTOOLS_DISALLOWED };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(prefs), { mode: 0o600 });
  renameSync(temporary, file);
}

/** The managed policy file that disables DevTools for every Chromium profile, if any. */
export function managedPolicyDisablesDevTools(
  policyDir: string = CHROMIUM_MANAGED_POLICY_DIR,
): string | null {
  let names: string[];
  try {
    names = readdirSync(policyDir).filter((name) => name.endsWith('.json'));
  } catch {
    return null;
  }
  for (const name of names.sort()) {
    try {
      const policy = JSON.parse(readFileSync(path.join(policyDir, name), 'utf8')) as unknown;
      if (
        policy &&
        typeof policy === 'object' &&
        (policy as Record<string, unknown>).DeveloperToolsAvailability === DEVTOOLS_DISALLOWED
      ) {
        return path.join(policyDir, name);
      }
    } catch {
      // An unreadable policy file is Chromium's to report.
    }
  }
  return null;
}

/** The launcher's line about DevTools in the kiosk Chromium. */
export function describeDevTools(allowed: boolean, policyFile: string | null): string {
  if (policyFile) return `Chromium DevTools are off: IT's managed policy ${policyFile}.`;
  if (allowed) return 'Chromium DevTools are on (STATION_DEVTOOLS=1): for development only.';
  return (
    "Chromium DevTools are off in the kiosk profile (devtools.availability = 2). Without IT's " +
    `managed policy in ${CHROMIUM_MANAGED_POLICY_DIR}/ (root; see README) someone who can ` +
    "edit the station user's files can turn them back on."
  );
}
