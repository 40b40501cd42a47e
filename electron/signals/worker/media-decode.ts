import { spawn } from 'node:child_process';
import { isPlainViewInput } from '../../../shared/media-input';
import { existsSync } from 'node:fs';
import type { StampedFrame } from '../../../shared/frames';

/** ffmpeg to run: the hosts set the bundled copy (capture/ffmpeg-path.ts); IT may set another. */
export function ffmpegPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.STATION_FFMPEG ?? 'ffmpeg';
}

/** ffprobe to run, set the same way as ffmpegPath. */
export function ffprobePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.STATION_FFPROBE ?? 'ffprobe';
}

/** Raised when a media file cannot be decoded; the message names the file and the cause. */
export class MediaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MediaError';
  }
}

/** A decoded frame; its `tMs` counts milliseconds from the start of the media. */
export type DecodedFrame = StampedFrame;

export interface VideoDecodeOptions {
  width?: number;
  height?: number;
  fps?: number;
}

/**
 * Decodes a video file to packed rgb24 frames at a fixed size and rate (letterboxed, so
 * faces keep their shape), as fast as ffmpeg can go. Frames stream with back-pressure: a
 * slow consumer slows ffmpeg down instead of filling memory.
 */
export async function* readVideoFrames(
  file: string,
  { width = 640, height = 480, fps = 15 }: VideoDecodeOptions = {},
): AsyncGenerator<DecodedFrame> {
  const filter =
    `fps=${fps},scale=${width}:${height}:force_original_aspect_ratio=decrease,` +
    `pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2,format=rgb24`;
  const frameBytes = width * height * 3;
  const output = runFfmpeg(file, ['-an', '-vf', filter, '-f', 'rawvideo', '-']);
  let pending: Buffer = Buffer.alloc(0);
  let index = 0;
  for await (const chunk of output.stdout) {
    pending = pending.length === 0 ? (chunk as Buffer) : Buffer.concat([pending, chunk as Buffer]);
    while (pending.length >= frameBytes) {
      // A copy, so the consumer may keep a frame while the next one is decoded.
      const data = new Uint8Array(pending.subarray(0, frameBytes));
      pending = pending.subarray(frameBytes);
      yield { tMs: (index * 1000) / fps, data, width, height };
      index += 1;
    }
  }
  await output.done;
}

/** Decodes the audio of any media file to 16 kHz mono float32 samples in [-1, 1]. */
export async function readAudioSamples(file: string, sampleRate = 16000): Promise<Float32Array> {
  const output = runFfmpeg(file, [
    '-vn',
    '-ac',
    '1',
    '-ar',
    String(sampleRate),
    '-f',
    'f32le',
    '-',
  ]);
  const chunks: Buffer[] = [];
  for await (const chunk of output.stdout) chunks.push(chunk as Buffer);
  await output.done;
  const bytes = Buffer.concat(chunks);
  // Copy into an aligned buffer: a Float32Array view needs a 4-byte aligned offset.
  const samples = new Float32Array(bytes.length / 4);
  new Uint8Array(samples.buffer).set(bytes.subarray(0, samples.length * 4));
  return samples;
}

function runFfmpeg(file: string, outputArgs: string[]) {
  // A sealed file comes as its plain view's loopback address.
  if (!isPlainViewInput(file) && !existsSync(file)) {
    throw new MediaError(`Media file ${file} was not found.`);
  }
  const child = spawn(ffmpegPath(), ['-v', 'error', '-nostdin', '-i', file, ...outputArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new MediaError(
          error.code === 'ENOENT'
            ? `ffmpeg was not found (looked for "${ffmpegPath()}"). Install it, e.g. apt-get install ffmpeg.`
            : `ffmpeg could not start: ${error.message}`,
        ),
      ),
    );
    child.once('close', (code) => {
      if (code === 0) resolve();
      else {
        const reason = stderr.trim().split('\n').pop() ?? `exit code ${code}`;
        reject(new MediaError(`Could not decode ${file}: ${reason}`));
      }
    });
  });
  // Keep a rejection from surfacing as unhandled before the reader awaits `done`.
  done.catch(() => {});
  return { stdout: child.stdout, done };
}
