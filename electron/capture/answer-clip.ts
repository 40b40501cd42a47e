import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { systemClock, type Clock } from '../core/clock';
import { ownerOnlyFile } from '../core/owner-only';
import { probeRecording } from './recording';

const run = promisify(execFile);

/**
 * Cuts `[fromSec, toSec)` of a segment recording into its own MP4 for instant replay of a
 * video answer. Re-encoded, not stream-copied: a copy can only start on a keyframe (one a
 * second), while the answer must start on its own frame. `+faststart` because the clip is
 * written once, complete, and should start playing before it has fully loaded.
 */
export async function extractClip(opts: {
  recording: string;
  fromSec: number;
  toSec: number;
  out: string;
  ffmpeg?: string;
}): Promise<void> {
  const duration = Math.max(0.1, opts.toSec - opts.fromSec);
  await run(opts.ffmpeg ?? 'ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-n',
    '-ss',
    opts.fromSec.toFixed(3),
    '-i',
    opts.recording,
    '-t',
    duration.toFixed(3),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-b:a',
    '48k',
    '-movflags',
    '+faststart',
    opts.out,
  ]);
  // ffmpeg creates its output with the umask's mode.
  ownerOnlyFile(opts.out);
}

/**
 * Waits until a recording still being written holds `untilSec` (fragments reach the disk a
 * keyframe at a time), or until `timeoutMs`; returns the duration it reached.
 */
export async function waitForRecording(
  file: string,
  untilSec: number,
  timeoutMs: number,
  ffprobe = 'ffprobe',
  clock: Clock = systemClock,
): Promise<number> {
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    const reached = await probeRecording(file, ffprobe).then(
      (info) => info.durationSeconds,
      () => 0,
    );
    if (reached >= untilSec || clock.now() >= deadline) return reached;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
