/**
 * What only Electron knows about the station's surroundings, passed to the station: the
 * connected displays (at start and on every change), the kiosk window's focus, and keeping the
 * display awake while an interview runs (powerSaveBlocker; a screen saver or a sleeping
 * display mid-answer would hide the question and the timer).
 */
import type { DisplayInfo } from '../kiosk/display-watch';

interface ElectronDisplay {
  id: number;
  size: { width: number; height: number };
  internal?: boolean;
}

export interface ScreenApi {
  getAllDisplays(): ElectronDisplay[];
  on(event: 'display-added' | 'display-removed', listener: () => void): unknown;
}

export interface PowerSaveBlockerApi {
  start(type: 'prevent-display-sleep'): number;
  stop(id: number): void;
}

export interface FocusSource {
  on(event: 'blur' | 'focus', listener: () => void): unknown;
  isFocused(): boolean;
}

export interface SurroundingsParts {
  screen: ScreenApi;
  powerSaveBlocker: PowerSaveBlockerApi;
  window: FocusSource;
  report: {
    displaysChanged(displays: DisplayInfo[]): void;
    focusChanged(focused: boolean): void;
  };
  /** How many interviews are running now. */
  runningSessions: () => number;
  log: (line: string) => void;
  everyMs?: number;
}

export const KEEP_AWAKE_CHECK_MS = 2_000;

export function watchSurroundings(parts: SurroundingsParts): { stop(): void } {
  const { screen, powerSaveBlocker, report } = parts;
  const displays = () =>
    report.displaysChanged(
      screen.getAllDisplays().map((d) => ({
        id: d.id,
        width: d.size.width,
        height: d.size.height,
        internal: d.internal ?? false,
      })),
    );
  displays();
  screen.on('display-added', displays);
  screen.on('display-removed', displays);
  report.focusChanged(parts.window.isFocused());
  parts.window.on('blur', () => report.focusChanged(false));
  parts.window.on('focus', () => report.focusChanged(true));

  let blocker: number | null = null;
  const keepAwake = () => {
    const running = parts.runningSessions() > 0;
    if (running && blocker === null) {
      blocker = powerSaveBlocker.start('prevent-display-sleep');
      parts.log('display: kept awake while the interview runs.');
    } else if (!running && blocker !== null) {
      powerSaveBlocker.stop(blocker);
      blocker = null;
    }
  };
  keepAwake();
  const timer = setInterval(keepAwake, parts.everyMs ?? KEEP_AWAKE_CHECK_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      if (blocker !== null) powerSaveBlocker.stop(blocker);
      blocker = null;
    },
  };
}
