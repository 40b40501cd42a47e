/**
 * Starts the station's environment check (kiosk/remote-tool-watch.ts): once at start, then
 * every few seconds, on the real process list, under the policy IT or an admin set.
 */
import type { Db } from '../../db/open';
import type { Clock } from '../core/clock';
import { readSetting } from '../core/setting-store';
import type { SessionRunner } from '../domain/session-runner';
import { listProcesses } from '../kiosk/process-list';
import { RemoteToolWatch, type EnvironmentPolicy } from '../kiosk/remote-tool-watch';

export const ENVIRONMENT_CHECK_MS = 5_000;

/**
 * How often a real station looks: every 5 s, or STATION_ENVIRONMENT_CHECK_MS; "off" for the
 * unit tests, whose stations run beside tests that start blocklisted processes on purpose.
 */
export function environmentCheckMs(env: NodeJS.ProcessEnv): number | null {
  const value = env.STATION_ENVIRONMENT_CHECK_MS?.trim();
  if (value === 'off') return null;
  const ms = Number(value);
  return value && Number.isInteger(ms) && ms >= 500 ? ms : ENVIRONMENT_CHECK_MS;
}

export function startEnvironmentChecks(parts: {
  db: Db;
  clock: Clock;
  log: (line: string) => void;
  sessions: SessionRunner;
  everyMs?: number;
}): { watch: RemoteToolWatch; stop(): void } {
  const watch = new RemoteToolWatch({
    db: parts.db,
    clock: parts.clock,
    log: parts.log,
    policy: () => readSetting<EnvironmentPolicy>(parts.db, 'kiosk.remoteTools') ?? 'flag',
    listProcesses: () => listProcesses(),
    running: () =>
      parts.sessions.running().map((s) => ({ sessionId: s.sessionId, startedAt: s.startedAt })),
  });
  let checking = false;
  const check = () => {
    // A slow process list (a loaded machine) is not piled up behind itself.
    if (checking) return;
    checking = true;
    void watch.check().finally(() => {
      checking = false;
    });
  };
  check();
  const timer = setInterval(check, parts.everyMs ?? ENVIRONMENT_CHECK_MS);
  timer.unref();
  return { watch, stop: () => clearInterval(timer) };
}
