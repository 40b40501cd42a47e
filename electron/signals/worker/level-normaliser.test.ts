import { describe, expect, it } from 'vitest';
import { DEFAULT_NORMALISER, LevelNormaliser } from './level-normaliser';

/** The gain in dB after `frames` frames all at `db` dBFS RMS. */
function settle(normaliser: LevelNormaliser, db: number, frames = 500): number {
  let gain = 1;
  for (let i = 0; i < frames; i++) gain = normaliser.gainFor(10 ** (db / 20));
  return 20 * Math.log10(gain);
}

describe('LevelNormaliser', () => {
  it('leaves a voice at the normal level alone and never turns anything down', () => {
    expect(settle(new LevelNormaliser(), DEFAULT_NORMALISER.targetDb)).toBeCloseTo(0, 5);
    expect(settle(new LevelNormaliser(), -6)).toBe(0);
  });

  it('lifts a quiet voice towards the target, within the gain limit', () => {
    const normaliser = new LevelNormaliser();
    // A voice at -46 dBFS over digital silence between words.
    let gain = 0;
    for (let i = 0; i < 40; i++) {
      settle(normaliser, -46, 10);
      gain = settle(normaliser, -120, 5);
    }
    expect(gain).toBeGreaterThan(15);
    expect(gain).toBeLessThanOrEqual(DEFAULT_NORMALISER.maxGainDb);
  });

  it('keeps steady noise at or below the floor limit once lifted', () => {
    expect(settle(new LevelNormaliser(), -50)).toBeCloseTo(-40 - -50, 1);
    expect(settle(new LevelNormaliser(), -35)).toBe(0);
  });

  it('starts afresh after reset', () => {
    const normaliser = new LevelNormaliser();
    settle(normaliser, -60);
    normaliser.reset();
    expect(20 * Math.log10(normaliser.gainFor(10 ** (-26 / 20)))).toBeCloseTo(0, 5);
  });
});
