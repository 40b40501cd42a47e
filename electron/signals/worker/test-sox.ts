/**
 * sox for the test sound bank: every file 16 kHz mono float32, noise seeded, levels exact.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';

export const ALSA_DIR = '/usr/share/sounds/alsa';

/** The normal speaking level of every speech recording in the bank, dBFS RMS. */
export const SPEECH_DBFS = -26;

// Every file is 16 kHz mono 32-bit float, the VAD's rate, so mixing never resamples.
export const FORMAT = ['-r', '16000', '-c', '1', '-e', 'floating-point', '-b', '32'];

export function sox(args: string[]): void {
  // -R: sox seeds its noise generators the same way every run, so a failure repeats.
  execFileSync('sox', ['-q', '-R', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A copy of `file` scaled to an RMS level in dBFS (sox's `gain -n` sets the peak, not RMS). */
export function rmsLevel(file: string, levelDb: number, dir: string): string {
  // sox prints its stats on stderr.
  const report = spawnSync('sox', [file, '-n', 'stats'], { encoding: 'utf8' }).stderr;
  const rms = Number(/RMS lev dB\s+(-?[\d.]+)/.exec(report)?.[1]);
  if (!Number.isFinite(rms)) throw new Error(`no RMS level for ${file}`);
  const out = path.join(dir, `${path.basename(file, '.wav')}-at${levelDb}.wav`);
  sox([file, ...FORMAT, out, 'gain', `${levelDb - rms}`]);
  return out;
}
