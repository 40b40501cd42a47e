import { z } from 'zod';
import { DEFAULT_DEBOUNCE, type DebounceOptions } from './events';
import { DEFAULT_THRESHOLDS, type SignalThresholds } from './face-signals';
import { DEFAULT_MOUTH, type MouthThresholds } from './mouth-motion';

const ratio = z.number().min(0).max(1);
const degrees = z.number().min(0).max(180);
const minDurationMs = z.number().int().min(0).max(60_000);
const mergeGapMs = z.number().int().min(0).max(10_000);
const debounce = z.strictObject({ minDurationMs, mergeGapMs }).partial();

/**
 * Landmarks on every analysed frame by default: on onnxruntime the mesh and iris cost about
 * as much as one face detection (bench:vision), so every frame fits within one core, and
 * short blinks are no longer missed between landmark frames.
 */
export const DEFAULT_LANDMARK_EVERY = 1;

/** The events the analyser finds by debouncing a per-frame condition. */
export const DEBOUNCED_EVENTS = [
  'no_face',
  'multiple_faces',
  'looking_away',
  'eyes_closed',
  'speech_during_reading',
  'other_voice',
] as const;
export type DebouncedEvent = (typeof DEBOUNCED_EVENTS)[number];
export type DebounceTable = Record<DebouncedEvent, DebounceOptions>;

/**
 * A station's (or an analysis run's) changes to the signal thresholds: any subset, each in a
 * sensible range, nothing unknown — a misspelt key must not silently fall back to the default.
 * `debounce` sets, per event type, how short an interval is dropped and how short a gap is
 * bridged.
 */
export const thresholdOverridesSchema = z
  .strictObject({
    earOpen: ratio,
    earBlink: ratio,
    earClosed: ratio,
    eyesClosedMs: minDurationMs,
    blinkMinFrames: z.number().int().min(1).max(30),
    blinkMaxFrames: z.number().int().min(1).max(60),
    maxPitch: degrees,
    maxYaw: degrees,
    maxRoll: degrees,
    calibratedMaxYaw: degrees,
    maxGazeX: ratio,
    maxGazeY: ratio,
    mouthStillSpread: ratio,
    mouthWindowMs: z.number().int().min(200).max(10_000),
    debounce: z
      .strictObject({
        no_face: debounce,
        multiple_faces: debounce,
        looking_away: debounce,
        // Its minimum duration is eyesClosedMs already: one knob, not two that disagree.
        eyes_closed: z.strictObject({ mergeGapMs }).partial(),
        speech_during_reading: debounce,
        other_voice: debounce,
      })
      .partial(),
  })
  .partial();

export type ThresholdOverrides = z.infer<typeof thresholdOverridesSchema>;

/** The defaults with a station's overrides applied. */
export function withOverrides(overrides: ThresholdOverrides | undefined): SignalThresholds {
  const {
    debounce: _debounce,
    mouthStillSpread: _spread,
    mouthWindowMs: _window,
    ...thresholds
  } = overrides ?? {};
  return { ...DEFAULT_THRESHOLDS, ...thresholds };
}

/** The mouth-stillness thresholds of other_voice, with a station's overrides applied. */
export function mouthWith(overrides: ThresholdOverrides | undefined): MouthThresholds {
  return {
    mouthStillSpread: overrides?.mouthStillSpread ?? DEFAULT_MOUTH.mouthStillSpread,
    mouthWindowMs: overrides?.mouthWindowMs ?? DEFAULT_MOUTH.mouthWindowMs,
  };
}

/** Each debounced event's minimum duration and merge gap, with a station's overrides applied. */
export function debounceWith(overrides: ThresholdOverrides | undefined): DebounceTable {
  const table = Object.fromEntries(
    DEBOUNCED_EVENTS.map((type) => [
      type,
      { ...DEFAULT_DEBOUNCE[type], ...overrides?.debounce?.[type] },
    ]),
  ) as DebounceTable;
  table.eyes_closed.minDurationMs = withOverrides(overrides).eyesClosedMs;
  return table;
}

/** What the station settings screen shows as the defaults: thresholds and debouncing. */
export const DEFAULT_THRESHOLD_SETTINGS = {
  ...DEFAULT_THRESHOLDS,
  ...DEFAULT_MOUTH,
  debounce: Object.fromEntries(
    DEBOUNCED_EVENTS.map((type) => [
      type,
      type === 'eyes_closed'
        ? { mergeGapMs: DEFAULT_DEBOUNCE[type].mergeGapMs }
        : DEFAULT_DEBOUNCE[type],
    ]),
  ),
};
