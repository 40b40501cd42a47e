import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DetectionSchedule } from './detection-schedule';
import { FaceDetector, type DetectedFace } from './face-detector';
import { SignalAnalyzer } from './signal-analyzer';
import { decodeImage, facePhotos, uniformFrame } from './test-media';

const resourcesDir = path.resolve('resources');
const face = { score: 0.9 } as DetectedFace;

/** Runs `frames` frames; `tracked(i)` says whether frame i's landmarks found the face. */
async function detections(every: number, found: DetectedFace[], tracked: (i: number) => boolean) {
  const schedule = new DetectionSchedule(every);
  const detectedOn: number[] = [];
  for (let i = 0; i < 12; i++) {
    await schedule.faces(async () => {
      detectedOn.push(i);
      return found;
    });
    schedule.landmarksFound(tracked(i));
  }
  return detectedOn;
}

describe('the detection schedule', () => {
  it('detects on one frame in three while one face is tracked', async () => {
    expect(await detections(3, [face], () => true)).toEqual([0, 3, 6, 9]);
  });

  it('detects on the frame after the track is lost', async () => {
    expect(await detections(3, [face], (i) => i !== 4)).toEqual([0, 3, 5, 8, 11]);
  });

  it('detects on every frame when it found no face or several', async () => {
    expect(await detections(3, [], () => true)).toHaveLength(12);
    expect(await detections(3, [face, face], () => true)).toHaveLength(12);
  });

  it('detects on every frame when set to 1', async () => {
    expect(await detections(1, [face], () => true)).toHaveLength(12);
  });
});

describe('faces between detections, on real photos', () => {
  // sample3.jpg: a woman framed alone as at a kiosk, then the whole group photo.
  const group = facePhotos()[2] as string;
  const alone = decodeImage(group, {
    width: 640,
    height: 480,
    crop: { x: 440, y: 280, width: 480, height: 360 },
  });
  const everyone = decodeImage(group, { width: 640, height: 480 });
  const nobody = uniformFrame(640, 480, [128, 128, 128]);

  it('counts a person leaving on the next frame and a second person within 3 frames', async () => {
    const detect = vi.spyOn(FaceDetector.prototype, 'detect');
    const analyzer = await SignalAnalyzer.open({ resourcesDir, fps: 15 });
    try {
      const counts: number[] = [];
      const timeline = [
        ...Array<typeof alone>(6).fill(alone),
        ...Array<typeof alone>(4).fill(nobody),
        ...Array<typeof alone>(6).fill(alone),
        ...Array<typeof alone>(6).fill(everyone),
      ];
      for (const [i, frame] of timeline.entries()) {
        const signals = await analyzer.analyzeFrame({ tMs: (i * 1000) / 15, ...frame });
        counts.push(signals.faceCount);
      }
      expect(counts.slice(0, 6)).toEqual([1, 1, 1, 1, 1, 1]);
      // The first empty frame may still stand on the last detection; the mesh loses the face
      // there, so the next one is detected.
      expect(counts.slice(7, 10)).toEqual([0, 0, 0]);
      expect(counts.slice(10, 16)).toEqual([1, 1, 1, 1, 1, 1]);
      // The group arrives on frame 16: found by frame 18 at the latest, and from then on.
      expect(counts.slice(18).every((n) => n > 1)).toBe(true);
      // Skipped while the one face was tracked: 2 of every 3 such frames (of 12 in all).
      expect(detect.mock.calls.length).toBeLessThanOrEqual(timeline.length - 6);
    } finally {
      detect.mockRestore();
      await analyzer.close();
    }
  });
});
