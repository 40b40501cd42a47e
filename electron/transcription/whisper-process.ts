/**
 * The station's side of the transcription process. whisper.cpp runs in a child process (forked by
 * plain Node, a utility process under Electron: core/node-child.ts): a native abort there ends
 * the child, never the kiosk. Every request is wrapped in a promise of our own with a time limit,
 * because the binding's promise never settles when whisper_full fails or is stopped; a request
 * that runs out of time kills the child. A child that dies fails whatever it was doing with a
 * message saying so, and the next request starts a fresh one.
 */
import path from 'node:path';
import { forkNodeChild, type NodeChild, type StartNodeChild } from '../core/node-child';
import type { FromWhisper, ToWhisper, WhisperErrorKind } from './whisper-messages';

/** A request the transcription process refused or could not finish. */
export class WhisperError extends Error {
  constructor(
    readonly kind: WhisperErrorKind | 'crashed' | 'timeout',
    message: string,
  ) {
    super(message);
    this.name = 'WhisperError';
  }
}

/**
 * Where the built worker lives next to the station's other bundles. Packaged, that is inside the
 * asar archive, which a utility process reads (and the integrity fuse checks); its native addons
 * are loaded from app.asar.unpacked by Electron (asarUnpack in electron-builder.yml).
 */
export function defaultWorkerFile(appRoot: string): string {
  return path.join(appRoot, 'out', 'station', 'whisper-worker.mjs');
}

interface Pending {
  child: NodeChild;
  what: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onProgress?: (progress: number) => void;
  timer: NodeJS.Timeout;
}

export interface RequestOptions {
  /** Says what the request is doing, for error messages ("loading the model"). */
  what: string;
  timeoutMs: number;
  onProgress?: (progress: number) => void;
}

type Body = ToWhisper extends infer M ? (M extends ToWhisper ? Omit<M, 'id'> : never) : never;

export class WhisperProcess {
  private child: NodeChild | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stderrTail = '';
  private forks = 0;
  private closed = false;

  constructor(
    private readonly workerFile: string,
    private readonly log: (line: string) => void = () => {},
    private readonly startChild: StartNodeChild = forkNodeChild,
  ) {}

  /** Counts the processes started; a model loaded in an earlier one is gone. */
  get generation(): number {
    return this.forks;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  request<T>(body: Body, options: RequestOptions): Promise<T> {
    if (this.closed)
      return Promise.reject(new WhisperError('crashed', 'Transcription is stopped.'));
    const child = this.child ?? this.start();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(
          id,
          new WhisperError(
            'timeout',
            `Transcription did not finish ${options.what} within ${Math.round(options.timeoutMs / 1000)} s; ` +
              'the transcription process was stopped and will be restarted.',
          ),
        );
        // The native call may still be running and cannot be interrupted: end the process, and
        // forget it now so the next request starts a fresh one rather than queue behind it.
        if (this.child === child) this.child = null;
        child.kill();
      }, options.timeoutMs);
      this.pending.set(id, {
        child,
        what: options.what,
        resolve: resolve as (value: unknown) => void,
        reject,
        onProgress: options.onProgress,
        timer,
      });
      child.send({ ...body, id } satisfies ToWhisper);
    });
  }

  /** Ends the process; requests still open fail. */
  async close(): Promise<void> {
    this.closed = true;
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.onExit(() => resolve()));
    child.kill();
    await exited;
  }

  private start(): NodeChild {
    this.forks += 1;
    this.stderrTail = '';
    const child = this.startChild(this.workerFile, {
      serviceName: 'Interview Station transcription',
      env: {
        // glibc keeps freed memory in per-thread arenas: a released model (or a finished job's
        // buffers) stayed resident, about +25 MB per load here. Fewer arenas and a low trim
        // threshold hand it back to the system between jobs.
        MALLOC_ARENA_MAX: '2',
        MALLOC_TRIM_THRESHOLD_: '131072',
      },
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-4000);
    });
    child.onMessage((message) => this.receive(message as FromWhisper));
    child.onError((error) => this.log(`transcription process: ${error.message}`));
    child.onExit((code, signal) => {
      if (this.child === child) this.child = null;
      const how = signal ? `signal ${signal}` : `exit code ${code}`;
      const clue = this.lastNativeError();
      for (const [id, request] of this.pending) {
        if (request.child !== child) continue;
        this.fail(
          id,
          new WhisperError(
            'crashed',
            `The transcription process stopped (${how}) while ${request.what}` +
              `${clue ? `: ${clue}` : ''}. The station is unaffected; a new process is started for the next job.`,
          ),
        );
      }
      if (!this.closed) this.log(`transcription process ended (${how})`);
    });
    this.child = child;
    return child;
  }

  /** whisper.cpp prints an assertion or error line before it aborts; that is the best clue. */
  private lastNativeError(): string | null {
    const lines = this.stderrTail.split('\n').map((line) => line.trim());
    const found = lines.reverse().find((line) => /error|assert|abort|fail/i.test(line));
    return found ? found.slice(0, 300) : null;
  }

  private receive(message: FromWhisper): void {
    const request = this.pending.get(message.id);
    if (!request) return;
    switch (message.type) {
      case 'progress':
        request.onProgress?.(message.progress);
        return;
      case 'done':
        clearTimeout(request.timer);
        this.pending.delete(message.id);
        request.resolve(message.value);
        return;
      case 'error':
        this.fail(message.id, new WhisperError(message.kind, message.message));
        return;
    }
  }

  private fail(id: number, error: WhisperError): void {
    const request = this.pending.get(id);
    if (!request) return;
    clearTimeout(request.timer);
    this.pending.delete(id);
    request.reject(error);
  }
}
