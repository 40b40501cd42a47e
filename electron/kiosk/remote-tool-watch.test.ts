import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events } from '../../db/schema';
import { createTestDb, refusal, seedTestSession } from '../../db/test-db';
import type { RunningProcess } from './remote-tools';
import { RemoteToolWatch, type EnvironmentPolicy } from './remote-tool-watch';

function harness(policy: EnvironmentPolicy) {
  const db = createTestDb();
  const sessionId = seedTestSession(db, 1_000);
  let now = 11_000;
  let processes: RunningProcess[] = [{ pid: 1, name: 'systemd' }];
  const lines: string[] = [];
  const state = { policy, running: [{ sessionId, startedAt: 1_000 }] };
  const watch = new RemoteToolWatch({
    db,
    clock: { now: () => now },
    log: (line) => lines.push(line),
    policy: () => state.policy,
    listProcesses: () => Promise.resolve(processes),
    running: () => state.running,
  });
  const sessionEvents = () => db.select().from(events).where(eq(events.sessionId, sessionId)).all();
  return {
    watch,
    lines,
    state,
    sessionEvents,
    at: (ms: number) => (now = ms),
    run: (list: RunningProcess[]) => (processes = list),
  };
}

describe('the remote tool watch', () => {
  it('flags a tool on the running session from when it is seen until it stops', async () => {
    const h = harness('flag');
    await h.watch.check();
    expect(h.sessionEvents()).toEqual([]);
    h.run([
      { pid: 1, name: 'systemd' },
      { pid: 77, name: 'AnyDesk.exe' },
    ]);
    await h.watch.check();
    h.at(15_000);
    await h.watch.check();
    expect(h.sessionEvents()).toMatchObject([
      {
        type: 'remote_tool',
        startMs: 10_000,
        endMs: null,
        severity: 'high',
        details: { product: 'AnyDesk', category: 'remote_desktop', executables: ['AnyDesk.exe'] },
      },
    ]);
    expect(() => h.watch.requireClear()).not.toThrow();
    h.run([]);
    h.at(21_000);
    await h.watch.check();
    expect(h.sessionEvents()).toMatchObject([{ startMs: 10_000, endMs: 20_000 }]);
    expect(h.lines).toEqual([
      'environment: running on this station: AnyDesk.',
      'environment: no remote-desktop, meeting or recording tool is running any more.',
    ]);
  });

  it('ends an open event when its session stops running', async () => {
    const h = harness('flag');
    h.run([{ pid: 9, name: 'zoom' }]);
    await h.watch.check();
    h.state.running = [];
    h.at(31_000);
    await h.watch.check();
    expect(h.sessionEvents()).toMatchObject([{ startMs: 10_000, endMs: 30_000 }]);
  });

  it('blocks starting while a tool runs under "block", names it, and records nothing under "ignore"', async () => {
    const h = harness('block');
    h.run([{ pid: 3, name: 'obs64.exe' }]);
    await h.watch.check();
    expect(refusal(() => h.watch.requireClear()).message).toBe(
      'The interview cannot start while OBS Studio is running on this station. Please ask a member of staff.',
    );
    h.state.policy = 'ignore';
    expect(() => h.watch.requireClear()).not.toThrow();
    const ignored = harness('ignore');
    ignored.run([{ pid: 3, name: 'obs64.exe' }]);
    await ignored.watch.check();
    expect(ignored.sessionEvents()).toEqual([]);
    expect(ignored.watch.state().findings.map((f) => f.product)).toEqual(['OBS Studio']);
  });

  it('says so when the process list cannot be read, and blocks nothing then', async () => {
    const h = harness('block');
    const failing = new RemoteToolWatch({
      ...h,
      db: createTestDb(),
      clock: { now: () => 0 },
      log: (line) => h.lines.push(line),
      policy: () => 'block',
      listProcesses: () => Promise.reject(Object.assign(new Error('x'), { code: 'EACCES' })),
      running: () => [],
    });
    const state = await failing.check();
    expect(state.error).toBe('The process list could not be read (EACCES).');
    expect(() => failing.requireClear()).not.toThrow();
  });
});
