import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CameraError, type CameraErrorCode } from './camera-errors';
import { tempFolder } from './camera-test-media';
import { DeviceCheck } from './device-check';
import { DeviceFeed } from './device-feed';
import { cameraProblem, forCandidate, microphoneProblem } from './device-problems';
import { MicrophoneError, type MicrophoneErrorCode } from './microphone';

const RESOURCES = path.resolve(__dirname, '..', '..', 'resources');

const CAMERA_CODES: CameraErrorCode[] = [
  'ffmpeg_missing',
  'file_missing',
  'no_camera',
  'camera_busy',
  'camera_denied',
  'recording_failed',
  'start_timeout',
  'ffmpeg_exited',
];
const MICROPHONE_CODES: MicrophoneErrorCode[] = [
  'unsupported-recorder',
  'recorder-missing',
  'no-device',
  'device-busy',
  'no-audio',
  'stream-ended',
];

/** Codes, device paths and program names mean nothing to a candidate. */
const TECHNICAL = /_|\/dev\/|ffmpeg|arecord|ALSA|\(/;

describe('device problems as the candidate reads them', () => {
  it('says each camera and microphone failure in a plain sentence, never its code', () => {
    for (const code of CAMERA_CODES) {
      const sentence = cameraProblem(new CameraError(code, `ffmpeg says ${code} on /dev/video0`));
      expect(sentence, code).toMatch(/camera/);
      expect(sentence, code).not.toMatch(TECHNICAL);
      expect(sentence, code).not.toContain(code);
    }
    for (const code of MICROPHONE_CODES) {
      const sentence = microphoneProblem(new MicrophoneError(code, `arecord: ${code}`));
      expect(sentence, code).toMatch(/microphone/);
      expect(sentence, code).not.toMatch(TECHNICAL);
      expect(sentence, code).not.toContain(code);
    }
    // Anything unexpected still reads as a sentence.
    expect(cameraProblem(new Error('EIO'))).toBe('The camera is not working right now.');
  });

  it('tells the candidate to ask staff, once, however many devices failed', () => {
    const both = forCandidate(
      cameraProblem(new CameraError('camera_busy', 'busy')),
      microphoneProblem(new MicrophoneError('no-device', 'gone')),
    );
    expect(both).toBe(
      'The camera is being used by another program on this station. ' +
        'We can’t find the microphone on this station. Please ask a member of staff for help.',
    );
  });
});

describe('the device check with a station that is set up wrong', () => {
  let check: DeviceCheck | null = null;
  afterEach(() => check?.stop());

  it('shows the candidate plain words and asks for staff; the log keeps the codes', async () => {
    const dataDir = tempFolder('device-problems-');
    const feed = new DeviceFeed();
    const log: string[] = [];
    check = new DeviceCheck({
      // A real ffmpeg on a file that is not there, and a recorder not on PATH.
      source: { kind: 'file', path: path.join(dataDir, 'missing-camera.mp4') },
      microphone: { device: 'default', env: { PATH: path.join(dataDir, 'no-bin') } },
      resourcesDir: RESOURCES,
      dataDir,
      feed,
      log: (line) => log.push(line),
    });
    await check.start();

    const snapshot = feed.current();
    expect(snapshot).toMatchObject({ camera: 'failed', microphone: 'failed' });
    expect(snapshot.problem).toMatch(/^The camera can’t be started .* setup\./);
    expect(snapshot.problem).toMatch(/The microphone can’t be started .* setup\./);
    expect(snapshot.problem).toMatch(/Please ask a member of staff for help\.$/);
    expect(snapshot.problem).not.toMatch(TECHNICAL);
    expect(log.join('\n')).toMatch(/camera \(file_missing\)/);
    expect(log.join('\n')).toMatch(/microphone \(recorder-missing\): .*arecord/);
  });
});
