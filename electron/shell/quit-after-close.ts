import type { App } from 'electron';

/**
 * How long a normal quit waits for the station to close. Closing ends the ffmpeg and
 * recorder children gracefully (the last fragment of the recording is written) and lets a
 * running video-answer cut finish; a hung child must not keep the kiosk from quitting.
 */
export const CLOSE_TIMEOUT_MS = 15_000;

export interface QuitAfterCloseOptions {
  timeoutMs?: number;
  log: (line: string) => void;
}

/**
 * Holds the app's quit until `close()` has finished (or timed out), then exits. Without this,
 * Electron exits right after `will-quit`, and the process-exit hook SIGKILLs ffmpeg: the
 * last fragment and any answer clip being cut are lost on an ordinary quit.
 */
export function quitAfterClose(
  app: Pick<App, 'on' | 'exit'>,
  close: () => Promise<void>,
  options: QuitAfterCloseOptions,
): void {
  const timeoutMs = options.timeoutMs ?? CLOSE_TIMEOUT_MS;
  let closing = false;
  app.on('will-quit', (event) => {
    // Every will-quit is held: `app.exit` below ends the app without emitting another one.
    event.preventDefault();
    if (closing) return;
    closing = true;
    void closeWithin(close, timeoutMs, options.log).then(() => app.exit(0));
  });
}

/** Runs `close`, never rejecting and never waiting past `timeoutMs`; says what went wrong. */
async function closeWithin(
  close: () => Promise<void>,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([close().then(() => 'closed' as const), timedOut]);
    if (outcome === 'timeout') {
      log(`quit: the station did not close within ${timeoutMs} ms; quitting anyway.`);
    }
  } catch (error) {
    log(`quit: closing the station failed (${String(error)}); quitting anyway.`);
  } finally {
    clearTimeout(timer);
  }
}
