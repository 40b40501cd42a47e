import { EventEmitter } from 'node:events';
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { events } from '../../db/schema';
import { createTestDb, refusal, seedTestSession } from '../../db/test-db';
import { readSetting, writeSetting } from '../core/setting-store';
import { DisplayWatch } from '../kiosk/display-watch';
import { watchSurroundings } from './surroundings';

/** Electron's screen, power-save blocker and window, faked at their API boundary. */
function fakeElectron() {
  const screen = Object.assign(new EventEmitter(), {
    displays: [{ id: 1, size: { width: 1920, height: 1080 }, internal: true }],
    getAllDisplays() {
      return this.displays;
    },
  });
  const window = Object.assign(new EventEmitter(), { focused: true, isFocused: () => true });
  const started = new Set<number>();
  let next = 1;
  const powerSaveBlocker = {
    start: vi.fn(() => {
      started.add(next);
      return next++;
    }),
    stop: vi.fn((id: number) => started.delete(id)),
  };
  return { screen, window, powerSaveBlocker, started };
}

function harness() {
  const db = createTestDb();
  const sessionId = seedTestSession(db, 0);
  let now = 5_000;
  const state = { running: [] as { sessionId: number; startedAt: number }[] };
  const watch = new DisplayWatch({
    db,
    clock: { now: () => now },
    log: () => {},
    running: () => state.running,
    displaysPolicy: () => readSetting<'block' | 'flag'>(db, 'kiosk.displays') ?? 'block',
    focusPolicy: () => 'flag',
  });
  const electron = fakeElectron();
  const surroundings = watchSurroundings({
    ...electron,
    report: watch,
    runningSessions: () => state.running.length,
    log: () => {},
    everyMs: 10,
  });
  const sessionEvents = () => db.select().from(events).where(eq(events.sessionId, sessionId)).all();
  return {
    db,
    sessionId,
    watch,
    electron,
    surroundings,
    state,
    sessionEvents,
    at: (ms: number) => (now = ms),
  };
}

describe('the station’s surroundings, from Electron', () => {
  it('refuses to start with a second display by default, and notes one plugged in mid-session', () => {
    const h = harness();
    expect(() => h.watch.requireClear()).not.toThrow();
    h.electron.screen.displays.push({
      id: 2,
      size: { width: 2560, height: 1440 },
      internal: false,
    });
    h.electron.screen.emit('display-added');
    expect(refusal(() => h.watch.requireClear()).message).toBe(
      'The interview cannot start while 2 displays are connected to this station. Please ask a member of staff.',
    );
    // IT lets it go on: a session running now gets an event for as long as both are there.
    writeSetting(h.db, 'kiosk.displays', 'flag');
    expect(() => h.watch.requireClear()).not.toThrow();
    h.state.running = [{ sessionId: h.sessionId, startedAt: 1_000 }];
    h.watch.refresh();
    h.at(9_000);
    h.electron.screen.displays.pop();
    h.electron.screen.emit('display-removed');
    expect(h.sessionEvents()).toMatchObject([
      {
        type: 'second_display',
        startMs: 4_000,
        endMs: 8_000,
        severity: 'high',
        details: { count: 2, displays: [{ width: 1920 }, { width: 2560, internal: false }] },
      },
    ]);
    h.surroundings.stop();
  });

  it('notes the window losing focus during a session, from blur to focus', () => {
    const h = harness();
    h.state.running = [{ sessionId: h.sessionId, startedAt: 0 }];
    h.watch.refresh();
    h.at(7_000);
    h.electron.window.emit('blur');
    h.at(7_600);
    h.electron.window.emit('focus');
    expect(h.sessionEvents()).toMatchObject([{ type: 'focus_lost', startMs: 7_000, endMs: 7_600 }]);
    h.surroundings.stop();
  });

  it('keeps the display awake only while an interview runs', async () => {
    const h = harness();
    expect(h.electron.powerSaveBlocker.start).not.toHaveBeenCalled();
    h.state.running = [{ sessionId: h.sessionId, startedAt: 0 }];
    await vi.waitFor(() => expect(h.electron.started.size).toBe(1));
    expect(h.electron.powerSaveBlocker.start).toHaveBeenCalledWith('prevent-display-sleep');
    h.state.running = [];
    await vi.waitFor(() => expect(h.electron.started.size).toBe(0));
    h.state.running = [{ sessionId: h.sessionId, startedAt: 0 }];
    await vi.waitFor(() => expect(h.electron.started.size).toBe(1));
    h.surroundings.stop();
    expect(h.electron.started.size).toBe(0);
  });
});
