import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectSpeech, SpeechSegmenter, type SpeechSegment } from './speech-segments';
import {
  concat,
  energyRegions,
  jfkWav,
  msFor,
  readAudio,
  silence,
  speak,
  whiteNoise,
} from './test-audio';
import { VoiceActivity } from './vad';

const FRAME_MS = 32;

/** Feeds one probability per 32 ms frame and collects every segment, flushed at the end. */
function segment(probs: number[], options = {}): SpeechSegment[] {
  const segmenter = new SpeechSegmenter({ prePadMs: 0, postPadMs: 0, ...options });
  const out: SpeechSegment[] = [];
  probs.forEach((p, i) => {
    const closed = segmenter.push(i * FRAME_MS, p);
    if (closed) out.push(closed);
  });
  const last = segmenter.flush(probs.length * FRAME_MS);
  if (last) out.push(last);
  return out;
}

const run = (p: number, frames: number): number[] => Array<number>(frames).fill(p);

describe('SpeechSegmenter', () => {
  it('turns a run of speech frames into one segment ending at the last speech frame', () => {
    expect(segment([...run(0, 10), ...run(0.9, 20), ...run(0, 20)])).toEqual([
      { startMs: 320, endMs: 960 },
    ]);
  });

  it('drops blips shorter than the minimum speech duration', () => {
    // 5 frames = 160 ms of "speech": a cough or a door, not talk.
    expect(segment([...run(0, 10), ...run(0.9, 5), ...run(0, 20)])).toEqual([]);
    expect(segment([...run(0, 10), ...run(0.9, 5), ...run(0, 20)], { minSpeechMs: 100 })).toEqual([
      { startMs: 320, endMs: 480 },
    ]);
  });

  it('bridges pauses shorter than the hangover and splits at longer ones', () => {
    const short = [...run(0.9, 10), ...run(0.1, 6), ...run(0.9, 10), ...run(0, 20)];
    expect(segment(short)).toEqual([{ startMs: 0, endMs: 832 }]);
    const long = [...run(0.9, 10), ...run(0.1, 12), ...run(0.9, 10), ...run(0, 20)];
    expect(segment(long)).toEqual([
      { startMs: 0, endMs: 320 },
      { startMs: 704, endMs: 1024 },
    ]);
  });

  it('emits a segment only once the hangover has passed', () => {
    const segmenter = new SpeechSegmenter({ prePadMs: 0, postPadMs: 0 });
    const emitted: (SpeechSegment | null)[] = [];
    [...run(0.9, 10), ...run(0, 10)].forEach((p, i) => emitted.push(segmenter.push(i * 32, p)));
    // 9 silent frames = 288 ms < 300 ms hangover; the 10th completes it.
    expect(emitted.slice(0, 19).every((s) => s === null)).toBe(true);
    expect(emitted[19]).toEqual({ startMs: 0, endMs: 320 });
    expect(segmenter.speaking).toBe(false);
  });

  it('holds a segment open through middling probabilities (hysteresis)', () => {
    // 0.4 would not open a segment, but does not end one either.
    expect(segment([...run(0.4, 10), ...run(0, 20)])).toEqual([]);
    expect(segment([...run(0.9, 10), ...run(0.4, 20), ...run(0, 20)])).toEqual([
      { startMs: 0, endMs: 960 },
    ]);
  });

  it('flush closes a segment still open at the end of the audio', () => {
    const segmenter = new SpeechSegmenter({ prePadMs: 0, postPadMs: 100 });
    run(0.9, 20).forEach((p, i) => segmenter.push(i * 32, p));
    expect(segmenter.speaking).toBe(true);
    expect(segmenter.flush(630)).toEqual({ startMs: 0, endMs: 630 });
    expect(segmenter.flush(700)).toBeNull();
  });

  it('pads segments without overlapping the previous one or going below zero', () => {
    const probs = [...run(0.9, 10), ...run(0, 10), ...run(0.9, 10), ...run(0, 20)];
    expect(segment(probs, { prePadMs: 100, postPadMs: 64 })).toEqual([
      { startMs: 0, endMs: 384 },
      { startMs: 540, endMs: 1024 },
    ]);
    expect(segment(probs, { prePadMs: 300, postPadMs: 64 })[1]?.startMs).toBe(384);
  });

  it('rejects an end threshold above the start threshold', () => {
    expect(() => new SpeechSegmenter({ startThreshold: 0.3, endThreshold: 0.5 })).toThrow(
      RangeError,
    );
  });
});

describe('detectSpeech on real audio', () => {
  let vad: VoiceActivity;
  beforeAll(async () => {
    vad = await VoiceActivity.open(path.resolve('resources'));
  });
  afterAll(() => vad.close());

  const HANGOVER_MS = 300;

  it('finds two espeak sentences separated by 1.5 s of silence, starting on time', async () => {
    const audio = concat(
      silence(1000),
      speak('The quick brown fox jumps over the lazy dog.'),
      silence(1500),
      speak('Please describe a project you are proud of.'),
      silence(1000),
    );
    const truth = energyRegions(audio);
    expect(truth).toHaveLength(2);

    const { segments, frames } = await detectSpeech(audio, vad);

    expect(frames).toHaveLength(Math.ceil(audio.length / 512));
    expect(frames[1]?.tMs).toBe(32);
    expect(segments).toHaveLength(2);
    segments.forEach((found, i) => {
      const expected = truth[i];
      if (!expected) throw new Error(`no energy truth for segment ${i}`);
      expect(Math.abs(found.startMs - expected.startMs)).toBeLessThanOrEqual(100);
      expect(found.endMs).toBeGreaterThanOrEqual(expected.endMs);
      expect(found.endMs).toBeLessThanOrEqual(expected.endMs + HANGOVER_MS + 150);
    });
  });

  it('splits jfk.wav at its pauses, each segment starting on an energy onset', async () => {
    const audio = readAudio(jfkWav());
    expect(msFor(audio.length)).toBeCloseTo(11000, -1);
    // The recording's hiss sits near -40 dBFS, so the energy truth needs a higher threshold.
    const onsets = energyRegions(audio, { thresholdDb: -35 }).map((r) => r.startMs);

    const { segments } = await detectSpeech(audio, vad);

    // "And so my fellow Americans | ask not | what your country can do for you |
    // ask what you can do for your country": pauses of 1.0, 1.0 and 0.58 s.
    expect(segments).toHaveLength(4);
    expect(onsets).toHaveLength(4);
    segments.forEach((found, i) => {
      expect(Math.abs(found.startMs - (onsets[i] ?? -Infinity))).toBeLessThanOrEqual(100);
    });
    // The last phrase ends near 10.5 s, before the noise that closes the clip.
    expect(segments[3]?.endMs).toBeLessThan(10_800);
  });

  it('with a longer hangover bridges the 0.58 s pause in jfk.wav', async () => {
    const { segments } = await detectSpeech(readAudio(jfkWav()), vad, { hangoverMs: 800 });
    expect(segments).toHaveLength(3);
  });

  it('finds nothing in silence or in -40 dBFS white noise', async () => {
    expect((await detectSpeech(silence(5000), vad)).segments).toEqual([]);
    expect((await detectSpeech(whiteNoise(5000, -40), vad)).segments).toEqual([]);
  });

  it('closes speech still going at the end of the buffer', async () => {
    const audio = concat(silence(500), speak('I was still talking when the recording'));
    const { segments } = await detectSpeech(audio, vad);
    expect(segments).toHaveLength(1);
    expect(segments[0]?.endMs).toBeLessThanOrEqual(msFor(audio.length));
    expect(segments[0]?.endMs).toBeGreaterThan(msFor(audio.length) - 300);
  });
});
