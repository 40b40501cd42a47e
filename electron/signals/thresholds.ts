import { z } from 'zod';
import { DEFAULT_THRESHOLDS, type SignalThresholds } from './face-signals';

const ratio = z.number().min(0).max(1);
const degrees = z.number().min(0).max(180);

/**
 * A station's (or an analysis run's) changes to the signal thresholds: any subset, each in a
 * sensible range, nothing unknown — a misspelt key must not silently fall back to the default.
 */
export const thresholdOverridesSchema = z
  .strictObject({
    earOpen: ratio,
    earBlink: ratio,
    earClosed: ratio,
    eyesClosedMs: z.number().int().min(0).max(60_000),
    blinkMinFrames: z.number().int().min(1).max(30),
    blinkMaxFrames: z.number().int().min(1).max(60),
    maxPitch: degrees,
    maxYaw: degrees,
    maxRoll: degrees,
    maxGazeX: ratio,
    maxGazeY: ratio,
  })
  .partial();

export type ThresholdOverrides = z.infer<typeof thresholdOverridesSchema>;

/** The defaults with a station's overrides applied. */
export function withOverrides(overrides: ThresholdOverrides | undefined): SignalThresholds {
  return { ...DEFAULT_THRESHOLDS, ...overrides };
}
