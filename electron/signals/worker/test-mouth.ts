/**
 * Test tooling: a real face photo whose mouth opens and closes, for the other-voice tests. The
 * face-api photos are stills (a mouth that never moves); this warps one to drop the jaw by a
 * given number of pixels, as a speaker's does, so the mesh sees lips part on a real face.
 */
import type { RgbFrame } from '../../../shared/frames';
import type { Landmarks } from './face-signals';

/** Where the mouth of a still face is, from its mesh: inner lip line, corners, chin. */
export interface MouthPlace {
  lipY: number;
  centreX: number;
  halfWidth: number;
  chinY: number;
  faceHeight: number;
}

export function mouthPlace(points: Landmarks): MouthPlace {
  const y = (i: number) => points[i]?.[1] ?? NaN;
  const x = (i: number) => points[i]?.[0] ?? NaN;
  return {
    lipY: (y(13) + y(14)) / 2,
    centreX: (x(61) + x(291)) / 2,
    halfWidth: Math.abs(x(291) - x(61)) / 2,
    chinY: y(152),
    faceHeight: Math.abs(y(152) - y(10)),
  };
}

/** The mouth's inside: dark red, as a webcam sees it. */
const CAVITY = [60, 22, 28] as const;

/**
 * The frame with the jaw dropped by `open` pixels at the mouth's middle: below the lip line,
 * the face moves down (fully across the mouth, tapering to nothing at its corners and below
 * the chin) and the gap between the lips shows the mouth's dark inside.
 */
export function openMouth(frame: RgbFrame, mouth: MouthPlace, open: number): RgbFrame {
  const { width, height, data } = frame;
  const out = new Uint8Array(data);
  if (open <= 0) return { width, height, data: out };
  const fadeEnd = mouth.chinY + 0.25 * mouth.faceHeight;
  const x0 = Math.max(0, Math.floor(mouth.centreX - mouth.halfWidth));
  const x1 = Math.min(width - 1, Math.ceil(mouth.centreX + mouth.halfWidth));
  for (let x = x0; x <= x1; x++) {
    const u = (x - mouth.centreX) / mouth.halfWidth;
    const lens = Math.sqrt(Math.max(0, 1 - u * u));
    if (lens === 0) continue;
    const gap = open * lens;
    for (let y = Math.max(0, Math.ceil(mouth.lipY)); y < Math.min(height, fadeEnd); y++) {
      const at = (y * width + x) * 3;
      if (y < mouth.lipY + gap) {
        out.set(CAVITY, at);
        continue;
      }
      const fade = y <= mouth.chinY ? 1 : 1 - (y - mouth.chinY) / (fadeEnd - mouth.chinY);
      const from = Math.round(y - gap * fade);
      const src = (Math.max(0, from) * width + x) * 3;
      out[at] = data[src] ?? 0;
      out[at + 1] = data[src + 1] ?? 0;
      out[at + 2] = data[src + 2] ?? 0;
    }
  }
  return { width, height, data: out };
}

/** Seeded sensor noise (uniform, ±amplitude levels), as a webcam adds to every frame. */
export function withNoise(frame: RgbFrame, amplitude: number, seed: number): RgbFrame {
  let state = seed >>> 0 || 1;
  const out = new Uint8Array(frame.data.length);
  for (let i = 0; i < out.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const noise = ((state >>> 0) / 0xffffffff - 0.5) * 2 * amplitude;
    out[i] = Math.max(0, Math.min(255, Math.round((frame.data[i] ?? 0) + noise)));
  }
  return { width: frame.width, height: frame.height, data: out };
}
