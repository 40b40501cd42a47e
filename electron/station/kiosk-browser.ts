import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

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
}): KioskBrowser {
  let child: ChildProcess | null = null;
  let stopping = false;
  const starts: number[] = [];
  const width = opts.env?.STATION_WINDOW_WIDTH ?? '1280';
  const height = opts.env?.STATION_WINDOW_HEIGHT ?? '800';
  const args = [
    '--kiosk',
    `--app=${opts.url}`,
    `--user-data-dir=${path.join(opts.dataDir, 'chromium-profile')}`,
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

  const launch = () => {
    const now = Date.now();
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
