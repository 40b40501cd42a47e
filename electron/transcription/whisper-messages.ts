/**
 * The messages between the station and its transcription process (whisper-worker.ts). Each
 * request carries an id; the process answers it once, with `done` or `error`, and may send
 * `progress` in between.
 */
import type { ModelCheck } from './ggml-model';

export interface TranscribeRequest {
  /** An audio or video file; its first audio stream is transcribed. */
  file: string;
  /** A language code ('en', 'de'…) or 'auto'; English-only models ignore it. */
  language: string;
  threads: number;
  /**
   * whisper.cpp's temperature fall-back step; 0 turns fall-back off (needed for random test
   * weights, which would otherwise retry every window at rising temperatures).
   */
  temperatureInc?: number;
  /** Where `models/silero_vad.onnx` is; speech segments are skipped when it is missing. */
  resourcesDir: string;
}

/** One decoded token with its time span in milliseconds from the start of the file. */
export interface TimedToken {
  text: string;
  startMs: number;
  endMs: number;
}

export interface RawTranscription {
  /** Length of the decoded audio. */
  durationMs: number;
  language: string | null;
  tokens: TimedToken[];
  /** Voice activity (Silero) in ms from the start of the file; null when VAD was unavailable. */
  speech: { startMs: number; endMs: number }[] | null;
  /** Why `speech` is null, if it is. */
  speechNote?: string;
  /** Wall time of whisper itself (decoding and VAD excluded). */
  whisperMs: number;
  threads: number;
}

export interface ProcessUsage {
  /** Current resident set size, bytes. */
  rss: number;
  /** Peak resident set size of the process so far, bytes. */
  maxRss: number;
}

export type ToWhisper =
  | { type: 'load'; id: number; file: string }
  | { type: 'transcribe'; id: number; request: TranscribeRequest }
  | { type: 'release'; id: number }
  | { type: 'usage'; id: number };

/** Why a request failed, for the caller to decide what to do. */
export type WhisperErrorKind = 'bad_model' | 'no_model' | 'no_audio' | 'media' | 'whisper';

export type FromWhisper =
  | { type: 'progress'; id: number; progress: number }
  | { type: 'done'; id: number; value: LoadResult | RawTranscription | ProcessUsage | null }
  | { type: 'error'; id: number; kind: WhisperErrorKind; message: string };

export type LoadResult = Extract<ModelCheck, { ok: true }>;
