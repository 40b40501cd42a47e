import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempFolder } from './camera-test-media';
import { repairWav } from './wav-repair';
import { WavWriter } from './wav-writer';

const folder = tempFolder('wav-repair-test-');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function ffprobeSeconds(file: string): number {
  return Number(
    execFileSync(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file],
      {
        encoding: 'utf8',
      },
    ).trim(),
  );
}

/** A closed WAV of `seconds` of a ramp, written by the real writer. */
function writtenWav(name: string, seconds: number): string {
  const file = path.join(folder, name);
  const wav = new WavWriter(file);
  wav.write(Int16Array.from({ length: seconds * 16_000 }, (_, i) => i % 30_000));
  wav.close();
  return file;
}

describe('repairWav', () => {
  it('leaves a finished WAV untouched', () => {
    const file = writtenWav('finished.wav', 1.5);
    const before = statSync(file);
    expect(repairWav(file)).toEqual({ state: 'intact', dataBytes: 48_000, durationMs: 1500 });
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
    expect(statSync(file).ino).toBe(before.ino);
  });

  it('gives wrong sizes the file’s real length, and keeps a half sample at the end', () => {
    const file = writtenWav('wrong.wav', 2);
    const bytes = readFileSync(file);
    bytes.writeUInt32LE(36 + 999_999, 4);
    bytes.writeUInt32LE(999_999, 40);
    writeFileSync(file, Buffer.concat([bytes, Buffer.from([7])]));
    expect(repairWav(file)).toEqual({ state: 'repaired', dataBytes: 64_000, durationMs: 2000 });
    const fixed = readFileSync(file);
    expect(fixed.length).toBe(bytes.length + 1);
    expect(fixed.subarray(44, -1)).toEqual(bytes.subarray(44));
    expect(ffprobeSeconds(file)).toBe(2);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('says why it leaves a file alone that is not a PCM WAV', () => {
    const file = path.join(folder, 'float.wav');
    writeFileSync(file, Buffer.alloc(44));
    expect(repairWav(file)).toEqual({ state: 'unreadable', reason: 'no RIFF header' });
    const floats = readFileSync(writtenWav('floats.wav', 0.1));
    floats.writeUInt16LE(3, 20);
    floats.writeUInt32LE(0, 40);
    writeFileSync(file, floats);
    expect(repairWav(file)).toEqual({ state: 'unreadable', reason: 'not PCM' });
    expect(readFileSync(file)).toEqual(floats);
  });
});
