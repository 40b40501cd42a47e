import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isPlainViewInput } from '../../shared/media-input';
import path from 'node:path';
import { ffmpegPath } from '../signals/worker/media-decode';

export type AudioProbe = { hasAudio: true } | { hasAudio: false; reason: string };

/**
 * Whether a media file has an audio stream, read from ffmpeg's own listing of the input (so
 * no ffprobe is needed next to a bundled ffmpeg). Session recordings made without a
 * microphone are video only: those are skipped with this reason rather than failed. A file
 * that is missing or unreadable rejects instead.
 */
export function probeAudio(file: string): Promise<AudioProbe> {
  if (!isPlainViewInput(file) && !existsSync(file)) {
    return Promise.reject(new Error(`The media file ${file} does not exist.`));
  }
  return new Promise((resolve, reject) => {
    // Without an output ffmpeg lists the input's streams on stderr and exits with status 1.
    const child = spawn(ffmpegPath(), ['-hide_banner', '-nostdin', '-i', file], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let listing = '';
    child.stderr.on('data', (chunk: Buffer) => {
      listing += chunk.toString();
    });
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'ENOENT'
            ? `ffmpeg was not found (looked for "${ffmpegPath()}")`
            : `ffmpeg could not start: ${error.message}`,
        ),
      ),
    );
    child.once('close', () => {
      if (/Stream #\d+:\d+.*: Audio:/.test(listing)) resolve({ hasAudio: true });
      else if (/Stream #\d+:\d+/.test(listing)) {
        resolve({ hasAudio: false, reason: `${path.basename(file)} has no audio track` });
      } else {
        // Unreadable (still being written, or damaged): an error, so the job is retried.
        const last = listing.trim().split('\n').pop() ?? 'no streams';
        reject(new Error(`${path.basename(file)} cannot be read (${last})`));
      }
    });
  });
}
