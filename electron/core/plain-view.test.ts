import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeRecording } from '../capture/recording';
import { openPlainView, withPlainView } from './plain-view';
import { sealFile } from './sealed-file';

/**
 * The first decoded frame at `atSec` of an input, as raw bytes (to compare two inputs). Not
 * execFileSync: the view's server runs on this thread.
 */
async function frameAt(input: string, atSec: number): Promise<Buffer> {
  const { stdout } = await promisify(execFile)(
    'ffmpeg',
    [
      ...['-v', 'error', '-ss', String(atSec), '-i', input, '-frames:v', '1'],
      ...['-f', 'rawvideo', '-pix_fmt', 'gray', '-s', '64x48', 'pipe:1'],
    ],
    { encoding: 'buffer' },
  );
  return stdout;
}

describe('plain views of sealed files (what ffmpeg reads a sealed recording through)', () => {
  let dir: string;
  let plain: string;
  let sealed: string;
  const key = randomBytes(32);

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'plain-view-'));
    plain = path.join(dir, 'plain.mp4');
    // A fragmented MP4 as the station records: a keyframe a second, one fragment each.
    execFileSync('ffmpeg', [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=15', '-t', '40'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '15', '-pix_fmt', 'yuv420p'],
      ...['-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4', plain],
    ]);
    const copy = path.join(dir, 'copy.mp4');
    execFileSync('cp', [plain, copy]);
    sealed = path.join(dir, 'sealed.mp4');
    sealFile(copy, sealed, key);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a plain file is its own input', async () => {
    const view = await openPlainView(plain, key);
    expect(view.input).toBe(plain);
    await view.close();
  });

  it('ffprobe reads the sealed recording as long as the plain one, and ffmpeg seeks in it', async () => {
    const fromPlain = await probeRecording(plain);
    const fromSealed = await probeRecording(sealed, 'ffprobe', key);
    expect(fromSealed.durationSeconds).toBeCloseTo(fromPlain.durationSeconds, 1);
    expect(fromSealed.codec).toBe('h264');
    const seekFrame = await withPlainView(sealed, key, (input) => frameAt(input, 31.4));
    expect(seekFrame.equals(await frameAt(plain, 31.4))).toBe(true);
    // Not just any frame: the one at 31.4 s differs from the one at 5 s.
    expect(seekFrame.equals(await frameAt(plain, 5))).toBe(false);
  });

  it('answers only its own address, on loopback, and refuses once closed', async () => {
    const view = await openPlainView(sealed, key);
    const url = new URL(view.input);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.pathname).toMatch(/^\/[0-9a-f]{48}$/);
    const wrong = await fetch(new URL('/' + '0'.repeat(48), url));
    expect(wrong.status).toBe(404);
    const ranged = await fetch(url, { headers: { Range: 'bytes=100-199' } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer())).toEqual(readFileSync(plain).subarray(100, 200));
    await view.close();
    await expect(fetch(url)).rejects.toThrow();
  });

  it('without the key a sealed file has no view', async () => {
    await expect(openPlainView(sealed, null)).rejects.toThrow(/station key/);
    await expect(probeRecording(sealed, 'ffprobe', randomBytes(32))).rejects.toThrow();
  });
});
