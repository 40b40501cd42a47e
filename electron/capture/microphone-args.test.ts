import { describe, expect, it } from 'vitest';
import { microphoneFfmpegArgs } from './microphone-args';

describe('microphoneFfmpegArgs', () => {
  it('uses dshow audio= on Windows', () => {
    const args = microphoneFfmpegArgs('Mic (USB)', 'win32');
    expect(args.slice(args.indexOf('-f'), args.indexOf('-f') + 4)).toEqual([
      '-f',
      'dshow',
      '-i',
      'audio=Mic (USB)',
    ]);
  });
  it('uses avfoundation :index on macOS', () => {
    expect(microphoneFfmpegArgs('1', 'darwin')).toContain(':1');
  });
  it('writes 16 kHz mono s16le to stdout', () => {
    expect(microphoneFfmpegArgs('1', 'darwin').slice(-9)).toEqual([
      '-ac',
      '1',
      '-ar',
      '16000',
      '-flush_packets',
      '1',
      '-f',
      's16le',
      'pipe:1',
    ]);
  });
  it('reads ALSA on Linux and refuses a platform it has no input for', () => {
    expect(microphoneFfmpegArgs('pulse', 'linux')).toContain('alsa');
    expect(() => microphoneFfmpegArgs('x', 'freebsd')).toThrow();
  });
});
