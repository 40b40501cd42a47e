/**
 * npm run bench:vision — prints (never asserts) ms per frame for each stage of the proctoring
 * pipeline on one core at 640x480 over real face frames, and the same frames through stock
 * @vladmandic/human (`human.detect()` with its own detector + mesh + iris, nothing else), the
 * off-the-shelf way to get the same landmarks. Budget: the full pipeline keeps 15 fps within
 * one core (66.7 ms a frame on average). BENCH_FRAMES frames (default 120); BENCH_SMOKE=1: each
 * image once.
 */
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { FaceDetector } from '../electron/signals/worker/face-detector';
import { classify, faceSignals } from '../electron/signals/worker/face-signals';
import { openHybridLandmarks } from '../electron/signals/worker/hybrid-landmarks';
import { decodeImage, facePhotos, type Crop } from '../electron/signals/worker/test-media';
import { announceSmoke, SMOKE, smokeOr } from './smoke';
import { liveFootage, perSubject, timeLiveFootage } from './live-footage';
import { openStockHuman } from './stock-human';

const resourcesDir = path.resolve('resources');

function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
const median = (samples: number[]) => quantile(samples, 0.5);
const p95 = (samples: number[]) => quantile(samples, 0.95);
const stats = (samples: number[]) =>
  `median ${median(samples).toFixed(2)} ms, p95 ${p95(samples).toFixed(2)} ms`;

announceSmoke();
// Real faces: each demo photo whole (3–5 people) and a 4:3 crop around its first face.
const detector = await FaceDetector.open(resourcesDir);
const frames = [];
const kioskCrops: { photo: string; crop: Crop }[] = [];
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
    kioskCrops.push({ photo, crop });
  }
}

const FRAMES = Number(process.env.BENCH_FRAMES ?? (SMOKE ? frames.length : 120));
const landmarks = await openHybridLandmarks({ finder: detector, resourcesDir });
const stock = await openStockHuman();
const detection: number[] = [];
const mesh: number[] = [];
const maths: number[] = [];
const total: number[] = [];
const human: number[] = [];
let humanMeshes = 0;
let fastFrames = 0;
let measuredFrames = 0;
for (let i = 0; i < FRAMES; i++) {
  const frame = frames[i % frames.length];
  if (!frame) continue;
  const t0 = performance.now();
  const faces = await detector.detect(frame);
  const t1 = performance.now();
  const primary = faces.sort((a, b) => b.box.width - a.box.width)[0];
  const eyes = primary && { right: primary.keypoints.rightEye, left: primary.keypoints.leftEye };
  const points = primary ? await landmarks.landmarks(frame, { ...primary.box, eyes }) : null;
  const t2 = performance.now();
  if (points) classify(faceSignals(points.points));
  const t3 = performance.now();
  if (points) measuredFrames += 1;
  if (points?.path === 'mesh') fastFrames += 1;
  detection.push(t1 - t0);
  mesh.push(t2 - t1);
  maths.push(t3 - t2);
  total.push(t3 - t0);
  // Stock human on the same frame, whole: its own detector finds the face.
  const h0 = performance.now();
  const found = await stock.detect(frame);
  human.push(performance.now() - h0);
  if (found >= 478) humanMeshes += 1;
}
await landmarks.close();
await detector.close();
// One second of each face at 15 fps (a third of one in a smoke run).
const perFace = smokeOr(5, 15);
const footage = liveFootage(kioskCrops, perFace);
const live = await timeLiveFootage(resourcesDir, footage);

console.log(
  `vision bench: ${FRAMES} frames at 640x480 from ${frames.length} real face images, one thread`,
);
console.log(`  detection (BlazeFace back-256, onnxruntime): ${stats(detection)}`);
console.log(`  landmarks (${landmarks.name}, onnxruntime): ${stats(mesh)}`);
console.log(
  `  landmarks on the fast mesh path: ${fastFrames} of ${measuredFrames} measured frames ` +
    `(${((fastFrames / measuredFrames) * 100).toFixed(0)}%, ONNX; the rest through human, tfjs)`,
);
console.log(`  signal maths (EAR, pose, gaze, classify):    ${stats(maths)}`);
const core = (ms: number) => `${((ms * 15) / 10).toFixed(0)}% of one core at 15 fps (budget 100%)`;
console.log(
  `  total per frame, landmarks every frame (station default): ${stats(total)} ` +
    `→ ${core(median(total))}`,
);
const everyOther = median(detection) + median(mesh) / 2 + median(maths) / 2;
console.log(
  `  total per frame, landmarks every 2nd frame (signals.landmarkEvery 2): ` +
    `~${everyOther.toFixed(2)} ms → ${core(everyOther)}`,
);
console.log(
  `  stock human.detect() (detector + mesh + iris):  ${stats(human)} ` +
    `(mesh with iris on ${humanMeshes} of ${FRAMES} frames)`,
);
console.log(`  ONNX landmarks / stock human: median ${(median(mesh) / median(human)).toFixed(2)}`);
console.log(
  `  ours total / stock human, landmarks every frame: median ` +
    `${(median(total) / median(human)).toFixed(2)}, p95 ${(p95(total) / p95(human)).toFixed(2)}`,
);
console.log(
  `  station pipeline on continuous footage (SignalAnalyzer, landmarks every frame, the ` +
    `detector on every 3rd frame while one face is tracked): ${footage.length} frames of ` +
    `${kioskCrops.length} faces, landmarks on ${live.withLandmarks}: ${stats(live.times)} ` +
    `→ ${core(median(live.times))}`,
);
console.log(
  `  station pipeline / stock human: median ${(median(live.times) / median(human)).toFixed(2)}`,
);
const subjects = perSubject(live.seen, perFace).map(
  (s, k) => `${path.basename(kioskCrops[k]?.photo ?? '?')} ${s.recall}% / ${s.lookingAway}%`,
);
console.log(
  `  fairness, per subject at the camera (face found / called looking away, uncalibrated): ` +
    subjects.join(', '),
);
