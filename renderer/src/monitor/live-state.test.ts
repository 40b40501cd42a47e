import { describe, expect, it } from 'vitest';
import type { LiveEvent, LiveSession, LiveUpdate } from './labels';
import { applyLiveUpdate, INITIAL_LIVE_STATE, type LiveState } from './live-state';

const session: LiveSession = {
  sessionId: 4,
  candidateName: 'Grace Hopper',
  jobTitle: 'Compiler Engineer',
  position: 0,
  total: 3,
  phase: 'reading',
  startedAt: 1_800_000_000_000,
  clockMs: 2500,
};
const noFace: LiveEvent = {
  id: 1,
  type: 'no_face',
  startMs: 3000,
  endMs: 8200,
  severity: 'medium',
};

function run(updates: LiveUpdate[], from: LiveState = INITIAL_LIVE_STATE): LiveState {
  return updates.reduce((state, update, i) => applyLiveUpdate(state, update, i * 100), from);
}

describe('live panel state', () => {
  it('starts from the snapshot without announcing it, then announces a starting interview', () => {
    const idle = run([{ kind: 'snapshot', session: null, signals: null, events: [] }]);
    expect(idle).toMatchObject({ ready: true, session: null, announcement: '' });
    const started = run([{ kind: 'snapshot', session, signals: null, events: [] }], idle);
    expect(started.announcement).toBe('Interview started: Grace Hopper.');
    const ended = run([{ kind: 'snapshot', session: null, signals: null, events: [] }], started);
    expect(ended.announcement).toMatch(/No interview is running now/);
  });

  it('lists new events first and announces each as a prompt for review', () => {
    const state = run([
      { kind: 'snapshot', session, signals: null, events: [] },
      { kind: 'event', sessionId: 4, event: noFace },
      {
        kind: 'event',
        sessionId: 4,
        event: { id: 2, type: 'camera_lost', startMs: 9000, endMs: null, severity: 'high' },
      },
    ]);
    expect(state.events.map((e) => e.type)).toEqual(['camera_lost', 'no_face']);
    expect(state.announcement).toBe(
      'New for review: Camera lost, from 0:09. The station lost its camera; the recording has a gap here.',
    );
    const back = run(
      [
        {
          kind: 'event',
          sessionId: 4,
          event: { id: 2, type: 'camera_lost', startMs: 9000, endMs: 12_000, severity: 'high' },
        },
      ],
      state,
    );
    expect(back.events).toHaveLength(2);
    expect(back.events[0]?.endMs).toBe(12_000);
    expect(back.announcement).toBe('The camera is back at 0:12.');
  });

  it('moves on with progress and signals of the shown session only', () => {
    const state = run([
      { kind: 'snapshot', session, signals: null, events: [noFace] },
      { kind: 'progress', session: { ...session, position: 1, clockMs: 40_000 } },
      { kind: 'event', sessionId: 99, event: { ...noFace, id: 7 } },
    ]);
    expect(state.session?.position).toBe(1);
    expect(state.sessionReceivedAt).toBe(100);
    expect(state.events).toEqual([noFace]);
  });
});
