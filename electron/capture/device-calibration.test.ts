import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildTestWorker } from '../signals/worker/test-worker';
import { makeClip } from '../signals/worker/test-video';
import { facePhotos } from '../signals/worker/test-media';
import { makeFaceClip, tempFolder } from './camera-test-media';
import { DeviceCheck } from './device-check';
import { DeviceFeed, type DeviceSnapshot } from './device-feed';

const RESOURCES = path.resolve('resources');

/** Resolves with the first snapshot that passes `test` (the feed pushes every change). */
function until(feed: DeviceFeed, test: (s: DeviceSnapshot) => boolean): Promise<DeviceSnapshot> {
  return new Promise((resolve) => {
    const unsubscribe = feed.subscribe((snapshot) => {
      if (!test(snapshot)) return;
      unsubscribe();
      resolve(snapshot);
    });
  });
}

describe('the device check’s calibration', () => {
  let workerFile: string;
  let check: DeviceCheck | null = null;
  beforeAll(async () => {
    workerFile = await buildTestWorker('device-calibration');
  }, 60_000);
  afterEach(() => check?.stop());

  function open(clip: string, feed: DeviceFeed) {
    const dataDir = tempFolder('device-calibration-');
    return new DeviceCheck({
      source: { kind: 'file', path: clip },
      microphone: null,
      resourcesDir: RESOURCES,
      dataDir,
      feed,
      log: () => undefined,
      workerFile,
    });
  }

  it('records the neutral pose of one face on a real camera feed and hands it over once', async () => {
    const feed = new DeviceFeed();
    check = open(makeFaceClip(tempFolder('calibration-clip-')), feed);
    await check.start({ calibrate: true });
    const done = await until(feed, (s) => s.calibration.state === 'done');
    expect(done.calibration.progress).toBe(1);
    const baseline = check.takeBaseline();
    expect(baseline?.frames).toBeGreaterThanOrEqual(20);
    // sample1's face: turned a little and chin down, as the mesh measures it.
    expect(Math.abs(baseline?.yaw ?? 99)).toBeLessThan(30);
    expect(baseline?.gazeX).not.toBeNull();
    // Handed to one session only.
    expect(check.takeBaseline()).toBeNull();
  }, 60_000);

  it('asks the candidate to be alone in view, and does not calibrate two faces', async () => {
    const [, , sample3 = ''] = facePhotos();
    const feed = new DeviceFeed();
    const folder = tempFolder('calibration-clip-');
    check = open(makeClip([{ seconds: 3, image: sample3 }], path.join(folder, 'group.mp4')), feed);
    await check.start({ calibrate: true });
    const framing = await until(feed, (s) => s.calibration.problem === 'several_faces');
    expect(framing.calibration.state).toBe('framing');
    expect(check.takeBaseline()).toBeNull();
  }, 60_000);

  it('does not calibrate without the biometric release', async () => {
    const feed = new DeviceFeed();
    check = open(makeFaceClip(tempFolder('calibration-clip-')), feed);
    await check.start();
    await until(feed, (s) => s.camera === 'ok');
    expect(feed.current().calibration.state).toBe('off');
  }, 60_000);
});
