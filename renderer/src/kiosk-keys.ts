/**
 * In the browser station Chromium's kiosk mode still honours reload keys; a reload would drop
 * the candidate's page mid-answer (main keeps the interview, but it is a needless scare).
 * Electron blocks these in the window itself (electron/shell/kiosk-window.ts).
 */
export function isReloadKey(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey'>): boolean {
  return (
    event.key === 'F5' || ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'r')
  );
}

/** Swallows reload keys for the life of the page. */
export function blockReloadKeys(target: Pick<Window, 'addEventListener'>): void {
  target.addEventListener('keydown', (event) => {
    if (isReloadKey(event)) event.preventDefault();
  });
}
