import { EventEmitter } from 'node:events';
import type { App } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { quitAfterClose } from './quit-after-close';

/** Electron's app as far as quitting goes: `will-quit` events and `exit`. */
function fakeApp() {
  const emitter = new EventEmitter();
  const exits: number[] = [];
  const app = Object.assign(emitter, { exit: (code?: number) => void exits.push(code ?? 0) });
  const quit = () => {
    let prevented = false;
    emitter.emit('will-quit', { preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { app: app as unknown as Pick<App, 'on' | 'exit'>, exits, quit };
}

describe('quit after close', () => {
  // The station's clock is faked: the timeout is reached by advancing it, not by waiting.
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('holds the quit until the station has closed (recordings finished), then exits', async () => {
    const { app, exits, quit } = fakeApp();
    let finishClose!: () => void;
    let closes = 0;
    quitAfterClose(
      app,
      () => {
        closes += 1;
        return new Promise<void>((resolve) => (finishClose = resolve));
      },
      { log: () => undefined },
    );
    expect(quit()).toBe(true);
    // A second quit while closing (another Cmd+Q) neither exits nor closes twice.
    expect(quit()).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(exits).toEqual([]);
    finishClose();
    await vi.advanceTimersByTimeAsync(0);
    expect(exits).toEqual([0]);
    expect(closes).toBe(1);
  });

  it('quits anyway, and says so, when closing hangs or fails', async () => {
    const hung = fakeApp();
    const log: string[] = [];
    quitAfterClose(hung.app, () => new Promise<void>(() => undefined), {
      timeoutMs: 50,
      log: (line) => log.push(line),
    });
    hung.quit();
    await vi.advanceTimersByTimeAsync(49);
    expect(hung.exits).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(hung.exits).toEqual([0]);
    expect(log).toEqual(['quit: the station did not close within 50 ms; quitting anyway.']);

    const failed = fakeApp();
    quitAfterClose(failed.app, () => Promise.reject(new Error('database is locked')), {
      log: (line) => log.push(line),
    });
    failed.quit();
    await vi.advanceTimersByTimeAsync(0);
    expect(failed.exits).toEqual([0]);
    expect(log.at(-1)).toMatch(/closing the station failed \(Error: database is locked\)/);
  });
});
