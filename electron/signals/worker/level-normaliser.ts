/**
 * A slow automatic gain for the VAD's input. Silero misses a speaker whose voice reaches the
 * microphone 20 dB below a normal one (measured: jfk.wav at -46 dBFS RMS loses 77% of its
 * speech), so quiet input is lifted towards a normal speaking level before the model hears it.
 * Only the model's copy is lifted: the level the signals report stays the microphone's own.
 */

export interface NormaliserOptions {
  /** The speaking level the gain aims for, dBFS RMS of a 32 ms frame. */
  targetDb: number;
  /** Never more gain than this: a whisper across the room is not lifted into a voice. */
  maxGainDb: number;
  /** The noise floor, once lifted, stays at or below this so steady noise stays quiet. */
  maxFloorDb: number;
  /** Per-frame share of a rise the level follows (fast: a voice is heard within ~0.3 s). */
  attack: number;
  /** Per-frame share of a fall it follows (slow: a pause between sentences keeps the gain). */
  release: number;
}

export const DEFAULT_NORMALISER: NormaliserOptions = {
  targetDb: -26,
  maxGainDb: 24,
  maxFloorDb: -40,
  // With 32 ms frames: a rise settles in about 10 frames, a fall in about 3 s.
  attack: 0.1,
  release: 0.01,
};

// Digital silence has no level; it counts as far below any microphone's own noise.
const SILENT_DB = -100;

/** Frame RMS in dBFS, with digital silence at -100. */
export function levelDb(rms: number): number {
  return rms > 1e-5 ? 20 * Math.log10(rms) : SILENT_DB;
}

export class LevelNormaliser {
  private readonly options: NormaliserOptions;
  /** Upper envelope of the frame levels: follows the voice, sags slowly in pauses. */
  private speechDb: number;
  /** Lower envelope: the room's noise floor, which rises only slowly. */
  private floorDb = SILENT_DB;
  private started = false;

  constructor(options: Partial<NormaliserOptions> = {}) {
    this.options = { ...DEFAULT_NORMALISER, ...options };
    this.speechDb = this.options.targetDb;
  }

  /** Updates the level estimates with one frame's RMS and returns the linear gain to apply. */
  gainFor(rms: number): number {
    const { targetDb, maxGainDb, maxFloorDb, attack, release } = this.options;
    const db = levelDb(rms);
    if (!this.started) {
      // The first frame seeds the floor; the speech estimate starts at the target (no gain)
      // and sags towards a quiet speaker's level within the first few seconds.
      this.floorDb = db;
      this.started = true;
    }
    this.speechDb += (db - this.speechDb) * (db > this.speechDb ? attack : release);
    // The floor drops at once (a quieter frame is the floor) and climbs very slowly, so speech
    // does not count as noise.
    this.floorDb = db < this.floorDb ? db : this.floorDb + (db - this.floorDb) * 0.002;
    const gainDb = Math.max(
      0,
      Math.min(maxGainDb, targetDb - this.speechDb, maxFloorDb - this.floorDb),
    );
    return 10 ** (gainDb / 20);
  }

  /** The gain in dB the last frame got (for figures and tests). */
  get currentGainDb(): number {
    const { targetDb, maxGainDb, maxFloorDb } = this.options;
    return Math.max(0, Math.min(maxGainDb, targetDb - this.speechDb, maxFloorDb - this.floorDb));
  }

  /** Forgets the levels, as for a new microphone or recording. */
  reset(): void {
    this.speechDb = this.options.targetDb;
    this.floorDb = SILENT_DB;
    this.started = false;
  }
}
