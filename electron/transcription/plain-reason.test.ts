import { describe, expect, it } from 'vitest';
import { plainReason } from './plain-reason';

describe('plainReason', () => {
  it('cuts file paths to their file name, so staff see the file and not the data folder', () => {
    expect(
      plainReason('/var/lib/station/media/session-3/answer-7.wav does not exist (attempt 2 of 5)'),
    ).toBe('answer-7.wav does not exist (attempt 2 of 5)');
    expect(
      plainReason("Transcription model not usable: no model file at '/opt/models/x.bin'"),
    ).toBe("Transcription model not usable: no model file at 'x.bin'");
    expect(plainReason('cannot read C:\\ProgramData\\Station\\media\\a.wav')).toBe(
      'cannot read a.wav',
    );
  });

  it('drops a stack trace and keeps ordinary slashes and fractions', () => {
    expect(
      plainReason('Error: the process ended\n    at WhisperProcess.fail (/app/out/main.mjs:10:3)'),
    ).toBe('Error: the process ended');
    expect(plainReason('read 1/2 of the audio and/or video')).toBe(
      'read 1/2 of the audio and/or video',
    );
  });

  it('keeps a long message to one readable length', () => {
    const reason = plainReason('x'.repeat(1000));
    expect(reason.length).toBe(300);
    expect(reason.endsWith('…')).toBe(true);
  });
});
