import type { App, BrowserWindow } from 'electron';

/**
 * Takes the single-instance lock. A second launch (a double-click on the desktop icon, an
 * autostart racing a manual start) must not open a second kiosk over the first: the second
 * process quits and the first is brought to the front through `onSecondInstance`.
 * Call it before any `before-quit` guard is installed, or the losing process cannot quit.
 */
export function requestSingleInstance(
  app: Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on'>,
  onSecondInstance: () => void,
): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => onSecondInstance());
  return true;
}

/** Restores, shows and focuses the kiosk window, if there is one yet. */
export function bringToFront(
  win: Pick<BrowserWindow, 'isDestroyed' | 'isMinimized' | 'restore' | 'show' | 'focus'> | null,
): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
