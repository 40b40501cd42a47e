import { VAD_FRAME, VAD_FRAME_MS, VAD_RATE, type VoiceActivity } from './vad';
import { VoiceDetector, type DetectedVoice, type VoiceDetectorOptions } from './voice-detector';

export interface SpeechSegment {
  startMs: number;
  endMs: number;
}

export interface SegmenterOptions {
  /** A segment opens on a frame at or above this probability. */
  startThreshold: number;
  /**
   * An open segment counts frames below this as silence. Lower than `startThreshold` so a
   * probability wavering around one value does not open and close segments (hysteresis).
   */
  endThreshold: number;
  /** Speech shorter than this (before padding) is dropped: a cough or a click, not talk. */
  minSpeechMs: number;
  /** Silence must last this long to end a segment; shorter pauses stay inside it. */
  hangoverMs: number;
  /** Added before the first speech frame: Silero fires a frame or two after soft onsets. */
  prePadMs: number;
  /** Added after the last speech frame, so a trailing soft consonant stays inside. */
  postPadMs: number;
  /** Duration of one frame, to know when a frame's audio ends. */
  frameMs: number;
}

/**
 * Starting points: Silero's recommended 0.5 with its usual 0.15 of hysteresis; 300 ms of
 * hangover keeps a sentence whole but splits at a breath between sentences.
 */
export const DEFAULT_SEGMENTER: SegmenterOptions = {
  startThreshold: 0.5,
  endThreshold: 0.35,
  minSpeechMs: 250,
  hangoverMs: 300,
  prePadMs: 32,
  postPadMs: 64,
  frameMs: VAD_FRAME_MS,
};

/**
 * Turns per-frame speech probabilities into speech segments, streaming: `push` every frame in
 * time order; it returns a segment once the silence after it has lasted the hangover. Call
 * `flush` at the end of the audio to close a segment still open.
 */
export class SpeechSegmenter {
  private readonly options: SegmenterOptions;
  private openStartMs: number | null = null;
  /** End of the latest frame at or above the end threshold in the open segment. */
  private lastSpeechMs = 0;
  /** End of the latest emitted segment: padding must not reach back into it. */
  private previousEndMs = 0;

  constructor(options: Partial<SegmenterOptions> = {}) {
    this.options = { ...DEFAULT_SEGMENTER, ...options };
    if (this.options.endThreshold > this.options.startThreshold) {
      throw new RangeError('endThreshold must not exceed startThreshold');
    }
  }

  /** Whether a segment is open (speech heard and its hangover not yet over). */
  get speaking(): boolean {
    return this.openStartMs !== null;
  }

  /** Feeds one frame starting at `tMs`; returns the segment this frame closed, if any. */
  push(tMs: number, probability: number): SpeechSegment | null {
    const { startThreshold, endThreshold, hangoverMs, frameMs } = this.options;
    const frameEndMs = tMs + frameMs;
    if (this.openStartMs === null) {
      if (probability >= startThreshold) {
        this.openStartMs = tMs;
        this.lastSpeechMs = frameEndMs;
      }
      return null;
    }
    if (probability >= endThreshold) {
      this.lastSpeechMs = frameEndMs;
      return null;
    }
    if (frameEndMs - this.lastSpeechMs < hangoverMs) return null;
    return this.close(Infinity);
  }

  /** Closes a segment still open at `endMs`, the end of the audio; returns it if it counts. */
  flush(endMs: number): SpeechSegment | null {
    if (this.openStartMs === null) return null;
    return this.close(endMs);
  }

  /** Forgets any open segment, as for a new recording. */
  reset(): void {
    this.openStartMs = null;
    this.lastSpeechMs = 0;
    this.previousEndMs = 0;
  }

  private close(limitMs: number): SpeechSegment | null {
    const { minSpeechMs, prePadMs, postPadMs } = this.options;
    const startMs = this.openStartMs ?? 0;
    const speechEndMs = Math.min(this.lastSpeechMs, limitMs);
    this.openStartMs = null;
    if (speechEndMs - startMs < minSpeechMs) return null;
    const segment = {
      startMs: Math.max(0, this.previousEndMs, startMs - prePadMs),
      endMs: Math.min(limitMs, speechEndMs + postPadMs),
    };
    this.previousEndMs = segment.endMs;
    return segment;
  }
}

export interface SpeechAnalysis {
  segments: SpeechSegment[];
  /** One entry per 512-sample frame; `tMs` is the frame's start. */
  frames: ({ tMs: number } & DetectedVoice)[];
}

/**
 * Runs the VAD over a whole 16 kHz buffer from a fresh state, for offline analysis of a
 * recording: through the level normaliser and the texture check unless `detector` turns them
 * off. A last partial frame is zero-padded so trailing speech is not lost.
 */
export async function detectSpeech(
  samples: Float32Array,
  sileroVad: Pick<VoiceActivity, 'process' | 'reset'>,
  options: Partial<SegmenterOptions> = {},
  detector: Partial<VoiceDetectorOptions> = {},
): Promise<SpeechAnalysis> {
  const vad = new VoiceDetector(sileroVad, detector);
  vad.reset();
  const segmenter = new SpeechSegmenter({ ...options, frameMs: VAD_FRAME_MS });
  const segments: SpeechSegment[] = [];
  const frames: SpeechAnalysis['frames'] = [];
  const padded = new Float32Array(VAD_FRAME);
  for (let at = 0; at < samples.length; at += VAD_FRAME) {
    let frame = samples.subarray(at, at + VAD_FRAME);
    if (frame.length < VAD_FRAME) {
      padded.set(frame);
      frame = padded;
    }
    const tMs = (at / VAD_RATE) * 1000;
    const result = await vad.process(frame);
    frames.push({ tMs, ...result });
    const segment = segmenter.push(tMs, result.probability);
    if (segment) segments.push(segment);
  }
  const last = segmenter.flush((samples.length / VAD_RATE) * 1000);
  if (last) segments.push(last);
  return { segments, frames };
}
