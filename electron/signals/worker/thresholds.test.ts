import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from './face-signals';
import { DEFAULT_DEBOUNCE } from './events';
import { debounceWith, mouthWith, thresholdOverridesSchema, withOverrides } from './thresholds';
import { DEFAULT_MOUTH } from './mouth-motion';

describe('threshold overrides', () => {
  it('apply a station’s changes over the defaults', () => {
    const overrides = thresholdOverridesSchema.parse({ maxYaw: 60, eyesClosedMs: 3000 });
    expect(withOverrides(overrides)).toEqual({
      ...DEFAULT_THRESHOLDS,
      maxYaw: 60,
      eyesClosedMs: 3000,
    });
    expect(withOverrides(undefined)).toEqual(DEFAULT_THRESHOLDS);
  });

  it('refuse a misspelt key and values out of range, by name', () => {
    const misspelt = thresholdOverridesSchema.safeParse({ maxYawn: 60 });
    expect(misspelt.success).toBe(false);
    const wild = thresholdOverridesSchema.safeParse({ earClosed: 3, maxRoll: -5 });
    expect(wild.success).toBe(false);
    expect(wild.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'earClosed',
      'maxRoll',
    ]);
  });

  it('set each event’s minimum duration and merge gap, eyes closed keeping eyesClosedMs', () => {
    const overrides = thresholdOverridesSchema.parse({
      eyesClosedMs: 3000,
      debounce: { no_face: { mergeGapMs: 2000 }, eyes_closed: { mergeGapMs: 800 } },
    });
    const table = debounceWith(overrides);
    expect(table.no_face).toEqual({
      minDurationMs: DEFAULT_DEBOUNCE.no_face.minDurationMs,
      mergeGapMs: 2000,
    });
    expect(table.eyes_closed).toEqual({ minDurationMs: 3000, mergeGapMs: 800 });
    expect(table.multiple_faces).toEqual(DEFAULT_DEBOUNCE.multiple_faces);
    // Debouncing is not a face threshold: the face maths never sees it.
    expect(withOverrides(overrides)).not.toHaveProperty('debounce');

    const refused = thresholdOverridesSchema.safeParse({
      debounce: { eyes_closed: { minDurationMs: 100 }, no_fase: {}, no_face: { mergeGapMs: -1 } },
    });
    expect(refused.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'debounce',
      'debounce.eyes_closed',
      'debounce.no_face.mergeGapMs',
    ]);
  });
});

describe('mouth thresholds (other_voice)', () => {
  it('take a station’s changes, stay out of the face maths, and refuse values out of range', () => {
    const overrides = thresholdOverridesSchema.parse({
      mouthStillSpread: 0.006,
      debounce: { other_voice: { minDurationMs: 2000 } },
    });
    expect(mouthWith(overrides)).toEqual({ ...DEFAULT_MOUTH, mouthStillSpread: 0.006 });
    expect(mouthWith(undefined)).toEqual(DEFAULT_MOUTH);
    expect(withOverrides(overrides)).toEqual(DEFAULT_THRESHOLDS);
    expect(debounceWith(overrides).other_voice).toEqual({
      minDurationMs: 2000,
      mergeGapMs: DEFAULT_DEBOUNCE.other_voice.mergeGapMs,
    });
    const wild = thresholdOverridesSchema.safeParse({ mouthStillSpread: 2, mouthWindowMs: 50 });
    expect(wild.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'mouthStillSpread',
      'mouthWindowMs',
    ]);
  });
});
