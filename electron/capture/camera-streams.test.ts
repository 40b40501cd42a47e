import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { FrameAssembler, JpegSplitter } from './camera-streams';
import { FACE_PHOTO, ONE_FACE } from './camera-test-media';

/** Feeds `data` in pseudo-random chunks, as pipe reads arrive. */
function feed(data: Buffer, push: (chunk: Buffer) => void, seed = 7): void {
  let state = seed;
  for (let offset = 0; offset < data.length;) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const size = 1 + (state % 9_000);
    push(data.subarray(offset, offset + size));
    offset += size;
  }
}

it('cuts a real MJPEG stream into whole pictures however the pipe splits it', () => {
  // Six JPEGs of the face photo at falling quality, so their tables and sizes differ.
  const crop = `crop=${ONE_FACE.width}:${ONE_FACE.height}:${ONE_FACE.x}:${ONE_FACE.y}`;
  const stream = execFileSync('ffmpeg', [
    '-v',
    'error',
    '-loop',
    '1',
    '-i',
    FACE_PHOTO,
    '-vf',
    `${crop},scale=320:240,format=yuvj420p`,
    '-frames:v',
    '6',
    '-c:v',
    'mjpeg',
    '-q:v',
    '2',
    '-f',
    'mjpeg',
    '-',
  ]);
  const jpegs: Buffer[] = [];
  const splitter = new JpegSplitter((jpeg) => jpegs.push(jpeg));
  feed(stream, (chunk) => splitter.push(chunk));

  expect(jpegs).toHaveLength(6);
  expect(Buffer.concat(jpegs).equals(stream)).toBe(true);
});

it('resynchronises after a truncated picture', () => {
  const jpegs: Buffer[] = [];
  const splitter = new JpegSplitter((jpeg) => jpegs.push(jpeg));
  const whole = Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, 0x12, 0xff, 0x00, 0xff, 0xd9]);
  // A picture cut off mid-header (a marker where a length should be), then a whole one.
  splitter.push(Buffer.concat([Buffer.from([0xff, 0xd8, 0x00, 0x11]), whole]));
  expect(jpegs).toEqual([whole]);
});

it('reassembles raw frames across pipe reads without mixing them up', () => {
  const frameBytes = 640 * 480 * 3;
  const data = Buffer.alloc(frameBytes * 3);
  for (let i = 0; i < 3; i++) data.fill(i + 1, i * frameBytes, (i + 1) * frameBytes);
  const frames: Buffer[] = [];
  const assembler = new FrameAssembler(frameBytes, (frame) => frames.push(frame));
  feed(data, (chunk) => assembler.push(chunk));
  expect(frames.map((f) => [f.length, f[0], f[frameBytes - 1]])).toEqual([
    [frameBytes, 1, 1],
    [frameBytes, 2, 2],
    [frameBytes, 3, 3],
  ]);
});
