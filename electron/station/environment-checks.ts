/**
 * Starts the station's environment checks: remote-desktop, meeting and recording tools on the
 * real process list (kiosk/remote-tool-watch.ts), once at start and then every few seconds;
 * and the displays and window focus the shell reports (kiosk/display-watch.ts). Each acts as
 * IT or an admin set it (kiosk.* settings).
 */
import type { Db } from '../../db/open';
import type { Clock } from '../core/clock';
import { readSetting } from '../core/setting-store';
import type { SessionRunner } from '../domain/session-runner';
import { DisplayWatch } from '../kiosk/display-watch';
import { listProcesses } from '../kiosk/process-list';
import { RemoteToolWatch, type EnvironmentPolicy } from '../kiosk/remote-tool-watch';
import { detectVirtualMachine, VmWatch } from '../kiosk/vm-check';
import si from 'systeminformation';

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

export interface EnvironmentChecks {
  /** Null where the process list is not watched (composed test stations). */
  remoteTools: RemoteToolWatch | null;
  displays: DisplayWatch;
  /** Null where the surroundings are not watched (composed test stations). */
  virtualMachine: VmWatch | null;
  /** Refuses check-in and start where a check IT set to block finds something. */
  requireClear(): void;
  stop(): void;
}

export function startEnvironmentChecks(parts: {
  db: Db;
  clock: Clock;
  log: (line: string) => void;
  sessions: SessionRunner;
  /** Null: the process list is not watched. */
  everyMs: number | null;
}): EnvironmentChecks {
  const { db, clock, log } = parts;
  const running = () =>
    parts.sessions.running().map((s) => ({ sessionId: s.sessionId, startedAt: s.startedAt }));
  const policy = <T extends string>(key: string, fallback: T) =>
    readSetting<T>(db, key) ?? fallback;
  const displays = new DisplayWatch({
    db,
    clock,
    log,
    running,
    displaysPolicy: () => policy<EnvironmentPolicy>('kiosk.displays', 'block'),
    focusPolicy: () => policy<'flag' | 'ignore'>('kiosk.focusLoss', 'flag'),
  });
  const remoteTools =
    parts.everyMs === null
      ? null
      : new RemoteToolWatch({
          db,
          clock,
          log,
          running,
          policy: () => policy<EnvironmentPolicy>('kiosk.remoteTools', 'flag'),
          listProcesses: () => listProcesses(),
        });
  const virtualMachine =
    parts.everyMs === null
      ? null
      : new VmWatch({
          db,
          clock,
          log,
          running,
          policy: () => policy<EnvironmentPolicy>('kiosk.virtualMachine', 'flag'),
          detect: () => detectVirtualMachine(si),
        });
  void virtualMachine?.check();
  let checking = false;
  const check = () => {
    displays.refresh();
    virtualMachine?.refresh();
    // A slow process list (a loaded machine) is not piled up behind itself.
    if (!remoteTools || checking) return;
    checking = true;
    void remoteTools.check().finally(() => {
      checking = false;
    });
  };
  check();
  const timer = setInterval(check, parts.everyMs ?? ENVIRONMENT_CHECK_MS);
  timer.unref();
  return {
    remoteTools,
    displays,
    virtualMachine,
    requireClear() {
      virtualMachine?.requireClear();
      remoteTools?.requireClear();
      displays.requireClear();
    },
    stop: () => clearInterval(timer),
  };
}
