import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from './face-signals';
import { thresholdOverridesSchema, withOverrides } from './thresholds';

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
});
