import { Worker } from 'node:worker_threads';
import type { Db } from '../../../db/open';
import type { Clock } from '../../core/clock';
import { type EvidencedEvent, type SignalEvent, type FrameSignals } from '../../../shared/signals';
import { saveEvidence } from './evidence-thumbnail';
import type { SignalRunOptions } from '../worker/signal-analyzer';
import type { SessionPhase } from '../../../shared/enums';
import type {
  FinishedAnalysis,
  FromWorker,
  ToWorker,
  WorkerSetup,
} from '../worker/signal-messages';
import { isDiskFull } from '../../core/disk-space';
import { saveEvents, saveSummary, SignalWriter } from './signal-store';
import {
  DEFAULT_LANDMARK_EVERY,
  withOverrides,
  type ThresholdOverrides,
} from '../worker/thresholds';
import { wholeSessionSummary } from './session-summary';
import { DroppedFrameCounter } from './dropped-frames';

export interface PipelineOptions extends SignalRunOptions {
  /** The built worker entry (out/station/signal-worker.mjs). */
  workerFile: string;
  resourcesDir: string;
  /** The station's data folder; evidence thumbnails are written under media/. */
  dataDir: string;
  /** The files key thumbnails are sealed with (encryption at rest); none: plain. */
  sealWith?: Buffer | null;
  db: Db;
  sessionId: number;
  /** The station's wall clock: when the summary was stored. */
  clock: Clock;
  fps?: number;
  thresholds?: ThresholdOverrides;
  onSignals?: (signals: FrameSignals) => void;
  onEvent?: (event: SignalEvent) => void;
  log?: (line: string) => void;
}

// More frames than this waiting for the worker means it cannot keep up: newer frames are
// dropped (and counted) rather than queued, so signals never fall behind the session by
// more than 4 frames (267 ms at 15 fps). Two were too few: the camera's frames reach the
// main thread in bursts after any pause of its own (a batch of signals written, an audio
// chunk), and bench:session dropped one frame in seven while the worker used a fifth of a
// core; with room for four it drops none.
export const MAX_FRAMES_IN_FLIGHT = 4;

/**
 * The live proctoring pipeline of one session, seen from the main thread: frames and audio go
 * to a worker thread; signals come back and are stored in batches, events as they settle,
 * the summary at the end.
 */
export class SignalPipeline {
  private framesInFlight = 0;
  private dropped = 0;
  private accepted = 0;
  private readonly writer: SignalWriter;
  private readonly droppedFrames: DroppedFrameCounter;
  private finished: ((result: FinishedAnalysis) => void) | null = null;
  private idleWaiters: (() => void)[] = [];
  private readonly thumbnails: Promise<unknown>[] = [];

  private constructor(
    private readonly worker: Worker,
    private readonly opts: PipelineOptions,
  ) {
    this.writer = new SignalWriter(opts.db, opts.sessionId, undefined, () => opts.clock.now());
    this.droppedFrames = new DroppedFrameCounter(opts.db, opts.sessionId);
    worker.on('message', (message: FromWorker) => this.receive(message));
  }

  /** Starts the worker and resolves once its models are loaded. */
  static start(opts: PipelineOptions): Promise<SignalPipeline> {
    const setup: WorkerSetup = {
      resourcesDir: opts.resourcesDir,
      fps: opts.fps ?? 15,
      thresholds: opts.thresholds,
      landmarkEvery: opts.landmarkEvery,
      speechDuringReading: opts.speechDuringReading,
      baseline: opts.baseline,
    };
    const worker = new Worker(opts.workerFile, { workerData: setup });
    return new Promise((resolve, reject) => {
      const onMessage = (message: FromWorker) => {
        if (message.type === 'ready') {
          worker.off('message', onMessage);
          resolve(new SignalPipeline(worker, opts));
        } else if (message.type === 'failed') {
          void worker.terminate();
          reject(new Error(`Proctoring signals could not start: ${message.message}`));
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  }

  /** Offers a frame (packed rgb24); returns false when it was dropped because the worker is busy. */
  pushFrame(frame: { tMs: number; data: Uint8Array; width: number; height: number }): boolean {
    if (this.framesInFlight >= MAX_FRAMES_IN_FLIGHT) {
      this.dropped += 1;
      // Stored per second, so the replay shows where the signals have holes and why.
      this.unlessDiskFull(() => this.droppedFrames.count(frame.tMs));
      return false;
    }
    this.framesInFlight += 1;
    this.accepted += 1;
    const data = frame.data.slice().buffer;
    this.send({ type: 'frame', tMs: frame.tMs, width: frame.width, height: frame.height, data }, [
      data,
    ]);
    return true;
  }

  /** Feeds 16 kHz mono samples whose first sample was taken at `tMs`. */
  pushAudio(tMs: number, samples: Float32Array): void {
    const copy = samples.slice().buffer;
    this.send({ type: 'audio', tMs, samples: copy }, [copy]);
  }

  setPhase(phase: SessionPhase): void {
    this.send({ type: 'phase', phase });
  }

  /** Resolves when the worker has room for another frame (for feeding from a file). */
  whenReady(): Promise<void> {
    if (this.framesInFlight < MAX_FRAMES_IN_FLIGHT) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  get stats() {
    return { accepted: this.accepted, dropped: this.dropped };
  }

  /**
   * Closes open events at `endMs`, stores the rest and the summary of the whole session (not
   * only this run), and ends the worker.
   */
  async finish(endMs?: number): Promise<FinishedAnalysis> {
    const result = await new Promise<FinishedAnalysis>((resolve) => {
      this.finished = resolve;
      this.send({ type: 'finish', endMs });
    });
    this.unlessDiskFull(() => this.writer.flush());
    this.unlessDiskFull(() => this.droppedFrames.flush());
    this.unlessDiskFull(() => this.storeEvents(result.events));
    const {
      db,
      sessionId,
      fps = 15,
      landmarkEvery = DEFAULT_LANDMARK_EVERY,
      thresholds,
    } = this.opts;
    const summary = wholeSessionSummary(db, sessionId, result.summary, {
      landmarkSpanMs: (1000 / fps) * landmarkEvery,
      thresholds: withOverrides(thresholds),
    });
    // On a full disk the summary is not stored, but the worker is still ended.
    this.unlessDiskFull(() => saveSummary(db, sessionId, summary, this.opts.clock.now()));
    await Promise.all(this.thumbnails);
    await this.worker.terminate();
    const events = result.events.map(({ evidence: _frame, ...event }) => event);
    return { ...result, events, summary };
  }

  private send(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'signals':
        this.unlessDiskFull(() => this.writer.add(message.signals));
        this.opts.onSignals?.(message.signals);
        this.unlessDiskFull(() => this.storeEvents(message.events));
        this.frameDone();
        return;
      case 'audio-done':
        this.unlessDiskFull(() => this.storeEvents(message.events));
        return;
      case 'error':
        this.opts.log?.(`signals: ${message.message}`);
        if (message.wasFrame) this.frameDone();
        return;
      case 'finished':
        this.finished?.(message);
        return;
      default:
        return;
    }
  }

  private lastFullLog = -Infinity;

  /**
   * Runs a write from a worker message (where a throw would be uncaught and end the station);
   * on a full disk those signals are not stored, the analysis goes on, and it is logged once
   * a minute. The station's disk check stops capture soon after.
   */
  private unlessDiskFull(write: () => void): void {
    try {
      write();
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      const now = this.opts.clock.now();
      if (now - this.lastFullLog < 60_000) return;
      this.lastFullLog = now;
      this.opts.log?.(
        'signals: the disk is full; signals and events are not stored until space returns.',
      );
    }
  }

  private frameDone(): void {
    this.framesInFlight -= 1;
    for (const wake of this.idleWaiters.splice(0)) wake();
  }

  private storeEvents(found: EvidencedEvent[]): void {
    if (found.length === 0) return;
    const { db, dataDir, sessionId } = this.opts;
    const ids = saveEvents(db, sessionId, found);
    found.forEach(({ evidence, ...event }, i) => {
      const id = ids[i];
      if (evidence && id !== undefined) {
        // A missing thumbnail must not lose the event: log it and carry on.
        this.thumbnails.push(
          saveEvidence(db, dataDir, sessionId, id, event, evidence, this.opts.sealWith).catch(
            (error: unknown) =>
              this.opts.log?.(
                `signals: no thumbnail for ${event.type}: ${(error as Error).message}`,
              ),
          ),
        );
      }
      this.opts.onEvent?.(event);
    });
  }
}
