import { execFile, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { systemClock, type Clock } from '../core/clock';
import { ownerOnlyFile } from '../core/owner-only';
import { openPlainView, withPlainView } from '../core/plain-view';
import { SealedFileWriter } from '../core/sealed-file';
import { probeInput } from './recording';
import { ffmpegPath, ffprobePath } from '../signals/worker/media-decode';

const run = promisify(execFile);

/**
 * Cuts `[fromSec, toSec)` of a segment recording into its own MP4 for instant replay of a
 * video answer. Re-encoded, not stream-copied: a copy can only start on a keyframe (one a
 * second), while the answer must start on its own frame. A plain clip gets `+faststart`
 * (written once, complete, it should start playing before it has fully loaded); a sealed one
 * (`sealWith`, encryption at rest) is fragmented MP4 on a pipe, sealed as it comes, so no
 * decrypted copy is ever on disk. A sealed recording is read through its plain view.
 */
export async function extractClip(opts: {
  recording: string;
  fromSec: number;
  toSec: number;
  out: string;
  ffmpeg?: string;
  /** The files key the recording may be sealed with. */
  filesKey?: Buffer | null;
  /** Seal the clip with this files key. */
  sealWith?: Buffer | null;
}): Promise<void> {
  const duration = Math.max(0.1, opts.toSec - opts.fromSec);
  const ffmpeg = opts.ffmpeg ?? ffmpegPath();
  await withPlainView(opts.recording, opts.filesKey ?? opts.sealWith ?? null, async (input) => {
    const args = [
      '-hide_banner',
      '-loglevel',
      'error',
      '-n',
      '-ss',
      opts.fromSec.toFixed(3),
      '-i',
      input,
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
    ];
    if (opts.sealWith) {
      await ffmpegToSealed(
        ffmpeg,
        [...args, '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4'],
        opts.out,
        opts.sealWith,
      );
      return;
    }
    await run(ffmpeg, [...args, '-movflags', '+faststart', opts.out]);
    // ffmpeg creates its output with the umask's mode.
    ownerOnlyFile(opts.out);
  });
}

/**
 * Runs ffmpeg with its output on stdout (`pipe:1` is appended) and seals what it writes into
 * `out`; a failed run removes the partial file and rejects with ffmpeg's last words.
 */
export async function ffmpegToSealed(
  ffmpeg: string,
  args: string[],
  out: string,
  filesKey: Buffer,
): Promise<void> {
  const writer = new SealedFileWriter(out, filesKey);
  const child = spawn(ffmpeg, [...args, 'pipe:1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-2000);
  });
  let failure: Error | null = null;
  (child.stdout as Readable).on('data', (chunk: Buffer) => {
    if (failure) return;
    try {
      writer.write(chunk);
    } catch (error) {
      failure = error as Error;
      child.kill('SIGKILL');
    }
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exit) => resolve(exit));
  }).catch((error: unknown) => {
    failure ??= error as Error;
    return null;
  });
  try {
    writer.end();
  } catch (error) {
    failure ??= error as Error;
  }
  if (failure || code !== 0) {
    rmSync(out, { force: true });
    throw (
      failure ?? new Error(`ffmpeg exited with code ${code}: ${stderr.trim().split('\n').at(-1)}`)
    );
  }
}

/**
 * Waits until a recording still being written holds `untilSec` (fragments reach the disk a
 * keyframe at a time), or until `timeoutMs`; returns the duration it reached.
 */
export async function waitForRecording(
  file: string,
  untilSec: number,
  timeoutMs: number,
  ffprobe = ffprobePath(),
  clock: Clock = systemClock,
  filesKey: Buffer | null = null,
): Promise<number> {
  const deadline = clock.now() + timeoutMs;
  // One view for the whole wait: it reads the file's size afresh for every request.
  const view = await openPlainView(file, filesKey);
  try {
    // Looks back less often the longer it waits: ffprobe reads every fragment's index of the
    // recording (through a sealed file's view, about 3 ms a fragment: 10 s for an hour).
    for (let pause = 300; ; pause = Math.min(pause * 2, 2000)) {
      const reached = await probeInput(view.input, file, ffprobe).then(
        (info) => info.durationSeconds,
        () => 0,
      );
      if (reached >= untilSec || clock.now() >= deadline) return reached;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  } finally {
    await view.close();
  }
}
