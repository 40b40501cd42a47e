/**
 * The camera service, owned by the main process: ONE ffmpeg child reads the camera (or a file
 * standing in for it) and from that one input produces the analysis frames (raw rgb24 on
 * stdout), the renderer's preview (MJPEG on fd 3, cut into JPEGs here, latest kept) and the
 * session recording (fragmented MP4, see recording.ts). One process means one decode and one
 * device handle, and the recording and the analysis see exactly the same frames.
 *
 * Frame stamps: `tMs` = session clock at the first frame + index × 1000/fps, not the clock at
 * each frame's arrival. The graph's fps filter makes the stream constant-rate in media time
 * (duplicating or dropping against the source's own timestamps), and the recording is encoded
 * from the same split, so frame i plays at i/fps in the recording: derived stamps put every
 * signal on its exact replay frame, where arrival times would add pipe-read jitter. How far
 * arrival trails the stamp is reported as `frameLagMs`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Readable, Writable } from 'node:stream';
import type { StampedFrame } from '../../shared/frames';
import { ownerOnlyFile } from '../core/owner-only';
import { AUDIO_PIPE_FD, cameraArgs, type CameraSource, type CaptureFormat } from './camera-args';
import { CameraError, classifyFailure, deviceError } from './camera-errors';
import { FrameAssembler, JpegSplitter } from './camera-streams';
import type { MicrophoneChunk } from './microphone';
import { PacedAudio } from './paced-audio';
import { RECORDING_PIPE_FD, SealedRecording } from './sealed-recording';
import { trackChild } from './process-registry';
import { ffmpegPath } from '../signals/worker/media-decode';

export { CameraError } from './camera-errors';
export type { CameraErrorCode } from './camera-errors';
export { listCameras } from './camera-args';
export type { CameraInfo, CameraSource } from './camera-args';

/** One analysis frame: packed rgb24, `width × height × 3` bytes. */
/** A camera frame; its `tMs` is on the session clock (see the note at the top of this file). */
export interface CameraFrame extends StampedFrame {
  /** 0 for the first frame; also the frame's index in the recording. */
  index: number;
}

export interface CameraOptions {
  source: CameraSource;
  /** Where to write the session recording (must not exist yet); null for no recording. */
  recordingFile?: string | null;
  /**
   * The files key to seal the recording with (encryption at rest): ffmpeg writes it to a pipe
   * and the station seals it in chunks as it comes (sealed-recording.ts). None: ffmpeg writes
   * the file itself.
   */
  sealWith?: Buffer | null;
  /**
   * Mux the microphone into the recording: fed through `pushAudio` (a pipe), except on
   * Windows, where ffmpeg stops cleanly only on 'q' from stdin, which it ignores once an
   * input is a pipe; there the camera's dshow input opens `dshowAudioDevice` itself.
   */
  recordAudio?: boolean;
  /** Windows: the microphone's dshow name; without one a Windows recording has no sound. */
  dshowAudioDevice?: string | null;
  width?: number;
  height?: number;
  fps?: number;
  previewFps?: number;
  /** The ffmpeg executable; IT can point at a bundled copy. */
  ffmpeg?: string;
  /** The station's data folder, to register the child for clean-up after a crash. */
  registryFolder?: string | null;
  /** The session clock in ms; performance.now() when absent. */
  clock?: () => number;
  startTimeoutMs?: number;
  stopTimeoutMs?: number;
  /** Called on the main thread for every frame: hand heavy work to a worker, do not throw. */
  onFrame?(frame: CameraFrame): void;
  onPreview?(jpeg: Buffer): void;
  /** The camera stopped by itself after starting (device unplugged, ffmpeg killed…). */
  onError?(error: CameraError): void;
}

/** Delivery figures; all times are session-clock milliseconds. */
export interface CameraStats {
  framesDelivered: number;
  /** Frames the nominal rate promises from the first frame until now (or until it ended). */
  framesExpected: number;
  framesDropped: number;
  previewsDelivered: number;
  /** How long ago the latest preview arrived. */
  previewAgeMs: number | null;
  /**
   * When the latest preview arrived relative to its frame's stamp (preview k shows the frame
   * stamped first + k × 1000/previewFps). Measured against the raw-frame path, whose own pipe
   * latency is not included; it can be slightly negative, as JPEGs are smaller than raw frames.
   */
  previewLagMs: number | null;
  /** When the latest analysis frame arrived relative to its stamp. */
  frameLagMs: number | null;
}

/** A running camera. */
export interface Camera {
  readonly pid: number;
  /** Session clock at the first frame: time 0 of the recording. */
  readonly startedAtMs: number;
  readonly recordingFile: string | null;
  readonly stats: CameraStats;
  /** The newest preview JPEG. */
  latestPreview(): Buffer | null;
  /** Whether the recording has the microphone's track. */
  readonly recordsAudio: boolean;
  /** A microphone chunk for the recording's track (ignored without one). */
  pushAudio(chunk: MicrophoneChunk): void;
  /** Asks ffmpeg to finish (the recording is finalised), killing it if it takes too long. */
  stop(): Promise<void>;
}

type State = 'starting' | 'running' | 'stopping' | 'ended';

class FfmpegCamera implements Camera {
  readonly pid: number;
  private firstFrameAt = NaN;
  private state: State = 'starting';
  private readonly stderrTail: string[] = [];
  private frames = 0;
  private previews = 0;
  private latest: Buffer | null = null;
  private latestPreviewAt: number | null = null;
  private latestFrameAt: number | null = null;
  private endedAtMs: number | null = null;
  private readonly closed: Promise<void>;
  private readonly clock: () => number;
  private readonly audio: PacedAudio | null;
  private readonly audioTimer: ReturnType<typeof setInterval> | null;

  constructor(
    private readonly child: ChildProcess,
    private readonly options: CameraOptions,
    private readonly format: CaptureFormat,
    readonly recordingFile: string | null,
    private readonly settle: (error: CameraError | null) => void,
    private readonly sink: SealedRecording | null = null,
  ) {
    this.pid = child.pid ?? -1;
    this.clock = options.clock ?? (() => performance.now());
    const { width, height } = format;
    const frames = new FrameAssembler(width * height * 3, (data) => this.frame(data));
    const previews = new JpegSplitter((jpeg) => this.preview(jpeg));
    child.stdout?.on('data', (chunk: Buffer) => frames.push(chunk));
    (child.stdio[3] as Readable | null)?.on('data', (chunk: Buffer) => previews.push(chunk));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => this.log(text));
    // Writing 'q' to an ffmpeg that already died raises EPIPE here; its exit is handled below.
    child.stdin?.on('error', () => undefined);
    const audioPipe = child.stdio[AUDIO_PIPE_FD] as Writable | null | undefined;
    if (audioPipe) {
      // A dying ffmpeg closes the pipe under us (EPIPE); its exit is handled below.
      audioPipe.on('error', () => undefined);
      this.audio = new PacedAudio((pcm) => {
        if (!audioPipe.destroyed) audioPipe.write(pcm);
      });
      this.audioTimer = setInterval(() => this.audio?.tick(this.clock()), 100);
    } else {
      this.audio = null;
      this.audioTimer = null;
    }
    this.closed = new Promise((resolve) => {
      child.once('close', (code, signal) => {
        // ffmpeg created the recording with the umask's mode (its folder is owner-only); the
        // next start makes it so if this fails.
        try {
          if (this.recordingFile && !this.sink) ownerOnlyFile(this.recordingFile);
        } catch {
          // Not ours to fail a stopping camera over.
        }
        // The sealed recording's last chunk goes to disk before anyone reads it as finished.
        const sinkFailure = this.sink?.end() ?? null;
        if (sinkFailure) this.log(sinkFailure);
        this.onClose(code, signal);
        resolve();
      });
    });
  }

  get startedAtMs(): number {
    return this.firstFrameAt;
  }

  get stats(): CameraStats {
    const first = this.firstFrameAt;
    const started = Number.isFinite(first);
    const until = this.endedAtMs ?? this.clock();
    const expected = started ? Math.floor(((until - first) * this.format.fps) / 1000) + 1 : 0;
    const previewStamp = first + ((this.previews - 1) * 1000) / this.format.previewFps;
    const frameStamp = first + ((this.frames - 1) * 1000) / this.format.fps;
    return {
      framesDelivered: this.frames,
      framesExpected: expected,
      framesDropped: Math.max(0, expected - this.frames),
      previewsDelivered: this.previews,
      previewAgeMs: this.latestPreviewAt === null ? null : this.clock() - this.latestPreviewAt,
      previewLagMs:
        this.latestPreviewAt === null || !started ? null : this.latestPreviewAt - previewStamp,
      frameLagMs: this.latestFrameAt === null ? null : this.latestFrameAt - frameStamp,
    };
  }

  latestPreview(): Buffer | null {
    return this.latest;
  }

  get recordsAudio(): boolean {
    return this.audio !== null;
  }

  pushAudio(chunk: MicrophoneChunk): void {
    if (this.state === 'running') this.audio?.push(chunk);
  }

  async stop(): Promise<void> {
    if (this.state === 'starting' || this.state === 'running') {
      this.state = 'stopping';
      this.endedAtMs = this.clock();
      if (this.audio) {
        this.audio.finish(this.endedAtMs);
        // ffmpeg ignores 'q' once an input is a pipe; SIGINT is its other "finish now".
        this.child.kill('SIGINT');
      } else {
        // 'q' on stdin is ffmpeg's own "finish now": it flushes the encoder and writes the
        // end of the MP4. Unlike SIGINT it also works on Windows, which has no signals.
        this.child.stdin?.end('q');
      }
      const timer = setTimeout(
        () => this.child.kill('SIGKILL'),
        this.options.stopTimeoutMs ?? 5_000,
      );
      await this.closed;
      clearTimeout(timer);
    }
    await this.closed;
  }

  /** ffmpeg's last stderr line, if it wrote any. */
  lastLogLine(): string | undefined {
    return this.stderrTail.at(-1);
  }

  /** Kills without finishing; for start-up failures. */
  abort(): void {
    this.state = 'ended';
    this.child.kill('SIGKILL');
  }

  failedToSpawn(error: NodeJS.ErrnoException): void {
    // 'error' also reports a failed kill(); only a child without a pid never started.
    if (this.state === 'ended' || this.child.pid !== undefined) return;
    this.state = 'ended';
    const ffmpeg = this.options.ffmpeg ?? ffmpegPath();
    this.settle(
      new CameraError('ffmpeg_missing', `ffmpeg was not found at ${ffmpeg}.`, error.code),
    );
  }

  private frame(data: Buffer): void {
    // Once stop() is called the caller expects silence; ffmpeg may still flush a few frames.
    if (this.state === 'stopping' || this.state === 'ended') return;
    const now = this.clock();
    const index = this.frames;
    this.frames += 1;
    this.latestFrameAt = now;
    if (index === 0) {
      this.firstFrameAt = now;
      this.audio?.anchor(now);
      if (this.state === 'starting') {
        this.state = 'running';
        this.settle(null);
      }
    }
    this.options.onFrame?.({
      tMs: this.firstFrameAt + (index * 1000) / this.format.fps,
      index,
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      width: this.format.width,
      height: this.format.height,
    });
  }

  private preview(jpeg: Buffer): void {
    if (this.state === 'stopping' || this.state === 'ended') return;
    this.previews += 1;
    this.latest = jpeg;
    this.latestPreviewAt = this.clock();
    this.options.onPreview?.(jpeg);
  }

  private log(text: string): void {
    for (const line of text.split(/\r?\n/)) {
      if (line.trim() === '') continue;
      this.stderrTail.push(line.trim());
      if (this.stderrTail.length > 20) this.stderrTail.shift();
    }
  }

  private onClose(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.audioTimer) clearInterval(this.audioTimer);
    const was = this.state;
    this.state = 'ended';
    this.endedAtMs ??= this.clock();
    if (was === 'stopping' || was === 'ended') return;
    const exit = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    const error = classifyFailure(this.options.source, this.stderrTail, exit);
    if (was === 'starting') this.settle(error);
    else this.options.onError?.(error);
  }
}

/**
 * Starts the camera; resolves once the first frame has arrived, rejects with a CameraError
 * (ffmpeg missing, no such camera or file, camera busy, start timeout, ffmpeg exited).
 */
export async function startCamera(options: CameraOptions): Promise<Camera> {
  const format: CaptureFormat = {
    width: options.width ?? 640,
    height: options.height ?? 480,
    fps: options.fps ?? 15,
    previewFps: options.previewFps ?? 10,
  };
  const recordingFile = options.recordingFile ? path.resolve(options.recordingFile) : null;
  checkPaths(options.source, recordingFile);
  const ffmpeg = options.ffmpeg ?? ffmpegPath();
  const windows = process.platform === 'win32';
  const audio = Boolean(recordingFile && options.recordAudio && !windows);
  const dshowAudio = windows && options.recordAudio ? (options.dshowAudioDevice ?? null) : null;
  const sealed = recordingFile && options.sealWith ? options.sealWith : null;
  const args = cameraArgs(
    options.source,
    format,
    recordingFile
      ? { file: sealed ? `pipe:${RECORDING_PIPE_FD}` : recordingFile, audio, dshowAudio }
      : null,
  );
  // Created before ffmpeg starts, so a second camera cannot claim the same file.
  const sink = sealed && recordingFile ? new SealedRecording(recordingFile, sealed) : null;
  const child = spawn(ffmpeg, args, {
    stdio: ['pipe', 'pipe', 'pipe', 'pipe', audio ? 'pipe' : 'ignore', sink ? 'pipe' : 'ignore'],
    windowsHide: true,
  });
  trackChild(child, 'camera', [ffmpeg, ...args], options.registryFolder ?? null);
  if (sink) sink.attach(child);

  return new Promise<Camera>((resolve, reject) => {
    let done = false;
    // Called from ffmpeg's events only, so never before `timer` below exists.
    const settle = (error: CameraError | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(camera);
    };
    const camera = new FfmpegCamera(child, options, format, recordingFile, settle, sink);
    child.once('error', (error) => camera.failedToSpawn(error));
    const timeoutMs = options.startTimeoutMs ?? 10_000;
    const timer = setTimeout(() => {
      camera.abort();
      const message = `The camera sent no picture within ${timeoutMs / 1000} s.`;
      settle(new CameraError('start_timeout', message, camera.lastLogLine()));
    }, timeoutMs);
  });
}

/** Refuses early, with a message naming the path, what ffmpeg would fail on less clearly. */
function checkPaths(source: CameraSource, recordingFile: string | null): void {
  if (source.kind === 'file' && !existsSync(source.path)) {
    throw new CameraError('file_missing', `The video file ${source.path} does not exist.`);
  }
  // Only Linux names cameras by path; elsewhere ffmpeg's own error is classified.
  if (source.kind === 'device' && process.platform === 'linux' && !existsSync(source.device)) {
    throw deviceError('no_camera', source.device);
  }
  if (recordingFile && existsSync(recordingFile)) {
    throw new CameraError(
      'recording_failed',
      `The recording file ${recordingFile} already exists.`,
    );
  }
  if (recordingFile && !existsSync(path.dirname(recordingFile))) {
    throw new CameraError(
      'recording_failed',
      `The folder for the recording ${recordingFile} does not exist.`,
    );
  }
}
