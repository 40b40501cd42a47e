import { describe, expect, it } from 'vitest';
import { captureConfig } from './capture-config';

const oneCamera = () => Promise.resolve([{ device: '/dev/video0', name: 'USB camera' }]);
const noCamera = () => Promise.resolve([]);

describe('captureConfig', () => {
  it('takes the first camera the machine has, with the default microphone', async () => {
    const config = await captureConfig({}, oneCamera);
    expect(config.camera).toEqual({ kind: 'device', device: '/dev/video0' });
    expect(config.microphone).toEqual({ device: 'default' });
    expect(config.summary).toBe('Capture: camera /dev/video0, microphone default.');
  });

  it('runs without capture on a machine with no camera, and says so', async () => {
    const config = await captureConfig({}, noCamera);
    expect(config).toMatchObject({ camera: null, microphone: null });
    expect(config.summary).toMatch(/no camera \(audio and video questions are skipped\)/);
  });

  it('follows the environment: a file camera, a named microphone, or none at all', async () => {
    const file = await captureConfig(
      { STATION_CAMERA_FILE: 'clip.mp4', STATION_MIC_DEVICE: 'pulse' },
      oneCamera,
    );
    expect(file.camera).toMatchObject({ kind: 'file' });
    expect(file.microphone).toEqual({ device: 'pulse' });
    // A file camera gets no microphone unless one is named.
    expect((await captureConfig({ STATION_CAMERA_FILE: 'clip.mp4' }, oneCamera)).microphone).toBe(
      null,
    );
    const none = await captureConfig(
      { STATION_CAMERA: 'none', STATION_MIC_DEVICE: 'none' },
      oneCamera,
    );
    expect(none).toMatchObject({ camera: null, microphone: null });
  });
});
