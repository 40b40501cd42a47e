/**
 * Test tooling for real audio capture: a private PulseAudio daemon whose default source is
 * the monitor of a 16 kHz mono null sink, so whatever `play()` sends into the sink is what a
 * microphone on that daemon records. Also speech to play and a cross-correlation to find it
 * again. Tests only: nothing here ships.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The null sink's format, and the format of raw files given to `play()`. */
export const PULSE_RATE = 16_000;
const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 3000;
// Decoded audio can be large; execFile's default 1 MB would cut a minute of speech short.
const MAX_BUFFER = 256 * 1024 * 1024;
const RAW_FORMAT = [
  '-t',
  'raw',
  '-r',
  String(PULSE_RATE),
  '-c',
  '1',
  '-b',
  '16',
  '-e',
  'signed-integer',
];

export interface TestPulse {
  /** Environment for clients of this daemon (arecord, paplay, pactl): PULSE_SERVER and co. */
  env: NodeJS.ProcessEnv;
  /** Plays a WAV (any format paplay reads) or a raw 16 kHz mono s16le file; resolves when done. */
  play(wavOrRawFile: string): Promise<void>;
  /** Stops the daemon and any playback, and removes its runtime directory. */
  stop(): Promise<void>;
}

/**
 * Starts a private PulseAudio with a null sink `vmic` (16 kHz mono) as default sink and its
 * monitor as default source. Throws with the daemon's stderr when it cannot start, so a test
 * fails rather than skips.
 */
export async function startTestPulse(): Promise<TestPulse> {
  // Its own runtime dir keeps it apart from any session daemon and lets it run as root.
  const dir = await mkdtemp(path.join(tmpdir(), 'test-pulse-'));
  const socket = path.join(dir, 'native');
  const script = path.join(dir, 'default.pa');
  await writeFile(
    script,
    [
      // Anonymous auth: clients need no cookie, and the socket lives in our private dir.
      `load-module module-native-protocol-unix auth-anonymous=1 socket=${socket}`,
      // norewinds=1: when a stream joins, the sink would rewind to mix it in sooner, but its
      // monitor has already passed those samples on, so the first ~120 ms of every paplay were
      // lost; and the first recorder to connect waited ~2 s for audio.
      `load-module module-null-sink sink_name=vmic rate=${PULSE_RATE} channels=1 norewinds=1`,
      'set-default-sink vmic',
      'set-default-source vmic.monitor',
      '',
    ].join('\n'),
  );
  // HOME too: clients write a cookie under ~/.config/pulse, which belongs in the temp dir.
  const runtime = {
    HOME: dir,
    XDG_RUNTIME_DIR: dir,
    PULSE_RUNTIME_PATH: dir,
    PULSE_STATE_PATH: dir,
  };
  const daemonEnv: NodeJS.ProcessEnv = { ...process.env, ...runtime };
  delete daemonEnv.PULSE_SERVER;
  const env: NodeJS.ProcessEnv = { ...process.env, ...runtime, PULSE_SERVER: `unix:${socket}` };

  const daemon = spawn(
    'pulseaudio',
    [
      '-n',
      `--file=${script}`,
      '--daemonize=no',
      '--system=false',
      '--exit-idle-time=-1',
      '--use-pid-file=false',
      '--log-target=stderr',
    ],
    { env: daemonEnv, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  daemon.stderr?.setEncoding('utf8');
  daemon.stderr?.on('data', (text: string) => (stderr = (stderr + text).slice(-65536)));
  const exited = new Promise<string>((resolve) => {
    daemon.once('error', (error) => resolve(`could not run pulseaudio: ${error.message}`));
    daemon.once('close', (code, signal) => resolve(`pulseaudio exited (${code ?? signal})`));
  });
  const players = new Set<ChildProcess>();

  const stop = async (): Promise<void> => {
    for (const player of players) player.kill('SIGKILL');
    if (daemon.exitCode === null && daemon.signalCode === null && daemon.pid !== undefined) {
      daemon.kill('SIGTERM');
      const timer = setTimeout(() => daemon.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  let dead = false;
  void exited.then(() => (dead = true));
  const failure = await Promise.race([waitUntilAnswering(env, () => dead), exited]);
  if (failure !== undefined) {
    await stop();
    throw new Error(`Test PulseAudio did not start: ${failure}\n${stderr}`);
  }

  const play = (file: string): Promise<void> => {
    const args = file.toLowerCase().endsWith('.wav')
      ? [file]
      : ['--raw', `--rate=${PULSE_RATE}`, '--channels=1', '--format=s16le', file];
    return new Promise((resolve, reject) => {
      const player = execFile('paplay', args, { env }, (error, _stdout, playerStderr) => {
        players.delete(player);
        if (error) reject(new Error(`paplay ${file} failed: ${error.message}\n${playerStderr}`));
        else resolve();
      });
      players.add(player);
    });
  };

  return { env, play, stop };
}

/** Polls `pactl info` until the daemon answers; resolves undefined when it does. */
async function waitUntilAnswering(
  env: NodeJS.ProcessEnv,
  dead: () => boolean,
): Promise<string | undefined> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = '';
  while (!dead() && Date.now() < deadline) {
    try {
      await run('pactl', ['info'], { env, timeout: 2000 });
      return undefined;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return `pactl info did not answer within ${READY_TIMEOUT_MS} ms: ${last}`;
}

function soxInput(file: string): string[] {
  return file.toLowerCase().endsWith('.raw') ? [...RAW_FORMAT, file] : [file];
}

/** Any file sox reads (a `.raw` file is taken as 16 kHz mono s16le) as 16 kHz mono samples. */
export async function readPcm16(file: string): Promise<Int16Array> {
  const { stdout } = await run('sox', [...soxInput(file), ...RAW_FORMAT, '-'], {
    encoding: 'buffer',
    maxBuffer: MAX_BUFFER,
  });
  // Copied out: a Buffer may start at an odd byte offset, which Int16Array cannot view.
  const samples = new Int16Array(Math.floor(stdout.length / 2));
  new Uint8Array(samples.buffer).set(stdout.subarray(0, samples.length * 2));
  return samples;
}

/**
 * Speaks `text` with espeak-ng into `file` at 16 kHz mono s16 (`.wav`, or `.raw` for bare
 * samples) and returns the samples written.
 */
export async function writeSpeech(text: string, file: string): Promise<Int16Array> {
  const spoken = `${file}.espeak.wav`;
  await run('espeak-ng', ['-w', spoken, text]);
  const format = file.toLowerCase().endsWith('.raw') ? RAW_FORMAT : RAW_FORMAT.slice(2);
  // espeak-ng speaks at 22.05 kHz; sox resamples (and dithers) to the sink's format.
  await run('sox', [spoken, ...format, file]);
  await rm(spoken, { force: true });
  return readPcm16(file);
}

export interface Alignment {
  /** Index in `captured` where `reference[0]` lines up. */
  index: number;
  /** Normalised cross-correlation over the whole reference at that index (1 = identical). */
  correlation: number;
}

/**
 * Finds `reference` in `captured` at an index in [from, from + maxLag]: the lag is chosen on
 * the reference's loudest second (fast), then the correlation is measured over all of it.
 */
export function alignPcm(
  captured: ArrayLike<number>,
  reference: ArrayLike<number>,
  from: number,
  maxLag: number,
): Alignment {
  const probeLength = Math.min(PULSE_RATE, reference.length);
  const probe = loudestWindow(reference, probeLength);
  let best = { index: from, correlation: -Infinity };
  for (let index = Math.max(0, from); index <= from + maxLag; index++) {
    const correlation = correlate(captured, reference, index, probe, probeLength);
    if (correlation > best.correlation) best = { index, correlation };
  }
  return {
    index: best.index,
    correlation: correlate(captured, reference, best.index, 0, reference.length),
  };
}

function loudestWindow(samples: ArrayLike<number>, length: number): number {
  const step = PULSE_RATE / 10;
  let bestStart = 0;
  let bestEnergy = -1;
  for (let start = 0; start + length <= samples.length; start += step) {
    let energy = 0;
    for (let i = start; i < start + length; i++) energy += (samples[i] ?? 0) ** 2;
    if (energy > bestEnergy) [bestStart, bestEnergy] = [start, energy];
  }
  return bestStart;
}

/** Normalised correlation of reference[start, start+length) with captured at `index`. */
function correlate(
  captured: ArrayLike<number>,
  reference: ArrayLike<number>,
  index: number,
  start: number,
  length: number,
): number {
  let dot = 0;
  let capturedEnergy = 0;
  let referenceEnergy = 0;
  for (let i = start; i < start + length; i++) {
    // Samples the capture does not cover count as silence, which lowers the score.
    const a = captured[index + i] ?? 0;
    const b = reference[i] ?? 0;
    dot += a * b;
    capturedEnergy += a * a;
    referenceEnergy += b * b;
  }
  const norm = Math.sqrt(capturedEnergy * referenceEnergy);
  return norm > 0 ? dot / norm : 0;
}
