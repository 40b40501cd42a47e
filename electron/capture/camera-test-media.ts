/**
 * Test and bench tooling: a stand-in camera recording made at run time from a real face photo
 * (a dev dependency's demo file, never shipped), and small ffmpeg/ffprobe probes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { facePhotos } from '../signals/worker/test-media';
import { makeClip } from '../signals/worker/test-video';

const [sample1 = ''] = facePhotos();

/** The face photo itself, 1920x1280 with three people. */
export const FACE_PHOTO = sample1;

/** In sample1, a 4:3 region holding one face (as the signal tests use). */
export const ONE_FACE = { x: 235, y: 295, width: 560, height: 420 };

/** A fresh temporary folder. */
export function tempFolder(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Encodes a 640x480 15 fps H.264 clip of one face into `folder`; returns its path. */
export function makeFaceClip(folder: string, seconds = 3): string {
  return makeClip(
    [{ seconds, image: FACE_PHOTO, crop: ONE_FACE }],
    path.join(folder, 'face-camera.mp4'),
  );
}

/** Size of the picture in a JPEG, as ffprobe decodes it. */
export function jpegSize(jpeg: Buffer): { width: number; height: number } {
  const out = execFileSync(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', '-i', 'pipe:0'],
    { input: jpeg, encoding: 'utf8' },
  );
  const [width = NaN, height = NaN] = out.trim().split(',').map(Number);
  return { width, height };
}
