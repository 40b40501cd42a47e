/**
 * The vision bench's continuous footage: each real face framed as at a kiosk for one second
 * at 15 fps, shifted a few pixels from frame to frame as a seated person moves, through the
 * station's own SignalAnalyzer, so the face is tracked from frame to frame as in a session
 * (the photo-by-photo timings change face on every frame and never track).
 */
import { performance } from 'node:perf_hooks';
import type { RgbFrame } from '../shared/frames';
import { SignalAnalyzer } from '../electron/signals/worker/signal-analyzer';
import { decodeImage, type Crop } from '../electron/signals/worker/test-media';

const SHIFTS = [
  [0, 0],
  [3, -2],
  [6, -4],
  [4, 1],
  [1, 4],
  [-3, 5],
  [-6, 2],
  [-4, -2],
] as const;

/** `perFace` frames of each photo's crop, each shifted a little from the one before. */
export function liveFootage(faces: { photo: string; crop: Crop }[], perFace: number): RgbFrame[] {
  return faces.flatMap(({ photo, crop }) =>
    Array.from({ length: perFace }, (_, k) => {
      const [dx, dy] = SHIFTS[k % SHIFTS.length] ?? [0, 0];
      const shifted = { ...crop, x: Math.max(0, crop.x + dx), y: Math.max(0, crop.y + dy) };
      return decodeImage(photo, { width: 640, height: 480, crop: shifted });
    }),
  );
}

/** Milliseconds SignalAnalyzer.analyzeFrame takes on each frame of the footage. */
export async function timeLiveFootage(resourcesDir: string, frames: RgbFrame[]) {
  const analyzer = await SignalAnalyzer.open({ resourcesDir, fps: 15 });
  const times: number[] = [];
  let withLandmarks = 0;
  /** Per frame: whether a face was found, and whether it was called looking away. */
  const seen: { found: boolean; away: boolean }[] = [];
  try {
    for (const [i, frame] of frames.entries()) {
      const t0 = performance.now();
      const signals = await analyzer.analyzeFrame({ tMs: (i * 1000) / 15, ...frame });
      times.push(performance.now() - t0);
      if (signals.earAvg !== null) withLandmarks += 1;
      seen.push({ found: signals.faceCount > 0, away: signals.lookingAway === true });
    }
  } finally {
    await analyzer.close();
  }
  return { times, withLandmarks, seen };
}

/**
 * The fairness line: per subject (each face's run of frames), the share of frames its face
 * was found in and the share called looking away. Each photo's first detected face is its
 * subject; most face the camera, where any looking away is false and a gap between them is a
 * signal that treats faces differently (sample2.jpg's is turned away, so its share is
 * true). Uncalibrated, as for a candidate who skipped the calibration step.
 */
export function perSubject(seen: { found: boolean; away: boolean }[], perFace: number) {
  const subjects = [];
  for (let start = 0; start < seen.length; start += perFace) {
    const run = seen.slice(start, start + perFace);
    const share = (n: number) => Math.round((100 * n) / run.length);
    subjects.push({
      recall: share(run.filter((f) => f.found).length),
      lookingAway: share(run.filter((f) => f.away).length),
    });
  }
  return subjects;
}
