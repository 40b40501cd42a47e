import { EventEmitter } from 'node:events';
import type { App } from 'electron';
import { describe, expect, it } from 'vitest';
import { createExitGuard, guardBeforeQuit } from './exit-guard';

function quitEvent() {
  let prevented = false;
  return {
    preventDefault: () => {
      prevented = true;
    },
    get prevented() {
      return prevented;
    },
  };
}

describe('exit guard', () => {
  it('starts closed and opens once allowed', () => {
    const guard = createExitGuard();
    expect(guard.isExitAllowed()).toBe(false);
    guard.allowExit();
    expect(guard.isExitAllowed()).toBe(true);
  });

  it('prevents before-quit until the admin PIN allowed the exit', () => {
    const app = new EventEmitter();
    const guard = createExitGuard();
    guardBeforeQuit(app as unknown as App, guard);

    const blocked = quitEvent();
    app.emit('before-quit', blocked);
    expect(blocked.prevented).toBe(true);

    guard.allowExit();
    const allowed = quitEvent();
    app.emit('before-quit', allowed);
    expect(allowed.prevented).toBe(false);
  });
});
