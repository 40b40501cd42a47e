import { EventEmitter } from 'node:events';
import type { App } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { bringToFront, requestSingleInstance } from './single-instance';

function fakeApp(gotLock: boolean) {
  const app = Object.assign(new EventEmitter(), {
    requestSingleInstanceLock: vi.fn(() => gotLock),
    quit: vi.fn(),
  });
  return { app, electronApp: app as unknown as App };
}

function fakeWindow(minimized: boolean) {
  return {
    isDestroyed: vi.fn(() => false),
    isMinimized: vi.fn(() => minimized),
    restore: vi.fn(),
    show: vi.fn(),
    focus: vi.fn(),
  };
}

describe('requestSingleInstance', () => {
  it('quits the second process and reports false when another station holds the lock', () => {
    const { app, electronApp } = fakeApp(false);
    const onSecond = vi.fn();
    expect(requestSingleInstance(electronApp, onSecond)).toBe(false);
    expect(app.quit).toHaveBeenCalledOnce();
    expect(app.listenerCount('second-instance')).toBe(0);
  });

  it('keeps running and brings the existing kiosk forward on a second launch', () => {
    const { app, electronApp } = fakeApp(true);
    const win = fakeWindow(true);
    expect(requestSingleInstance(electronApp, () => bringToFront(win))).toBe(true);
    expect(app.quit).not.toHaveBeenCalled();

    app.emit('second-instance', {}, ['interview-station'], '/');
    expect(win.restore).toHaveBeenCalledOnce();
    expect(win.show).toHaveBeenCalledOnce();
    expect(win.focus).toHaveBeenCalledOnce();
  });
});

describe('bringToFront', () => {
  it('does not restore a window that is not minimised, and ignores a missing window', () => {
    const win = fakeWindow(false);
    bringToFront(win);
    expect(win.restore).not.toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalledOnce();
    expect(() => bringToFront(null)).not.toThrow();
  });
});
