import { beforeEach, describe, expect, it, vi } from 'vitest';
import { START, useRunnerHarness } from '../domain/test-session-runner';
import type { SessionHooks } from '../domain/session-events';
import type { FrameSignals } from '../../shared/signals';
import { gazeDirection, LiveMonitor, MAX_LIVE_EVENTS, type LiveUpdate } from './live-monitor';
import { SessionEvents } from '../domain/session-events';

/** A frame as the pipeline reports it; landmarks only where `ear` is given. */
function frame(
  tMs: number,
  faceCount: number,
  ear?: number,
  gaze: [number, number] = [0.05, -0.1],
): FrameSignals {
  const measured = ear !== undefined;
  return {
    tMs,
    faceCount,
    faceConfidence: faceCount > 0 ? 0.9 : null,
    faceBox: null,
    earLeft: measured ? ear : null,
    earRight: measured ? ear : null,
    earAvg: measured ? ear : null,
    blink: measured ? false : null,
    pitch: measured ? 4 : null,
    yaw: measured ? -12 : null,
    roll: measured ? 2 : null,
    gazeX: measured ? gaze[0] : null,
    gazeY: measured ? gaze[1] : null,
    lookingAway: measured ? false : null,
    voiceActive: tMs > 500,
    rms: null,
  };
}

describe('LiveMonitor', () => {
  const h = useRunnerHarness();
  let monitor: LiveMonitor;
  let updates: LiveUpdate[];
  let stop: () => void;

  beforeEach(() => {
    monitor = new LiveMonitor({ db: h.db, clock: { now: () => Date.now() } });
    h.runner = h.newRunner(new SessionEvents(false, [monitor]));
    updates = [];
    stop = monitor.subscribe((update) => updates.push(update));
  });

  const kinds = () => updates.map((u) => u.kind);
  const start = () => h.runner.start(h.interview.interviewId);

  it('follows the running session: who, which question, its clock, and its end', () => {
    expect(monitor.snapshot()).toEqual({
      kind: 'snapshot',
      session: null,
      signals: null,
      events: [],
    });
    const sessionId = start();
    expect(updates[0]).toMatchObject({
      kind: 'snapshot',
      session: {
        sessionId,
        candidateName: 'Ada Lovelace',
        jobTitle: 'Backend Engineer',
        position: 0,
        total: 3,
        startedAt: START,
        clockMs: 0,
      },
    });
    vi.advanceTimersByTime(1500);
    h.answerMcq(sessionId, 1);
    const progress = updates.filter((u) => u.kind === 'progress').map((u) => u.session);
    expect(progress.map((s) => `${s.position}:${s.phase}`)).toEqual([
      '0:reading',
      '0:answering',
      '1:reading',
    ]);
    expect(progress.at(-1)?.clockMs).toBe(1500);
    expect(monitor.snapshot().session).toMatchObject({ position: 1, phase: 'reading' });

    // The last question times out: the session ends and the panel is empty again.
    vi.advanceTimersByTime(60_000);
    expect(updates.at(-1)).toEqual({ kind: 'snapshot', session: null, signals: null, events: [] });
  });

  it('sends the newest signals at most five times a second, keeping landmarks between measurements', () => {
    const sessionId = start();
    updates.length = 0;
    // One second of frames at 15 fps; landmarks on every other frame, EAR falling.
    for (let i = 0; i < 15; i += 1) {
      const tMs = Math.round(i * (1000 / 15));
      monitor.signals(sessionId, frame(tMs, 1, i % 2 === 0 ? 0.3 - i * 0.012 : undefined));
      vi.advanceTimersByTime(1000 / 15);
    }
    vi.advanceTimersByTime(300);
    const sent = updates.flatMap((u) => (u.kind === 'signals' ? [u.signals] : []));
    expect(kinds().every((k) => k === 'signals')).toBe(true);
    expect(sent.length).toBeGreaterThanOrEqual(5);
    expect(sent.length).toBeLessThanOrEqual(6);
    const last = sent.at(-1);
    // Frame 14 measured EAR 0.132: below the 0.15 "closed" threshold.
    expect(last).toMatchObject({
      tMs: 933,
      faceCount: 1,
      earAvg: expect.closeTo(0.132, 5),
      eyesClosed: true,
      pitch: 4,
      yaw: -12,
      roll: 2,
      gaze: 'centre',
      lookingAway: false,
      voiceActive: true,
    });
    expect(last?.fps).toBeCloseTo(15, 0);
    // A frame without landmarks keeps the last measurement while the face is in view…
    monitor.signals(sessionId, frame(1000, 1));
    vi.advanceTimersByTime(250);
    expect(updates.at(-1)).toMatchObject({
      kind: 'signals',
      signals: { tMs: 1000, yaw: -12, gaze: 'centre' },
    });
    // The next measurement has the eyes well to the image's right: the candidate's left.
    monitor.signals(sessionId, frame(1033, 1, 0.3, [0.4, 0.1]));
    expect(monitor.snapshot().signals).toMatchObject({ tMs: 1033, gaze: 'left' });
    // …and drops it as soon as no face is.
    monitor.signals(sessionId, frame(1066, 0));
    vi.advanceTimersByTime(250);
    expect(updates.at(-1)).toMatchObject({
      kind: 'signals',
      signals: {
        faceCount: 0,
        earAvg: null,
        eyesClosed: null,
        yaw: null,
        gaze: null,
        lookingAway: null,
      },
    });
  });

  it('names the gaze direction against the station’s looking-away bounds', () => {
    const bounds = { x: 0.45, y: 0.6 };
    expect(gazeDirection(0.1, -0.2, bounds)).toBe('centre');
    // The image's right is the candidate's left.
    expect(gazeDirection(0.3, 0.1, bounds)).toBe('left');
    expect(gazeDirection(-0.3, 0.1, bounds)).toBe('right');
    expect(gazeDirection(0.1, 0.5, bounds)).toBe('down');
    expect(gazeDirection(0.2, -0.5, bounds)).toBe('up');
    expect(gazeDirection(null, null, bounds)).toBeNull();
    // A station with wider bounds calls the same glance centre.
    expect(gazeDirection(0.3, 0.1, { x: 0.9, y: 0.6 })).toBe('centre');
  });

  it('pushes each event at once, device losses as open events that close when it is back', () => {
    const sessionId = start();
    updates.length = 0;
    monitor.event(sessionId, {
      type: 'no_face',
      startMs: 3012.4,
      endMs: 6230.6,
      severity: 'medium',
    });
    expect(updates).toEqual([
      {
        kind: 'event',
        sessionId,
        event: {
          id: expect.any(Number),
          type: 'no_face',
          startMs: 3012,
          endMs: 6231,
          severity: 'medium',
        },
      },
    ]);
    vi.advanceTimersByTime(8000);
    monitor.device(sessionId, 'camera', true);
    vi.advanceTimersByTime(2000);
    monitor.device(sessionId, 'camera', false);
    // (The reading time ended meanwhile: progress updates in between are not looked at here.)
    const [, lost, back] = updates.filter((u) => u.kind === 'event');
    expect(lost).toMatchObject({
      kind: 'event',
      event: { type: 'camera_lost', startMs: 8000, endMs: null },
    });
    expect(back).toMatchObject({
      kind: 'event',
      event: { type: 'camera_lost', startMs: 8000, endMs: 10_000 },
    });
    expect(
      lost?.kind === 'event' && back?.kind === 'event' && lost.event.id === back.event.id,
    ).toBe(true);
    expect(monitor.snapshot().events.map((e) => e.type)).toEqual(['no_face', 'camera_lost']);
    expect(monitor.snapshot().events[1]?.endMs).toBe(10_000);
  });

  it('keeps only the latest events for the live panel', () => {
    const sessionId = start();
    for (let i = 0; i < MAX_LIVE_EVENTS + 5; i += 1) {
      monitor.event(sessionId, {
        type: 'looking_away',
        startMs: i * 1000,
        endMs: i * 1000 + 500,
        severity: 'low',
      });
    }
    const kept = monitor.snapshot().events;
    expect(kept).toHaveLength(MAX_LIVE_EVENTS);
    expect(kept[0]?.startMs).toBe(5000);
  });

  it('sends nothing after the last listener leaves', () => {
    const sessionId = start();
    monitor.signals(sessionId, frame(0, 1, 0.3));
    monitor.signals(sessionId, frame(66, 1));
    stop();
    expect(monitor.listenerCount()).toBe(0);
    const before = updates.length;
    vi.advanceTimersByTime(1000);
    monitor.event(sessionId, { type: 'no_face', startMs: 0, endMs: 2000, severity: 'medium' });
    expect(updates).toHaveLength(before);
  });

  it('hears sessions with capture, which hears every moment first and untouched', () => {
    const takeStarted = vi.fn();
    const started = vi.fn();
    const capture: SessionHooks = {
      recordsAnswers: true,
      started,
      phase: () => {},
      takeStarted,
      ended: () => {},
    };
    const hooks = new SessionEvents(true, [capture, monitor]);
    expect(hooks.recordsAnswers).toBe(true);
    hooks.takeStarted?.(7, { answerId: 1, kind: 'video', attempt: 1, startMs: 0 });
    expect(takeStarted).toHaveBeenCalledWith(7, {
      answerId: 1,
      kind: 'video',
      attempt: 1,
      startMs: 0,
    });
    // An unknown session: capture still hears of it, the monitor shows nothing.
    hooks.started(999, START);
    expect(started).toHaveBeenCalledWith(999, START);
    expect(monitor.snapshot().session).toBeNull();
    expect(new SessionEvents(false, [monitor]).recordsAnswers).toBe(false);
  });
});
