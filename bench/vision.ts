/**
 * npm run bench:vision — prints (never asserts) ms per frame for each stage of the proctoring
 * pipeline on one core at 640x480 over real face frames, and the same frames through
 * @vladmandic/human's own full pipeline (its detector + mesh + iris on the whole frame).
 * Budget: the full pipeline keeps 15 fps within one core (66.7 ms a frame on average).
 */
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { FaceDetector } from '../electron/signals/face-detector';
import { classify, faceSignals } from '../electron/signals/face-signals';
import { openHumanLandmarks } from '../electron/signals/landmarks';
import { decodeImage, facePhotos } from '../electron/signals/test-media';

const FRAMES = Number(process.env.BENCH_FRAMES ?? 120);
const resourcesDir = path.resolve('resources');

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return `median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms`;
}
const median = (samples: number[]) =>
  [...samples].sort((a, b) => a - b)[samples.length >> 1] ?? NaN;

// Real faces: each demo photo whole (3–5 people) and a 4:3 crop around its first face.
const detector = await FaceDetector.open(resourcesDir);
const frames = [];
for (const photo of facePhotos()) {
  const whole = decodeImage(photo, { width: 640, height: 480 });
  frames.push(whole);
  const [face] = await detector.detect(decodeImage(photo, { width: 1920, height: 1440 }));
  if (face) {
    const size = face.box.width * 3;
    const crop = {
      x: Math.max(0, Math.round(face.box.x + face.box.width / 2 - size / 2)),
      y: Math.max(0, Math.round(face.box.y + face.box.height / 2 - (size * 3) / 8)),
      width: Math.round(size),
      height: Math.round((size * 3) / 4),
    };
    frames.push(decodeImage(photo, { width: 640, height: 480, crop }));
  }
}

const landmarks = await openHumanLandmarks();
const detection: number[] = [];
const mesh: number[] = [];
const maths: number[] = [];
const total: number[] = [];
const human: number[] = [];
for (let i = 0; i < FRAMES; i++) {
  const frame = frames[i % frames.length];
  if (!frame) continue;
  const t0 = performance.now();
  const faces = await detector.detect(frame);
  const t1 = performance.now();
  const primary = faces.sort((a, b) => b.box.width - a.box.width)[0];
  const points = primary ? await landmarks.landmarks(frame, primary.box) : null;
  const t2 = performance.now();
  if (points) classify(faceSignals(points.points));
  const t3 = performance.now();
  detection.push(t1 - t0);
  mesh.push(t2 - t1);
  maths.push(t3 - t2);
  total.push(t3 - t0);
  // human's own pipeline on the whole frame, no box from us.
  const h0 = performance.now();
  await landmarks.landmarks(frame);
  human.push(performance.now() - h0);
}
await landmarks.close();
await detector.close();

console.log(
  `vision bench: ${FRAMES} frames at 640x480 from ${frames.length} real face images, one thread`,
);
console.log(`  detection (BlazeFace back-256, onnxruntime): ${stats(detection)}`);
console.log(`  landmarks (FaceMesh + Iris, tfjs-wasm):      ${stats(mesh)}`);
console.log(`  signal maths (EAR, pose, gaze, classify):    ${stats(maths)}`);
console.log(`  total per frame, landmarks every frame:     ${stats(total)}`);
const everyOther = median(detection) + median(mesh) / 2 + median(maths) / 2;
console.log(
  `  total per frame, landmarks every 2nd frame (station default): ~${everyOther.toFixed(2)} ms ` +
    `→ ${((everyOther * 15) / 10).toFixed(0)}% of one core at 15 fps (budget 100%)`,
);
console.log(`  human's own full pipeline (detector + mesh + iris): ${stats(human)}`);
console.log(
  `  ratio ours / human (medians, landmarks every frame): ${(median(total) / median(human)).toFixed(2)}`,
);
