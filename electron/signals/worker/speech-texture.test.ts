import { describe, expect, it } from 'vitest';
import { SpeechTexture, type Texture } from './speech-texture';
import { concat, jfkWav, readAudio, silence, whiteNoise } from './test-audio';
import { rmsOf, VAD_FRAME } from './vad';

function textures(samples: Float32Array): Texture[] {
  const texture = new SpeechTexture(VAD_FRAME);
  const out: Texture[] = [];
  for (let at = 0; at + VAD_FRAME <= samples.length; at += VAD_FRAME) {
    const frame = samples.subarray(at, at + VAD_FRAME);
    out.push(texture.push(frame, rmsOf(frame)));
  }
  return out;
}

function sine(ms: number, hz: number[], amplitude: number): Float32Array {
  const out = new Float32Array(Math.round(ms * 16));
  for (let i = 0; i < out.length; i++) {
    for (const f of hz)
      out[i] = (out[i] ?? 0) + (amplitude * Math.sin((2 * Math.PI * f * i) / 16000)) / hz.length;
  }
  return out;
}

const share = (all: Texture[]) => all.filter((t) => t.speechLike).length / all.length;

describe('SpeechTexture', () => {
  it('calls a held tone and a held chord tonal and stationary', () => {
    for (const sound of [sine(3000, [440], 0.1), sine(3000, [262, 330, 392], 0.1)]) {
      const judged = textures(sound).slice(16);
      expect(share(judged)).toBe(0);
      expect(Math.max(...judged.map((t) => t.modulationDb))).toBeLessThan(1);
      expect(Math.min(...judged.map((t) => t.tonalShare))).toBe(1);
    }
  });

  it('calls steady white noise stationary, at any level', () => {
    for (const level of [-60, -40, -20]) {
      const judged = textures(whiteNoise(3000, level, 5)).slice(16);
      expect(share(judged)).toBe(0);
      expect(Math.max(...judged.map((t) => t.modulationDb))).toBeLessThan(3);
    }
  });

  it('calls most of jfk.wav speech-like', () => {
    const audio = readAudio(jfkWav());
    // Frames of the first phrase, "And so my fellow Americans" (0.3–2.3 s).
    expect(share(textures(audio).slice(12, 70))).toBeGreaterThan(0.9);
  });

  it("judges nothing it has not heard enough of: a sound's first frames are left to Silero", () => {
    const sound = concat(silence(500), sine(300, [440], 0.1));
    const judged = textures(sound);
    // The first two frames with any of the tone in them.
    const first = Math.floor(500 / 32);
    expect(judged.slice(first, first + 2).every((t) => t.speechLike)).toBe(true);
    expect(judged.at(-1)?.speechLike).toBe(false);
  });
});
