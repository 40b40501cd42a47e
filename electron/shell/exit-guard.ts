import type { App } from 'electron';

/**
 * The kiosk may only end once the admin PIN has been checked. One flag answers both ways the
 * app can end: the window's `close` event and the app's `before-quit`.
 */
export interface ExitGuard {
  /** Lets the next close/quit through; called after the admin PIN was verified. */
  allowExit(): void;
  isExitAllowed(): boolean;
}

export function createExitGuard(): ExitGuard {
  let allowed = false;
  return {
    allowExit() {
      allowed = true;
    },
    isExitAllowed() {
      return allowed;
    },
  };
}

/** Prevents `before-quit` (Cmd+Q, dock Quit, a stray `app.quit()`) until the guard allows it. */
export function guardBeforeQuit(app: Pick<App, 'on'>, guard: ExitGuard): void {
  app.on('before-quit', (event) => {
    if (!guard.isExitAllowed()) event.preventDefault();
  });
}
