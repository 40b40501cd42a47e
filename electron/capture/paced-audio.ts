/**
 * Feeds the microphone into the recording's audio track so that sample k of the track is the
 * sound at session time `anchor + k / 16 kHz`, where the anchor is the camera's first frame:
 * video frame 0 and audio sample 0 are the same instant, and both tracks stay on the session
 * clock for the whole segment.
 *
 * ffmpeg times a raw PCM input by counting samples, so gaps must be filled, not skipped: when
 * the microphone is late, lost or absent, silence is written up to `now - lagMs`; a chunk
 * that arrives after silence already covered part of it loses that part. Chunks stamped
 * before the anchor are trimmed. Before the anchor exists a short pre-roll of silence lets
 * ffmpeg open the audio input (it opens every input before reading any); that silence is
 * counted as the first samples after the anchor, which is harmless because it is silence.
 */
import { SAMPLE_RATE, type MicrophoneChunk } from './microphone';

const SAMPLES_PER_MS = SAMPLE_RATE / 1000;
/** Silence written at once so ffmpeg can open the input: 64 ms. */
export const PREROLL_SAMPLES = 1024;
/**
 * How far behind real time the track is kept: arecord delivers 125 ms periods, and a chunk
 * must arrive before silence is written in its place.
 */
export const DEFAULT_LAG_MS = 400;
/**
 * ffmpeg's AAC encoder puts 1024 samples of priming before the first real one, and players
 * of a fragmented MP4 (which has no edit list to hide them) play them: the track starts
 * this much later than what was written. The anchor moves by as much to make up for it.
 * Measured: without this, speech played into the microphone sat 64 ms late in the recording.
 */
export const AAC_PRIMING_SAMPLES = 1024;
// Chunks that arrive before the first frame: at most ~10 s of them are kept.
const MAX_PENDING = 100;

export class PacedAudio {
  private anchorMs: number | null = null;
  private written = 0;
  private readonly pending: MicrophoneChunk[] = [];

  constructor(
    private readonly write: (pcm: Buffer) => void,
    private readonly lagMs = DEFAULT_LAG_MS,
    private readonly codecDelaySamples = AAC_PRIMING_SAMPLES,
  ) {
    this.silence(PREROLL_SAMPLES);
  }

  /** Samples written so far. */
  get samplesWritten(): number {
    return this.written;
  }

  /** The camera's first frame: the session time the track's first played sample must have. */
  anchor(ms: number): void {
    if (this.anchorMs !== null) return;
    this.anchorMs = ms + this.codecDelaySamples / SAMPLES_PER_MS;
    for (const chunk of this.pending.splice(0)) this.push(chunk);
  }

  push(chunk: MicrophoneChunk): void {
    if (this.anchorMs === null) {
      this.pending.push(chunk);
      if (this.pending.length > MAX_PENDING) this.pending.shift();
      return;
    }
    const start = Math.round((chunk.tMs - this.anchorMs) * SAMPLES_PER_MS);
    const end = start + chunk.samples.length;
    if (end <= this.written) return;
    if (start > this.written) this.silence(start - this.written);
    this.emit(chunk.samples.subarray(Math.max(0, this.written - start)));
  }

  /** Fills the track with silence up to `nowMs - lagMs` where the microphone has not. */
  tick(nowMs: number): void {
    this.fillTo(nowMs - this.lagMs);
  }

  /** Fills up to `endMs` exactly, for the end of the segment. */
  finish(endMs: number): void {
    this.fillTo(endMs);
  }

  private fillTo(ms: number): void {
    if (this.anchorMs === null) return;
    const target = Math.floor((ms - this.anchorMs) * SAMPLES_PER_MS);
    if (target > this.written) this.silence(target - this.written);
  }

  private silence(samples: number): void {
    this.emit(new Int16Array(samples));
  }

  private emit(samples: Int16Array): void {
    if (samples.length === 0) return;
    this.written += samples.length;
    this.write(Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
  }
}
