import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MediaError, readAudioSamples, readVideoFrames } from './media-decode';
import { jfkWav } from './test-audio';

const dir = mkdtempSync(path.join(os.tmpdir(), 'decode-'));

/** A 2 s 320x240 test pattern at 30 fps, with a 440 Hz tone. */
function testClip(): string {
  const file = path.join(dir, 'pattern.mp4');
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=320x240:rate=30:duration=2',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:duration=2',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-c:a',
    'aac',
    '-shortest',
    file,
  ]);
  return file;
}

async function collect(file: string, fps = 15) {
  const frames = [];
  for await (const frame of readVideoFrames(file, { fps })) frames.push(frame);
  return frames;
}

afterEach(() => {
  delete process.env.STATION_FFMPEG;
});

describe('readVideoFrames', () => {
  it('delivers 640x480 rgb24 frames at the asked rate, stamped from the start', async () => {
    const frames = await collect(testClip());
    expect(frames).toHaveLength(30);
    expect(frames[0]).toMatchObject({ tMs: 0, width: 640, height: 480 });
    expect(frames[0]?.data.length).toBe(640 * 480 * 3);
    expect(frames[15]?.tMs).toBeCloseTo(1000, 6);
    // Letterboxed, not stretched: 4:3 in 4:3 fills the frame, so the corner is the pattern.
    expect(frames[0]?.data.some((v) => v > 0)).toBe(true);
  });

  it('names the file when it does not exist', async () => {
    await expect(collect(path.join(dir, 'missing.mp4'))).rejects.toThrow(
      /Media file .*missing\.mp4 was not found/,
    );
  });

  it('explains a file ffmpeg cannot read', async () => {
    const junk = path.join(dir, 'junk.mp4');
    writeFileSync(junk, 'this is not a video');
    const error = await collect(junk).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaError);
    expect((error as Error).message).toMatch(/^Could not decode .*junk\.mp4: /);
  });

  it('says so when ffmpeg is missing', async () => {
    process.env.STATION_FFMPEG = '/nonexistent/ffmpeg';
    await expect(collect(testClip())).rejects.toThrow(/ffmpeg was not found/);
  });
});

describe('readAudioSamples', () => {
  it('decodes real speech to 16 kHz mono float samples', async () => {
    const samples = await readAudioSamples(jfkWav());
    expect(samples.length / 16000).toBeCloseTo(11, 0);
    const peak = samples.reduce((max, v) => Math.max(max, Math.abs(v)), 0);
    expect(peak).toBeGreaterThan(0.1);
    expect(peak).toBeLessThanOrEqual(1);
  });
});
