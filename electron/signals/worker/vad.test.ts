import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelError, modelPath } from './models';
import { concat, silence, speak, whiteNoise } from './test-audio';
import { int16ToFloat32, rmsOf, VAD_FRAME, VoiceActivity } from './vad';

const resources = path.resolve('resources');

function framesOf(samples: Float32Array): Float32Array[] {
  const frames: Float32Array[] = [];
  for (let at = 0; at + VAD_FRAME <= samples.length; at += VAD_FRAME) {
    frames.push(samples.subarray(at, at + VAD_FRAME));
  }
  return frames;
}

async function probabilities(vad: VoiceActivity, frames: Float32Array[]): Promise<number[]> {
  const out: number[] = [];
  for (const frame of frames) out.push((await vad.process(frame)).probability);
  return out;
}

describe('VoiceActivity', () => {
  let vad: VoiceActivity;
  let speech: Float32Array[];

  beforeAll(async () => {
    vad = await VoiceActivity.open(resources);
    speech = framesOf(concat(silence(300), speak('Tell me about your last project.')));
  });
  afterAll(() => vad.close());

  it('hears espeak speech and not the silence before it', async () => {
    vad.reset();
    const probs = await probabilities(vad, speech);
    // The first 300 ms (9 frames) are digital silence.
    expect(Math.max(...probs.slice(0, 9))).toBeLessThan(0.2);
    expect(probs.filter((p) => p > 0.9).length).toBeGreaterThan(probs.length / 2);
  });

  it('keeps its recurrent state between frames', async () => {
    vad.reset();
    const inContext = await probabilities(vad, speech);
    // Scoring every frame from a blank state gives different answers if state matters.
    const isolated: number[] = [];
    for (const frame of speech) {
      vad.reset();
      isolated.push((await vad.process(frame)).probability);
    }
    const differences = inContext.map((p, i) => Math.abs(p - (isolated[i] ?? p)));
    expect(Math.max(...differences)).toBeGreaterThan(0.1);
  });

  it('after reset scores a recording exactly as a fresh instance does', async () => {
    const fresh = await VoiceActivity.open(resources);
    try {
      const expected = await probabilities(fresh, speech);
      await probabilities(vad, framesOf(speak('Something else entirely, to dirty the state.')));
      vad.reset();
      const again = await probabilities(vad, speech);
      expect(again).toEqual(expected);
    } finally {
      await fresh.close();
    }
  });

  it('scores frames in call order even when calls overlap', async () => {
    vad.reset();
    const sequential = await probabilities(vad, speech);
    vad.reset();
    const overlapping = await Promise.all(speech.map((frame) => vad.process(frame)));
    expect(overlapping.map((frame) => frame.probability)).toEqual(sequential);
  });

  it('stays low on digital silence and on -40 dBFS white noise', async () => {
    for (const audio of [silence(3000), whiteNoise(3000, -40)]) {
      vad.reset();
      const probs = await probabilities(vad, framesOf(audio));
      expect(Math.max(...probs)).toBeLessThan(0.35);
    }
  });

  it('reports the RMS level of each frame', async () => {
    const noise = whiteNoise(32, -20);
    const { rms } = await vad.process(noise);
    expect(20 * Math.log10(rms)).toBeCloseTo(-20, 0);
  });

  it('refuses frames that are not 512 samples', async () => {
    await expect(vad.process(new Float32Array(480))).rejects.toThrow(/512 samples/);
  });

  it('names the missing model file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'resources-'));
    const file = modelPath(dir, 'sileroVad');
    await expect(VoiceActivity.open(dir)).rejects.toThrow(ModelError);
    await expect(VoiceActivity.open(dir)).rejects.toThrow(file);
  });

  it('refuses frames once closed', async () => {
    const other = await VoiceActivity.open(resources);
    await other.close();
    await expect(other.process(new Float32Array(VAD_FRAME))).rejects.toThrow(/closed/);
  });
});

describe('sample helpers', () => {
  it('rmsOf gives 1/√2 for a full-scale sine and 0 for nothing', () => {
    const sine = Float32Array.from({ length: 1600 }, (_, i) => Math.sin((2 * Math.PI * i) / 16));
    expect(rmsOf(sine)).toBeCloseTo(Math.SQRT1_2, 5);
    expect(rmsOf(new Float32Array(0))).toBe(0);
  });

  it('int16ToFloat32 maps the 16-bit range onto [-1, 1)', () => {
    expect(Array.from(int16ToFloat32(Int16Array.from([-32768, 0, 16384, 32767])))).toEqual([
      -1,
      0,
      0.5,
      32767 / 32768,
    ]);
  });
});
