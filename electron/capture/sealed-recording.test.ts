import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withPlainView } from '../core/plain-view';
import { readStoredFileSync } from '../core/sealed-read';
import { probeRecording } from './recording';
import { BoxFollower, RECORDING_CHUNK_BYTES, SealedRecording } from './sealed-recording';

let dir = '';
let plain: Buffer;
let plainFile = '';
const key = randomBytes(32);

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sealed-recording-'));
  plainFile = path.join(dir, 'plain.mp4');
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=15', '-t', '6'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '15', '-pix_fmt', 'yuv420p'],
    ...['-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4', plainFile],
  ]);
  plain = readFileSync(plainFile);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The stream cut into uneven pieces, as a pipe delivers it. */
function pieces(data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0, step = 3; at < data.length; at += step, step = (step * 13) % 70_001 || 5) {
    out.push(data.subarray(at, at + step));
  }
  return out;
}

/** Top-level box types of an MP4, in order. */
function boxTypes(data: Buffer): string[] {
  const types: string[] = [];
  for (let at = 0; at + 8 <= data.length; at += data.readUInt32BE(at)) {
    types.push(data.toString('latin1', at + 4, at + 8));
  }
  return types;
}

describe('following MP4 boxes as they pass', () => {
  it('passes every byte and marks the end of every fragment, however the pipe cuts it', () => {
    const follower = new BoxFollower();
    const seen = pieces(plain).flatMap((piece) => follower.split(piece));
    expect(Buffer.concat(seen.map((p) => p.bytes)).equals(plain)).toBe(true);
    const fragments = boxTypes(plain).filter((type) => type === 'mdat').length;
    expect(fragments).toBeGreaterThanOrEqual(6);
    expect(seen.filter((p) => p.endsFragment)).toHaveLength(fragments);
  });
});

describe('a sealed recording', () => {
  it('puts each complete fragment on disk at once, padded with a free box, and plays as the plain one', async () => {
    const file = path.join(dir, 'sealed.mp4');
    const recording = new SealedRecording(file, key);
    const follower = new BoxFollower();
    for (const piece of pieces(plain)) {
      recording.write(piece);
      // Whenever a fragment has just ended, nothing of it waits in memory.
      const ended = follower.split(piece).at(-1)?.endsFragment ?? false;
      if (ended) expect(readStoredFileSync(file, key).length % RECORDING_CHUNK_BYTES).toBe(0);
    }
    expect(recording.end()).toBeNull();
    const stored = readStoredFileSync(file, key);
    const types = boxTypes(stored);
    expect(types.filter((t) => t === 'free').length).toBeGreaterThan(0);
    expect(types.filter((t) => t !== 'free')).toEqual(boxTypes(plain));
    const sealedInfo = await probeRecording(file, 'ffprobe', key);
    const plainInfo = await probeRecording(plainFile);
    expect(sealedInfo.durationSeconds).toBeCloseTo(plainInfo.durationSeconds, 2);
    // Every frame decodes, as from the plain file.
    const frames = await withPlainView(file, key, async (input) => {
      const { stdout } = await promisify(execFile)('ffprobe', [
        ...['-v', 'error', '-count_frames', '-select_streams', 'v:0'],
        ...['-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', input],
      ]);
      return Number(stdout.trim());
    });
    expect(frames).toBe(90);
    console.log(
      `sealed recording: ${stored.length} bytes for ${plain.length} plain ` +
        `(+${(((stored.length - plain.length) / plain.length) * 100).toFixed(1)} % padding)`,
    );
  });
});
