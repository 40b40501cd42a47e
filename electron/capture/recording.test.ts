import { rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCamera, type CameraError } from './camera';
import { makeFaceClip, tempFolder } from './camera-test-media';
import { readRegistry } from './process-registry';
import { probeRecording } from './recording';

let folder = '';
let clip = '';

beforeAll(() => {
  folder = tempFolder('recording-test-');
  clip = makeFaceClip(folder);
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

it('keeps a playable recording when the station crashes mid-session (ffmpeg SIGKILLed)', async () => {
  const recordingFile = path.join(folder, 'crashed-session.mp4');
  const dataFolder = path.join(folder, 'data');
  const errors: CameraError[] = [];
  let exited: () => void = () => undefined;
  const exit = new Promise<void>((resolve) => (exited = resolve));
  const camera = await startCamera({
    source: { kind: 'file', path: clip },
    recordingFile,
    registryFolder: dataFolder,
    onError: (error) => {
      errors.push(error);
      exited();
    },
  });
  const startedAt = performance.now();
  await sleep(4_000);
  process.kill(camera.pid, 'SIGKILL');
  const ranSeconds = (performance.now() - startedAt) / 1000;
  await exit;

  // The camera reports the crash instead of going quiet…
  expect(errors.map((e) => e.code)).toEqual(['ffmpeg_exited']);
  expect(errors[0]?.message).toContain('SIGKILL');
  expect(readRegistry(dataFolder)).toEqual([]);
  // …and the fragments written before the kill still play.
  const recording = await probeRecording(recordingFile);
  expect(recording).toMatchObject({ codec: 'h264', width: 640, height: 480 });
  expect(recording.durationSeconds).toBeGreaterThanOrEqual(ranSeconds - 2);
  expect(recording.durationSeconds).toBeLessThanOrEqual(ranSeconds + 0.5);
  await camera.stop();
});
