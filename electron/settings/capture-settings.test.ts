import { describe, expect, it } from 'vitest';
import { createTestDb } from '../../db/test-db';
import { writeSetting } from '../core/setting-store';
import { readCaptureSettings } from './capture-settings';
import { StationSettings } from './station-settings';

const actor = { actorKind: 'admin' as const, actorId: 1 };

describe('capture settings', () => {
  it('accepts the device names the station lists, and none', () => {
    const settings = new StationSettings(createTestDb());
    for (const camera of ['/dev/video0', 'FaceTime HD Camera', 'Integrated Camera', 'none']) {
      expect(() => settings.set('capture.camera', camera, actor, 1), camera).not.toThrow();
    }
    for (const mic of ['default', 'pulse', 'none', 'plughw:CARD=Headset,DEV=0']) {
      expect(() => settings.set('capture.microphone', mic, actor, 1), mic).not.toThrow();
    }
  });

  it('refuses anything that could point the camera or microphone at a file', () => {
    const settings = new StationSettings(createTestDb());
    const cameras = [
      '/home/admin/clip.mp4',
      '../clip.mp4',
      'C:\\Users\\clip.mp4',
      '.hidden',
      'video=Integrated Camera:audio=Mic',
      '/dev/sda',
      '',
      42,
    ];
    for (const camera of cameras) {
      expect(() => settings.set('capture.camera', camera, actor, 1), String(camera)).toThrow(
        /Camera/,
      );
    }
    for (const mic of ['/dev/snd/pcmC0D0c', 'file:/tmp/x.wav', 'hw:0 ; rm', '']) {
      expect(() => settings.set('capture.microphone', mic, actor, 1), mic).toThrow(/Microphone/);
    }
  });

  it('reads what is stored for start-up, ignoring a value that no longer passes', () => {
    const db = createTestDb();
    expect(readCaptureSettings(db)).toEqual({ camera: null, microphone: null });
    writeSetting(db, 'capture.camera', '/tmp/clip.mp4');
    writeSetting(db, 'capture.microphone', 'pulse');
    expect(readCaptureSettings(db)).toEqual({ camera: null, microphone: 'pulse' });
  });
});
