import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/open';
import { events, sessionSummaries } from '../../../db/schema';
import { createTestDb, seedTestSession } from '../../../db/test-db';
import { readSignals, saveEvents, saveSummary, SignalWriter } from './signal-store';
import { type FrameSignals } from '../../../shared/signals';

function frame(tMs: number, overrides: Partial<FrameSignals> = {}): FrameSignals {
  return {
    tMs,
    faceCount: 1,
    faceConfidence: 0.93,
    faceBox: [120, 80, 200, 220],
    earLeft: 0.31,
    earRight: 0.29,
    earAvg: 0.3,
    blink: false,
    pitch: -4.5,
    yaw: 12.25,
    roll: 3,
    gazeX: 0.1,
    gazeY: -0.2,
    lookingAway: false,
    voiceActive: true,
    rms: 0.05,
    ...overrides,
  };
}

describe('signal store', () => {
  let db: Db;
  let sessionId: number;

  beforeEach(() => {
    db = createTestDb();
    sessionId = seedTestSession(db);
  });
  afterEach(() => db.$client.close());

  it('writes about once a second and reads back exactly what was measured', () => {
    let now = 0;
    const writer = new SignalWriter(db, sessionId, 1000, () => now);
    for (let i = 0; i < 14; i++) writer.add(frame(i * 66.7));
    expect(readSignals(db, sessionId)).toHaveLength(0); // still buffered
    now = 1000;
    writer.add(frame(14 * 66.7, { faceCount: 0, faceBox: null, blink: null, voiceActive: null }));
    const stored = readSignals(db, sessionId);
    expect(stored).toHaveLength(15);
    expect(stored[0]).toEqual(frame(0));
    expect(stored[14]).toEqual(
      frame(934, { faceCount: 0, faceBox: null, blink: null, voiceActive: null }),
    );
  });

  it('returns a time range of a one-hour session in order', () => {
    const writer = new SignalWriter(db, sessionId, Number.MAX_SAFE_INTEGER);
    for (let i = 0; i < 54_000; i++) writer.add(frame((i * 1000) / 15));
    expect(writer.flush()).toBe(54_000);
    const minute = readSignals(db, sessionId, 30 * 60_000, 31 * 60_000);
    expect(minute).toHaveLength(900);
    expect(minute[0]?.tMs).toBe(30 * 60_000);
    expect(minute.every((s, i) => i === 0 || s.tMs > (minute[i - 1]?.tMs ?? 0))).toBe(true);
  });

  it('keeps the first frame when a resumed session repeats a time', () => {
    const writer = new SignalWriter(db, sessionId, Number.MAX_SAFE_INTEGER);
    writer.add(frame(500, { faceCount: 1 }));
    writer.add(frame(500, { faceCount: 3 }));
    writer.flush();
    expect(readSignals(db, sessionId).map((s) => s.faceCount)).toEqual([1]);
  });

  it('stores events and replaces the summary when analysis reruns', () => {
    saveEvents(db, sessionId, [
      { type: 'no_face', startMs: 4000.4, endMs: 8000.6, severity: 'medium' },
    ]);
    expect(db.select().from(events).all()).toMatchObject([
      { sessionId, type: 'no_face', startMs: 4000, endMs: 8001, severity: 'medium' },
    ]);
    saveSummary(db, sessionId, { facePresentPercent: 80 }, 1);
    saveSummary(db, sessionId, { facePresentPercent: 75 }, 2);
    expect(db.select().from(sessionSummaries).all()).toEqual([
      { sessionId, computedAt: 2, summary: { facePresentPercent: 75 } },
    ]);
  });
});
