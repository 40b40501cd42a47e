/**
 * other_voice on real material: a real face (face-api's demo photo, a still: the mouth never
 * moves) with JFK's real speech is another voice; the same face with its jaw dropping in step
 * with the speech's loudness (test-mouth.ts) is the candidate talking; the still face in a quiet
 * room is nothing. Frames and audio go in interleaved, second by second, as a live session
 * sends them, so the thumbnail is there too.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EvidencedEvent } from '../../../shared/signals';
import type { RgbFrame } from '../../../shared/frames';
import { FaceDetector } from './face-detector';
import { openHybridLandmarks } from './hybrid-landmarks';
import { SignalAnalyzer } from './signal-analyzer';
import { DEFAULT_SEGMENTER } from './speech-segments';
import { jfkWav, readAudio, TEST_RATE } from './test-audio';
import { decodeImage, facePhotos } from './test-media';
import { mouthPlace, openMouth, withNoise, type MouthPlace } from './test-mouth';

const resourcesDir = path.resolve('resources');
const FPS = 15;
const [, , sample3] = facePhotos() as [string, string, string];

let face: RgbFrame;
let mouth: MouthPlace;
let jfk: Float32Array;

beforeAll(async () => {
  // The woman on the left of sample3.jpg, frontal, mouth closed (hybrid-landmarks.test.ts).
  face = decodeImage(sample3, {
    width: 640,
    height: 480,
    crop: { x: 440, y: 280, width: 480, height: 360 },
  });
  const detector = await FaceDetector.open(resourcesDir);
  const engine = await openHybridLandmarks({ finder: detector, resourcesDir });
  const [found] = await detector.detect(face);
  if (!found) throw new Error('no face in the test photo');
  const eyes = { right: found.keypoints.rightEye, left: found.keypoints.leftEye };
  const result = await engine.landmarks(face, { ...found.box, eyes });
  if (!result) throw new Error('no landmarks on the test photo');
  mouth = mouthPlace(result.points);
  await engine.close();
  await detector.close();
  // "And so my fellow Americans, ask not what your country can do for you": two phrases.
  jfk = readAudio(jfkWav()).subarray(0, 7 * TEST_RATE);
});

/** Loudness of the speech around `tMs` (RMS over 80 ms), for a jaw that follows the voice. */
function loudness(audio: Float32Array, tMs: number): number {
  const from = Math.max(0, Math.round(((tMs - 40) * TEST_RATE) / 1000));
  const to = Math.min(audio.length, Math.round(((tMs + 40) * TEST_RATE) / 1000));
  let sum = 0;
  for (let i = from; i < to; i++) sum += (audio[i] ?? 0) ** 2;
  return to > from ? Math.sqrt(sum / (to - from)) : 0;
}

/**
 * Runs the analyser over the audio and the face, one second at a time; `talk` drops the jaw
 * with the speech's loudness, up to 5% of the face's height (an open vowel).
 */
async function run(audio: Float32Array, talk: boolean, landmarkEvery?: number) {
  const analyzer = await SignalAnalyzer.open({ resourcesDir, fps: FPS, landmarkEvery });
  const seen: EvidencedEvent[] = [];
  try {
    const seconds = Math.ceil(audio.length / TEST_RATE);
    let peak = 0;
    for (let t = 0; t < (audio.length * 1000) / TEST_RATE; t += 20) {
      peak = Math.max(peak, loudness(audio, t));
    }
    let n = 0;
    for (let s = 0; s < seconds; s++) {
      for (let f = 0; f < FPS; f++, n++) {
        const tMs = (n * 1000) / FPS;
        const open = talk && peak > 0 ? (0.05 * mouth.faceHeight * loudness(audio, tMs)) / peak : 0;
        // Webcam-like noise on every frame, so the mesh jitters as it does on a live camera.
        const frame = withNoise(openMouth(face, mouth, open), 6, n + 1);
        await analyzer.analyzeFrame({ tMs, ...frame });
      }
      const chunk = audio.subarray(s * TEST_RATE, (s + 1) * TEST_RATE);
      await analyzer.analyzeAudio(s * 1000, chunk);
      seen.push(...analyzer.takeSettledEvents());
    }
    const done = await analyzer.finish();
    return { ...done, seen: [...seen, ...done.unreported] };
  } finally {
    await analyzer.close();
  }
}

const voiced = <E extends { type: string }>(events: E[]): E[] =>
  events.filter((e) => e.type === 'other_voice');
const total = (events: { startMs: number; endMs: number }[]) =>
  events.reduce((sum, e) => sum + e.endMs - e.startMs, 0);

describe('other_voice on a real face and real speech', () => {
  it('fires for speech while the mouth is still, over the speech, with a thumbnail', async () => {
    const { events, speech, seen, summary } = await run(jfk, false);
    const found = voiced(events);
    expect(found.length).toBeGreaterThan(0);
    // Most of the speech is covered, and every event starts and ends inside heard speech (a
    // breath between two phrases may be bridged; the segmenter still hears speech for its
    // hangover after a segment's last voiced frame).
    expect(total(found)).toBeGreaterThan(0.6 * total(speech));
    const inSpeech = (tMs: number) =>
      speech.some((s) => s.startMs <= tMs && tMs <= s.endMs + DEFAULT_SEGMENTER.hangoverMs);
    for (const event of found) {
      expect(inSpeech(event.startMs) && inSpeech(event.endMs), JSON.stringify(event)).toBe(true);
    }
    expect(summary.eventsByType.other_voice).toBe(found.length);
    const first = voiced(seen)[0];
    expect(first).toMatchObject({ severity: 'medium', startMs: found[0]?.startMs });
    expect(first?.evidence).toMatchObject({ width: 320, height: 240 });
  }, 120_000);

  it('does not fire while the candidate’s lips move with the speech', async () => {
    const { events, speech } = await run(jfk, true);
    expect(total(speech)).toBeGreaterThan(4000);
    expect(voiced(events)).toEqual([]);
  }, 120_000);

  it('is never judged without face landmarks (a candidate who declined face geometry)', async () => {
    const { events, speech } = await run(jfk, false, 0);
    expect(total(speech)).toBeGreaterThan(4000);
    expect(voiced(events)).toEqual([]);
  }, 120_000);

  it('does not fire for a still face in a quiet room', async () => {
    // Room tone: JFK's recording with the speech taken out (far below Silero's threshold).
    const quiet = jfk.map((v) => v * 0.001);
    const { events, speech } = await run(quiet, false);
    expect(speech).toEqual([]);
    expect(voiced(events)).toEqual([]);
  }, 120_000);
});
