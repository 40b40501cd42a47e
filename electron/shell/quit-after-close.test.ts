import { EventEmitter } from 'node:events';
import type { App } from 'electron';
import { describe, expect, it } from 'vitest';
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

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('quit after close', () => {
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
    await wait(20);
    expect(exits).toEqual([]);
    finishClose();
    await wait(0);
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
    await wait(300);
    expect(hung.exits).toEqual([0]);
    expect(log).toEqual(['quit: the station did not close within 50 ms; quitting anyway.']);

    const failed = fakeApp();
    quitAfterClose(failed.app, () => Promise.reject(new Error('database is locked')), {
      log: (line) => log.push(line),
    });
    failed.quit();
    await wait(20);
    expect(failed.exits).toEqual([0]);
    expect(log.at(-1)).toMatch(/closing the station failed \(Error: database is locked\)/);
  });
});
