import { describe, expect, it } from 'vitest';
import { AUDIO_PIPE_FD, cameraArgs, type CaptureFormat } from './camera-args';

const format: CaptureFormat = { width: 640, height: 480, fps: 15, previewFps: 10 };
const camera = { kind: 'device', device: 'Integrated Camera' } as const;

/** The value after each occurrence of `flag`. */
function after(args: string[], flag: string): string[] {
  return args.flatMap((arg, i) => (arg === flag ? [args[i + 1] ?? ''] : []));
}

describe('the camera command line', () => {
  it('on Windows opens the microphone through the camera’s own dshow input, not a pipe', () => {
    const args = cameraArgs(
      camera,
      format,
      { file: 'out.mp4', audio: true, dshowAudio: 'Microphone (Realtek Audio)' },
      'win32',
    );
    expect(after(args, '-i')).toEqual(['video=Integrated Camera:audio=Microphone (Realtek Audio)']);
    expect(args).not.toContain(`pipe:${AUDIO_PIPE_FD}`);
    expect(after(args, '-map')).toContain('0:a');
    expect(after(args, '-c:a')).toEqual(['aac']);
  });

  it('on Windows without a microphone name records the picture only', () => {
    const args = cameraArgs(camera, format, { file: 'out.mp4', audio: false }, 'win32');
    expect(after(args, '-i')).toEqual(['video=Integrated Camera']);
    expect(after(args, '-c:a')).toEqual([]);
  });

  it('elsewhere muxes the microphone from its pipe as the second input', () => {
    const args = cameraArgs(
      { kind: 'device', device: '/dev/video0' },
      format,
      // A dshow name means nothing on Linux: the pipe carries the sound.
      { file: 'out.mp4', audio: true, dshowAudio: 'ignored' },
      'linux',
    );
    expect(after(args, '-i')).toEqual(['/dev/video0', `pipe:${AUDIO_PIPE_FD}`]);
    expect(after(args, '-map')).toContain('1:a');
  });

  it('without a recording opens no microphone at all', () => {
    const args = cameraArgs(camera, format, null, 'win32');
    expect(after(args, '-i')).toEqual(['video=Integrated Camera']);
    expect(after(args, '-map')).toEqual(['[frames]', '[preview]']);
  });
});
