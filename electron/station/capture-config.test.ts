import path from 'node:path';
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

describe('captureConfig with station settings', () => {
  const chosen = { camera: '/dev/video2', microphone: 'plughw:CARD=Headset,DEV=0' };

  it('uses the camera and microphone an admin picked when no environment variable is set', async () => {
    const config = await captureConfig({}, oneCamera, chosen);
    expect(config.camera).toEqual({ kind: 'device', device: '/dev/video2' });
    expect(config.microphone).toEqual({ device: 'plughw:CARD=Headset,DEV=0' });
    expect(config.summary).toBe(
      'Capture: camera /dev/video2 (station settings), ' +
        'microphone plughw:CARD=Headset,DEV=0 (station settings).',
    );
  });

  it('turns capture off when the settings say none', async () => {
    const none = await captureConfig({}, oneCamera, { camera: 'none', microphone: 'none' });
    expect(none).toMatchObject({ camera: null, microphone: null });
    // A camera picked with no microphone setting still gets the default microphone.
    const cameraOnly = await captureConfig({}, noCamera, {
      camera: '/dev/video2',
      microphone: null,
    });
    expect(cameraOnly.microphone).toEqual({ device: 'default' });
  });

  it('lets the environment override the settings (tests and demos)', async () => {
    const config = await captureConfig(
      { STATION_CAMERA_FILE: 'clip.mp4', STATION_MIC_DEVICE: 'pulse' },
      oneCamera,
      chosen,
    );
    expect(config.camera).toEqual({ kind: 'file', path: path.resolve('clip.mp4') });
    expect(config.microphone).toEqual({ device: 'pulse' });
    const off = await captureConfig({ STATION_CAMERA: 'none' }, oneCamera, chosen);
    expect(off.camera).toBe(null);
  });

  it('on Windows records from the first microphone Windows lists, having no default one', async () => {
    const settings = { camera: 'Integrated Camera', microphone: null };
    const mics = () =>
      Promise.resolve([
        { device: 'Microphone Array (Realtek)', name: 'Microphone Array (Realtek)' },
        { device: 'Headset (USB)', name: 'Headset (USB)' },
      ]);
    const config = await captureConfig({}, noCamera, settings, 'win32', mics);
    expect(config.microphone).toEqual({ device: 'Microphone Array (Realtek)' });
    const named = await captureConfig(
      { STATION_MIC_DEVICE: 'Headset (USB)' },
      noCamera,
      settings,
      'win32',
      mics,
    );
    expect(named.microphone).toEqual({ device: 'Headset (USB)' });
    const none = await captureConfig({}, noCamera, settings, 'win32', () => Promise.resolve([]));
    expect(none.microphone).toBe(null);
    expect(none.summary).toMatch(/no microphone/);
  });
});
