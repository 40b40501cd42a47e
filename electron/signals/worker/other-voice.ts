import type { Evidence, SignalEvent } from '../../../shared/signals';
import type { RgbFrame } from '../../../shared/frames';
import { DEFAULT_DEBOUNCE, IntervalDetector, type DebounceOptions } from './events';
import { DEFAULT_MOUTH, mouthStill, type MouthSample, type MouthThresholds } from './mouth-motion';

export interface OtherVoiceOptions {
  thresholds?: MouthThresholds;
  debounce?: DebounceOptions;
  /** Milliseconds between two landmark frames, to know how many a window should hold. */
  landmarkPeriodMs: number;
  /**
   * Speech waits this long for the video to cover its window; after that (the camera is slow
   * or gone) it is judged with what came, which without frames means "not still".
   */
  maxWaitMs?: number;
}

/** A thumbnail candidate is kept at most this often, and for this long. */
const EVIDENCE_EVERY_MS = 400;
const EVIDENCE_KEEP_MS = 6000;

interface VoiceFrame {
  startMs: number;
  endMs: number;
  speaking: boolean;
}

/**
 * `other_voice`: speech while the candidate's mouth is still, the product brief's "speech while
 * another voice is present". Joins two streams that arrive separately and not in step (audio
 * in chunks, frames one by one; a file analysis sends all the video first): each 32 ms of
 * audio waits until the frames around it have come, then is judged against the mouth's
 * movement over the window around it (mouth-motion.ts). No speaker identification: only
 * whether the face in view moved its lips while a voice was heard.
 */
export class OtherVoice {
  private readonly thresholds: MouthThresholds;
  private readonly detector: IntervalDetector;
  private readonly minSamples: number;
  private readonly maxWaitMs: number;
  private mouth: MouthSample[] = [];
  /** The first sample a window still to come may need: the ones before it are done with. */
  private mouthFrom = 0;
  private pending: VoiceFrame[] = [];
  private lastMouthMs = -Infinity;
  private lastVoiceEndMs = -Infinity;
  /** Small copies of recent frames with a face, one of which becomes an event's thumbnail. */
  private recent: { tMs: number; frame: Evidence }[] = [];
  private evidenceSink: ((frame: { tMs: number } & Evidence) => void) | null = null;

  constructor(options: OtherVoiceOptions) {
    this.thresholds = options.thresholds ?? DEFAULT_MOUTH;
    this.detector = new IntervalDetector(
      'other_voice',
      options.debounce ?? DEFAULT_DEBOUNCE.other_voice,
    );
    // Half the window's landmark frames must be there: one lost frame is not "no face".
    this.minSamples = Math.max(
      2,
      Math.floor(this.thresholds.mouthWindowMs / options.landmarkPeriodMs / 2),
    );
    this.maxWaitMs = options.maxWaitMs ?? 3000;
  }

  /** One landmark frame's mouth opening (null: no face or no mesh), with the frame itself. */
  pushMouth(tMs: number, opening: number | null, frame?: RgbFrame): void {
    this.mouth.push({ tMs, opening });
    this.lastMouthMs = Math.max(this.lastMouthMs, tMs);
    const last = this.recent.at(-1);
    if (frame && opening !== null && (!last || tMs - last.tMs >= EVIDENCE_EVERY_MS)) {
      this.recent.push({ tMs, frame: thumbnail(frame) });
      this.recent = this.recent.filter((r) => r.tMs >= tMs - EVIDENCE_KEEP_MS);
    }
    this.drain(false);
  }

  /** One audio frame, and whether the segmenter counts it as speech. */
  pushVoice(startMs: number, endMs: number, speaking: boolean): void {
    this.pending.push({ startMs, endMs, speaking });
    this.lastVoiceEndMs = Math.max(this.lastVoiceEndMs, endMs);
    this.drain(false);
  }

  /** Events already final. */
  settled(): SignalEvent[] {
    return this.detector.settled();
  }

  /** Judges what still waits with the frames that came, and closes at `endMs`. */
  finish(endMs: number): SignalEvent[] {
    this.drain(true);
    return this.detector.finish(endMs);
  }

  /** Where the thumbnail of each new event goes, dated at the event's start. */
  setEvidenceSink(sink: (frame: { tMs: number } & Evidence) => void): void {
    this.evidenceSink = sink;
  }

  private drain(all: boolean): void {
    const half = this.thresholds.mouthWindowMs / 2;
    let judged = 0;
    for (const voice of this.pending) {
      const covered = this.lastMouthMs >= voice.endMs + half;
      const stale = voice.startMs < this.lastVoiceEndMs - this.maxWaitMs;
      if (!all && !covered && !stale) break;
      const midMs = (voice.startMs + voice.endMs) / 2;
      const active =
        voice.speaking &&
        mouthStill(this.mouth, midMs, this.thresholds, this.minSamples, this.mouthFrom);
      if (this.detector.push(voice.startMs, active, voice.endMs)) this.keepEvidence(voice.startMs);
      judged += 1;
    }
    if (judged === 0) return;
    this.pending = this.pending.slice(judged);
    // Frames before every window still to come are no longer needed; they are cut off in
    // batches, so a long file's frames are not copied for every 32 ms of audio.
    const next = this.pending[0]?.startMs ?? this.lastVoiceEndMs;
    while (
      this.mouthFrom < this.mouth.length &&
      (this.mouth[this.mouthFrom]?.tMs ?? 0) < next - half
    ) {
      this.mouthFrom += 1;
    }
    if (this.mouthFrom > 1024 && this.mouthFrom * 2 > this.mouth.length) {
      this.mouth = this.mouth.slice(this.mouthFrom);
      this.mouthFrom = 0;
    }
  }

  private keepEvidence(startMs: number): void {
    let best: { tMs: number; frame: Evidence } | null = null;
    for (const r of this.recent) {
      if (!best || Math.abs(r.tMs - startMs) < Math.abs(best.tMs - startMs)) best = r;
    }
    if (best && Math.abs(best.tMs - startMs) <= this.thresholds.mouthWindowMs) {
      this.evidenceSink?.({ tMs: startMs, ...best.frame });
    }
  }
}

/** A copy at half size (2×2 averages) for frames 640 px wide or more: a thumbnail is 320 px. */
function thumbnail(frame: RgbFrame): Evidence {
  const { width, height, data } = frame;
  if (width < 640) return { width, height, data: data.slice() };
  const w = Math.floor(width / 2);
  const h = Math.floor(height / 2);
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const top = 2 * y * width * 3;
    const bottom = top + width * 3;
    for (let x = 0; x < w; x++) {
      const a = top + 6 * x;
      const b = bottom + 6 * x;
      const o = (y * w + x) * 3;
      for (let c = 0; c < 3; c++) {
        const sum =
          (data[a + c] ?? 0) + (data[a + 3 + c] ?? 0) + (data[b + c] ?? 0) + (data[b + 3 + c] ?? 0);
        out[o + c] = (sum + 2) >> 2;
      }
    }
  }
  return { width: w, height: h, data: out };
}
