/**
 * The station microphone: 16 kHz mono s16le PCM from arecord (ALSA; through PulseAudio by
 * default on Linux) or sox, delivered as chunks stamped on the session clock, with a live
 * level for the device-check meter.
 *
 * Why not node-record-lpcm16's `record()`: it spawns the recorder inside its constructor
 * with spawn options we cannot reach, so arecord always inherits `process.env` and sox gets
 * a fresh copy of it, while tests must point the recorder at a private PulseAudio
 * (`PULSE_SERVER`). It also reports its own stop (arecord exits 1 on SIGTERM) as a stream
 * error and leaves the child's spawn error (recorder not installed) unhandled. So we spawn
 * the recorder ourselves with exactly the command lines its recorder modules build
 * (recorders/arecord.js and recorders/sox.js of 1.0.1; a test holds the two in step).
 *
 * Timing: the first sample's session time is taken once, as the arrival time of the first
 * chunk minus that chunk's duration; every later chunk is stamped from the number of
 * samples before it. Arrival times jitter with the recorder's period and the event loop,
 * sample counts do not, so stamps stay evenly spaced and gaps cannot open between chunks.
 * Measured on the test rig (arecord on the 'pulse' device, a PulseAudio null sink fed by
 * paplay; microphone.test.ts prints the numbers): what was played comes back bit-exact;
 * its first sample is stamped ~24 ms after paplay was spawned (paplay's own start-up
 * included); chunks of 2000 samples (arecord's 125 ms period) arrive up to ~125 ms after
 * their last sample's stamp, so that is the latency a live consumer sees. The one-off
 * anchor can be late by a few tens of ms (some chunks arrived 25 ms before the stamp of
 * their last sample), well under a frame of the 15 fps signal track.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { trackChild } from './process-registry';
import { ffmpegPath } from '../signals/worker/media-decode';
import { defaultFfmpegMicrophone, microphoneFfmpegArgs } from './microphone-args';

/** Samples per second of everything the microphone delivers. */
export const SAMPLE_RATE = 16_000;
const SAMPLES_PER_MS = SAMPLE_RATE / 1000;
// 100 ms windows give the device-check meter its ~10 updates a second.
const LEVEL_WINDOW = SAMPLE_RATE / 10;
const FULL_SCALE = 32768;
/** Level reported for digital silence, where the logarithm is -Infinity (1 LSB ≈ -90 dBFS). */
export const SILENCE_DB = -100;
const DEFAULT_START_TIMEOUT_MS = 5000;
// arecord answers SIGTERM at once; SIGKILL is only for a recorder stuck in the kernel.
const KILL_AFTER_MS = 2000;
const STDERR_KEEP = 4096;

export type RecorderName = 'arecord' | 'sox' | 'ffmpeg';
const RECORDERS: readonly RecorderName[] = ['arecord', 'sox', 'ffmpeg'];

/** Why the microphone could not start or stopped on its own. */
export type MicrophoneErrorCode =
  | 'unsupported-recorder'
  | 'recorder-missing'
  | 'no-device'
  | 'device-busy'
  | 'no-audio'
  | 'stream-ended';

/** A microphone failure with a code the device check can act on and the recorder's stderr. */
export class MicrophoneError extends Error {
  constructor(
    readonly code: MicrophoneErrorCode,
    message: string,
    readonly stderr = '',
  ) {
    super(message);
    this.name = 'MicrophoneError';
  }
}

/** Consecutive samples; `tMs` is the session time of the first one. */
export interface MicrophoneChunk {
  tMs: number;
  samples: Int16Array;
}

/** Level of one 100 ms window starting at session time `tMs`, in dBFS (0 = full scale). */
export interface MicrophoneLevel {
  tMs: number;
  rmsDb: number;
  peakDb: number;
}

export interface MicrophoneOptions {
  /**
   * ALSA device for arecord ('pulse' by default), AUDIODEV for sox (its default if unset),
   * for ffmpeg the dshow name (Windows), avfoundation name or index (macOS) or ALSA device.
   */
  device?: string;
  /**
   * 'arecord' on Linux by default: through PulseAudio it is bit-exact at 16 kHz, while sox
   * resamples (correlation 0.988) and adds ~100 ms of latency. Elsewhere the bundled ffmpeg
   * (capture/ffmpeg-path.ts), the recorder an installed station always has.
   */
  recorder?: RecorderName;
  /** Session clock in ms; by default ms since `startMicrophone` was called (monotonic). */
  clock?: () => number;
  /** Environment of the recorder process (e.g. PULSE_SERVER); `process.env` by default. */
  env?: NodeJS.ProcessEnv;
  /** How long the recorder may take to deliver its first audio before 'no-audio'. */
  startTimeoutMs?: number;
  /** The station's data folder, to register the recorder for clean-up after a crash. */
  registryFolder?: string | null;
  onChunk?(chunk: MicrophoneChunk): void;
  onLevel?(level: MicrophoneLevel): void;
  /** Failures after start, e.g. the device was unplugged; called at most once. */
  onError?(error: MicrophoneError): void;
}

export interface MicrophoneStats {
  samples: number;
  chunks: number;
}

/** A running microphone; failures to start reject `startMicrophone` instead. */
export interface Microphone {
  /** Session time of the first sample. */
  readonly startMs: number;
  /** Process id of the recorder, for diagnostics. */
  readonly pid: number;
  /** Totals delivered so far. */
  readonly stats: MicrophoneStats;
  /** Stops the recorder and resolves once it has exited; idempotent, never an error. */
  stop(): Promise<void>;
}

/** The recorder's command line, as node-record-lpcm16 1.0.1 builds it for raw 16 kHz mono. */
export function recorderCommand(
  recorder: RecorderName,
  device?: string,
  platform: NodeJS.Platform = process.platform,
): { cmd: string; args: string[]; env: NodeJS.ProcessEnv } {
  const rate = String(SAMPLE_RATE);
  if (recorder === 'ffmpeg') {
    const named = device ?? defaultFfmpegMicrophone(platform);
    if (named === null) {
      throw new MicrophoneError(
        'no-device',
        'No microphone is named, and Windows has no default one.',
      );
    }
    return { cmd: ffmpegPath(), args: microphoneFfmpegArgs(named, platform), env: {} };
  }
  if (recorder === 'arecord') {
    const args = ['-q', '-r', rate, '-c', '1', '-t', 'raw', '-f', 'S16_LE', '-'];
    return { cmd: 'arecord', args: device ? ['-D', device, ...args] : args, env: {} };
  }
  // sox takes its input device from the environment, not from an argument.
  const args = ['--default-device', '--no-show-progress', '--rate', rate, '--channels', '1'];
  args.push('--encoding', 'signed-integer', '--bits', '16', '--type', 'raw', '-');
  return { cmd: 'sox', args, env: device ? { AUDIODEV: device } : {} };
}

/** Starts capturing; resolves once the first audio arrived, rejects with a MicrophoneError. */
export function startMicrophone(options: MicrophoneOptions = {}): Promise<Microphone> {
  const linux = process.platform === 'linux';
  // arecord is ALSA-only; elsewhere the bundled ffmpeg is the recorder that exists.
  const recorder = options.recorder ?? (linux ? 'arecord' : 'ffmpeg');
  if (!RECORDERS.includes(recorder)) {
    const message = `Unsupported recorder '${String(recorder)}': use ${RECORDERS.map((r) => `'${r}'`).join(', ')}.`;
    return Promise.reject(new MicrophoneError('unsupported-recorder', message));
  }
  const device = options.device ?? (recorder === 'arecord' && linux ? 'pulse' : undefined);
  try {
    return new Capture(recorder, device, options).started;
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

function toDb(amplitude: number): number {
  return amplitude > 0 ? Math.max(SILENCE_DB, 20 * Math.log10(amplitude / FULL_SCALE)) : SILENCE_DB;
}

/** Reads arecord's and sox's complaints when the device could not be opened. */
function classifyOpenFailure(cmd: string, device: string | undefined, stderr: string) {
  const where = device ? `'${device}'` : 'the default device';
  const detail = stderr.trim().split('\n').slice(-2).join(' ');
  if (/busy/i.test(stderr)) {
    const message = `The microphone ${where} is in use: ${detail}`;
    return new MicrophoneError('device-busy', message, stderr);
  }
  const noDevice =
    /audio open error|unknown pcm|cannot get card index|no such (file|device)|no soundcards|connection refused|can't open input|could not find audio only device|cannot open audio device|input\/output error/i;
  if (noDevice.test(stderr)) {
    return new MicrophoneError('no-device', `No microphone at ${where}: ${detail}`, stderr);
  }
  return new MicrophoneError('stream-ended', `${cmd} exited before any audio: ${detail}`, stderr);
}

class Capture implements Microphone {
  readonly started: Promise<Microphone>;
  startMs = Number.NaN;
  private readonly child: ChildProcess;
  private readonly clock: () => number;
  private samples = 0;
  private chunks = 0;
  private carry: Buffer | null = null;
  private stderr = '';
  private levelSamples = 0;
  private levelSquares = 0;
  private levelPeak = 0;
  private running = false;
  private stopping: Promise<void> | null = null;
  private closed = false;
  private startFailure: MicrophoneError | null = null;
  private reported = false;
  private startTimer: NodeJS.Timeout | undefined;
  private killTimer: NodeJS.Timeout | undefined;
  private readonly whenClosed: Promise<void>;

  constructor(
    recorder: RecorderName,
    device: string | undefined,
    private readonly options: MicrophoneOptions,
  ) {
    const origin = performance.now();
    this.clock = options.clock ?? (() => performance.now() - origin);
    const { cmd, args, env } = recorderCommand(recorder, device);
    let resolveStart!: (microphone: Microphone) => void;
    let rejectStart!: (error: MicrophoneError) => void;
    this.started = new Promise((resolve, reject) => {
      resolveStart = resolve;
      rejectStart = reject;
    });
    this.child = spawn(cmd, args, {
      env: { ...(options.env ?? process.env), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Never outlives the station: killed on exit, and found again after a crash.
    trackChild(this.child, 'microphone', [cmd, ...args], options.registryFolder ?? null);
    this.whenClosed = new Promise((resolve) => this.child.once('close', () => resolve()));

    this.child.on('error', (error: NodeJS.ErrnoException) => {
      // Spawn failures (ENOENT, EACCES) come here; later errors also end in 'close'.
      if (this.running) return;
      const message =
        error.code === 'ENOENT'
          ? `The recorder '${cmd}' is not installed (not found on PATH).`
          : `The recorder '${cmd}' could not be started: ${error.message}`;
      this.failStart(new MicrophoneError('recorder-missing', message));
    });
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (text: string) => {
      this.stderr = (this.stderr + text).slice(-STDERR_KEEP);
    });
    this.child.stdout?.on('data', (data: Buffer) => {
      // Audio racing a start that already failed (timeout) must not reach the consumer.
      if (this.startFailure) return;
      const first = !this.running;
      this.deliver(data);
      if (first && this.samples > 0) {
        this.running = true;
        clearTimeout(this.startTimer);
        resolveStart(this);
      }
    });
    this.child.once('close', (code, signal) => {
      this.closed = true;
      clearTimeout(this.startTimer);
      clearTimeout(this.killTimer);
      if (!this.running) {
        rejectStart(this.startFailure ?? classifyOpenFailure(cmd, device, this.stderr));
      } else if (!this.stopping) {
        const how = signal ? `signal ${signal}` : `code ${String(code)}`;
        const detail = this.stderr.trim().split('\n').slice(-2).join(' ');
        const message = `The microphone stopped unexpectedly (${cmd} exited with ${how}): ${detail}`;
        this.report(new MicrophoneError('stream-ended', message, this.stderr));
      }
    });
    this.startTimer = setTimeout(() => {
      const where = device ? `'${device}'` : 'the default device';
      const message = `No audio from ${where} within ${this.startTimeoutMs} ms.`;
      this.failStart(new MicrophoneError('no-audio', message, this.stderr));
    }, this.startTimeoutMs);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get stats(): MicrophoneStats {
    return { samples: this.samples, chunks: this.chunks };
  }

  stop(): Promise<void> {
    this.stopping ??= this.terminate();
    return this.stopping;
  }

  private get startTimeoutMs(): number {
    return this.options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  }

  /** Kills the recorder and waits for 'close', so no stray process outlives the caller. */
  private terminate(): Promise<void> {
    if (!this.closed) {
      this.child.kill('SIGTERM');
      this.killTimer = setTimeout(() => this.child.kill('SIGKILL'), KILL_AFTER_MS);
    }
    return this.whenClosed;
  }

  /** Start failed: remember why, and reject only once the recorder is gone ('close'). */
  private failStart(error: MicrophoneError): void {
    if (this.running || this.startFailure) return;
    this.startFailure = error;
    // Node fires 'close' after a spawn error too, so this settles either way.
    void this.terminate();
  }

  private report(error: MicrophoneError): void {
    if (this.reported) return;
    this.reported = true;
    this.options.onError?.(error);
  }

  private deliver(data: Buffer): void {
    const bytes = this.carry ? Buffer.concat([this.carry, data]) : data;
    const whole = bytes.length - (bytes.length % 2);
    this.carry = whole < bytes.length ? Buffer.from(bytes.subarray(whole)) : null;
    if (whole === 0) return;
    // Copied into an aligned buffer: a Node Buffer may start at an odd byte offset, and the
    // consumer keeps the array. Every Electron target is little-endian, as s16le is.
    const samples = new Int16Array(whole / 2);
    new Uint8Array(samples.buffer).set(bytes.subarray(0, whole));
    if (this.chunks === 0) this.startMs = this.clock() - samples.length / SAMPLES_PER_MS;
    const tMs = this.startMs + this.samples / SAMPLES_PER_MS;
    this.samples += samples.length;
    this.chunks += 1;
    this.options.onChunk?.({ tMs, samples });
    if (this.options.onLevel) this.measure(samples);
  }

  /** Feeds the level meter; windows span chunk boundaries so updates stay 100 ms apart. */
  private measure(samples: Int16Array): void {
    const onLevel = this.options.onLevel;
    let windowStart = this.samples - samples.length - this.levelSamples;
    for (const sample of samples) {
      this.levelSquares += sample * sample;
      this.levelPeak = Math.max(this.levelPeak, Math.abs(sample));
      this.levelSamples += 1;
      if (this.levelSamples < LEVEL_WINDOW) continue;
      onLevel?.({
        tMs: this.startMs + windowStart / SAMPLES_PER_MS,
        rmsDb: toDb(Math.sqrt(this.levelSquares / LEVEL_WINDOW)),
        peakDb: toDb(this.levelPeak),
      });
      windowStart += LEVEL_WINDOW;
      this.levelSamples = 0;
      this.levelSquares = 0;
      this.levelPeak = 0;
    }
  }
}
