import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { RgbFrame } from '../../../shared/frames';

/** A rectangle in pixels of the source image. */
export interface Crop {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DecodeOptions {
  /** Size of the returned frame; the picture is scaled to fit and centred on black. */
  width: number;
  height: number;
  /** Applied before rotation and scaling, in pixels of the source image. */
  crop?: Crop;
  /** In-plane rotation, positive = clockwise on screen (ffmpeg's convention); corners gray. */
  rotateDegrees?: number;
}

// Found through module resolution, so bundled benches find the photos as the tests do.
const DEMO_DIR = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api')),
  '..',
  'demo',
  path.sep,
);

/**
 * The face-api demo photos (1920 px wide group shots), for tests only: they are a dev
 * dependency's files and are never shipped.
 */
export function facePhotos(): string[] {
  return [1, 2, 3, 4, 5, 6].map((n) => `${DEMO_DIR}sample${n}.jpg`);
}

/** Decodes an image with the real ffmpeg into a packed rgb24 frame of exactly the given size. */
export function decodeImage(file: string, options: DecodeOptions): RgbFrame {
  const { width, height, crop, rotateDegrees } = options;
  const filters: string[] = [];
  if (crop) filters.push(`crop=${crop.width}:${crop.height}:${crop.x}:${crop.y}`);
  if (rotateDegrees) filters.push(`rotate=${rotateDegrees}*PI/180:fillcolor=gray`);
  filters.push(
    `scale=${width}:${height}:force_original_aspect_ratio=decrease`,
    `pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2:color=black`,
    'format=rgb24',
  );
  const data = execFileSync(
    'ffmpeg',
    ['-v', 'error', '-i', file, '-vf', filters.join(','), '-frames:v', '1', '-f', 'rawvideo', '-'],
    { maxBuffer: width * height * 3 + 1024 },
  );
  if (data.length !== width * height * 3) {
    throw new Error(`ffmpeg gave ${data.length} bytes for ${file}, expected ${width}x${height}x3`);
  }
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width, height };
}

/** A frame of one flat colour, for the no-face case. */
export function uniformFrame(
  width: number,
  height: number,
  rgb: [number, number, number],
): RgbFrame {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) data.set(rgb, i);
  return { data, width, height };
}
