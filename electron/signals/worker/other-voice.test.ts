import { describe, expect, it } from 'vitest';
import { OtherVoice } from './other-voice';
import { DEFAULT_MOUTH, mouthStill, type MouthSample } from './mouth-motion';

const PERIOD = 1000 / 7.5;

/** Landmark frames every 133 ms from `fromMs` to `toMs`, the opening given by `at`. */
function frames(fromMs: number, toMs: number, at: (tMs: number) => number | null): MouthSample[] {
  const out: MouthSample[] = [];
  for (let t = fromMs; t < toMs; t += PERIOD) out.push({ tMs: t, opening: at(t) });
  return out;
}

/** Feeds 32 ms audio frames, speaking inside [speechFrom, speechTo). */
function voice(join: OtherVoice, toMs: number, speechFrom: number, speechTo: number): void {
  for (let t = 0; t < toMs; t += 32) join.pushVoice(t, t + 32, t >= speechFrom && t < speechTo);
}

describe('mouthStill', () => {
  const still = frames(0, 3000, () => 0.02);
  it('is still for a steady opening and moving for one that opens and closes', () => {
    expect(mouthStill(still, 1500, DEFAULT_MOUTH, 4)).toBe(true);
    const talking = frames(0, 3000, (t) => 0.02 + 0.03 * Math.abs(Math.sin(t / 80)));
    expect(mouthStill(talking, 1500, DEFAULT_MOUTH, 4)).toBe(false);
  });

  it('is not still when unknown: a frame without a face, or too few frames', () => {
    const gap = still.map((s, i) => (i === 10 ? { ...s, opening: null } : s));
    expect(mouthStill(gap, gap[10]?.tMs ?? 0, DEFAULT_MOUTH, 4)).toBe(false);
    expect(mouthStill(still.slice(0, 2), 100, DEFAULT_MOUTH, 4)).toBe(false);
  });
});

describe('OtherVoice', () => {
  it('reports speech over a still mouth, from the speech’s start to its end', () => {
    const join = new OtherVoice({ landmarkPeriodMs: PERIOD });
    for (const s of frames(0, 6000, () => 0.02)) join.pushMouth(s.tMs, s.opening);
    voice(join, 6000, 1000, 4000);
    const [event, ...rest] = join.finish(6000);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({ type: 'other_voice', severity: 'medium', startMs: 1024 });
    expect(event?.endMs).toBe(4000);
  });

  it('reports nothing while the lips move with the speech, or without speech', () => {
    const talking = new OtherVoice({ landmarkPeriodMs: PERIOD });
    for (const s of frames(0, 6000, (t) => 0.02 + 0.04 * Math.abs(Math.sin(t / 90)))) {
      talking.pushMouth(s.tMs, s.opening);
    }
    voice(talking, 6000, 1000, 4000);
    expect(talking.finish(6000)).toEqual([]);
    const silent = new OtherVoice({ landmarkPeriodMs: PERIOD });
    for (const s of frames(0, 6000, () => 0.02)) silent.pushMouth(s.tMs, s.opening);
    voice(silent, 6000, 0, 0);
    expect(silent.finish(6000)).toEqual([]);
  });

  it('waits for the frames when audio comes first, and settles once they cover the speech', () => {
    const join = new OtherVoice({ landmarkPeriodMs: PERIOD, maxWaitMs: 10_000 });
    voice(join, 4000, 0, 2000);
    expect(join.settled()).toEqual([]);
    for (const s of frames(0, 2500, () => 0.05)) join.pushMouth(s.tMs, s.opening);
    expect(join.settled()).toEqual([]);
    // Speech ended at 2 s: final once audio past the 500 ms merge gap has frames around it.
    for (const s of frames(2500, 4000, () => 0.05)) join.pushMouth(s.tMs, s.opening);
    expect(join.settled()).toMatchObject([{ type: 'other_voice', startMs: 0, endMs: 2016 }]);
  });

  it('works when all the video comes first, as a file analysis sends it', () => {
    const join = new OtherVoice({ landmarkPeriodMs: PERIOD });
    // Ten minutes: the mouth moves except from 300 s to 303 s, and speech runs throughout.
    const still = (t: number) => t >= 300_000 && t < 303_000;
    for (const s of frames(0, 600_000, (t) =>
      still(t) ? 0.02 : 0.02 + 0.04 * Math.abs(Math.sin(t / 90)),
    )) {
      join.pushMouth(s.tMs, s.opening);
    }
    voice(join, 600_000, 0, 600_000);
    const found = join.finish(600_000);
    expect(found).toHaveLength(1);
    expect(found[0]?.startMs).toBeGreaterThanOrEqual(300_000);
    expect(found[0]?.endMs).toBeLessThanOrEqual(303_000);
  });

  it('judges speech the camera never covered as not still once it is stale', () => {
    const join = new OtherVoice({ landmarkPeriodMs: PERIOD, maxWaitMs: 1000 });
    voice(join, 8000, 0, 8000);
    expect(join.finish(8000)).toEqual([]);
  });

  it('hands a half-size thumbnail near the event’s start, dated at the start', () => {
    const join = new OtherVoice({ landmarkPeriodMs: PERIOD });
    const kept: { tMs: number; width: number; height: number }[] = [];
    join.setEvidenceSink(({ tMs, width, height }) => kept.push({ tMs, width, height }));
    const frame = { width: 640, height: 480, data: new Uint8Array(640 * 480 * 3).fill(90) };
    for (let t = 0; t < 6000; t += PERIOD) {
      join.pushMouth(t, 0.02, frame);
      for (let a = Math.max(0, t - 600); a < t - 600 + PERIOD; a += 32) {
        join.pushVoice(a, a + 32, a >= 2000 && a < 4000);
      }
    }
    join.finish(6000);
    expect(kept).toEqual([{ tMs: expect.closeTo(2000, -2) as number, width: 320, height: 240 }]);
  });
});
