import { describe, expect, it } from 'vitest';
import { PacedAudio, PREROLL_SAMPLES } from './paced-audio';

/** A track written into memory, read back as samples. */
function track(lagMs = 400) {
  const parts: Buffer[] = [];
  // No codec delay: the arithmetic below is about placing samples.
  const audio = new PacedAudio((pcm) => parts.push(Buffer.from(pcm)), lagMs, 0);
  const samples = () => {
    const all = Buffer.concat(parts);
    return new Int16Array(all.buffer, all.byteOffset, all.length / 2);
  };
  return { audio, samples };
}
const tone = (n: number, value: number) => new Int16Array(n).fill(value);

describe('PacedAudio', () => {
  it('writes a pre-roll of silence before the first frame, then places chunks by their stamps', () => {
    const { audio, samples } = track();
    expect(samples().length).toBe(PREROLL_SAMPLES);
    // A chunk at 1000–1125 ms arrives before the first frame (at 1000 ms) is known.
    audio.push({ tMs: 1000, samples: tone(2000, 7) });
    audio.anchor(1000);
    // The pre-roll covers 0–64 ms after the anchor, so the chunk loses its first 1024 samples.
    expect(samples().length).toBe(2000);
    expect(samples()[PREROLL_SAMPLES]).toBe(7);
    // The next chunk starts 300 ms after the anchor: the gap is silence, the chunk lands at 4800.
    audio.push({ tMs: 1300, samples: tone(1600, 9) });
    const s = samples();
    expect(s.length).toBe(4800 + 1600);
    expect(s[4799]).toBe(0);
    expect(s[4800]).toBe(9);
  });

  it('fills a lost microphone with silence up to the lag, and drops what arrives too late', () => {
    const { audio, samples } = track(400);
    audio.anchor(0);
    audio.tick(1400);
    expect(samples().length).toBe(16_000);
    // The microphone comes back with a chunk stamped 900–1100 ms: only 1000–1100 ms is new.
    audio.push({ tMs: 900, samples: tone(3200, 5) });
    const s = samples();
    expect(s.length).toBe(16_000 + 1600);
    expect(s[15_999]).toBe(0);
    expect(s[16_000]).toBe(5);
    // A chunk wholly inside what is written changes nothing.
    audio.push({ tMs: 100, samples: tone(800, 3) });
    expect(samples().length).toBe(17_600);
  });

  it('starts the track later by the codec delay, so what plays lines up with the frames', () => {
    const parts: Buffer[] = [];
    const audio = new PacedAudio((pcm) => parts.push(pcm), 400, 1024);
    audio.anchor(1000);
    // Sample 0 written will play at 64 ms (after the priming): it holds the sound of 1064 ms.
    audio.push({ tMs: 1064, samples: tone(2048, 4) });
    const all = Buffer.concat(parts);
    const s = new Int16Array(all.buffer, all.byteOffset, all.length / 2);
    expect(s.length).toBe(2048);
    expect(s[PREROLL_SAMPLES]).toBe(4);
  });

  it('ends the track exactly at the end of the segment', () => {
    const { audio, samples } = track();
    audio.anchor(500);
    audio.push({ tMs: 500, samples: tone(1600, 1) });
    audio.finish(2500);
    expect(samples().length).toBe(32_000);
  });
});
