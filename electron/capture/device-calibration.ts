/**
 * The device check's calibration, seen from the main thread: camera frames go to a signal
 * worker in calibration mode (the models must not run on the main thread), one at a time —
 * a frame that arrives while one is being measured is skipped, not queued, so the check never
 * falls behind the picture the candidate sees.
 */
import { Worker } from 'node:worker_threads';
import type { CalibrationBaseline, CalibrationStatus } from '../../shared/calibration';
import type { RgbFrame } from '../../shared/frames';
import type { FromWorker, ToWorker, WorkerSetup } from '../signals/worker/signal-messages';

export interface DeviceCalibrationOptions {
  /** The built signal worker (out/station/signal-worker.mjs). */
  workerFile: string;
  resourcesDir: string;
  onStatus: (status: CalibrationStatus) => void;
  onBaseline: (baseline: CalibrationBaseline) => void;
  log: (line: string) => void;
}

export class DeviceCalibration {
  private busy = false;
  private done = false;

  private constructor(
    private readonly worker: Worker,
    private readonly opts: DeviceCalibrationOptions,
  ) {
    worker.on('message', (message: FromWorker) => this.receive(message));
  }

  /** Starts the worker; resolves once its models are loaded. */
  static start(opts: DeviceCalibrationOptions): Promise<DeviceCalibration> {
    const setup: WorkerSetup = { resourcesDir: opts.resourcesDir, fps: 15, mode: 'calibrate' };
    const worker = new Worker(opts.workerFile, { workerData: setup });
    return new Promise((resolve, reject) => {
      const onMessage = (message: FromWorker) => {
        if (message.type === 'ready') {
          worker.off('message', onMessage);
          worker.off('error', reject);
          resolve(new DeviceCalibration(worker, opts));
        } else if (message.type === 'failed') {
          void worker.terminate();
          reject(new Error(message.message));
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  }

  /** Offers a camera frame; dropped while the previous one is measured or once calibrated. */
  frame(frame: RgbFrame): void {
    if (this.busy || this.done) return;
    this.busy = true;
    // A copy of just this frame's bytes: the frame may be a view into a larger buffer, and a
    // transferred buffer is gone from this thread.
    const data = frame.data.slice().buffer;
    const message: ToWorker = {
      type: 'frame',
      tMs: 0,
      width: frame.width,
      height: frame.height,
      data,
    };
    this.worker.postMessage(message, [data]);
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  private receive(message: FromWorker): void {
    if (message.type === 'error') {
      this.busy = false;
      this.opts.log(`device check: calibration frame failed: ${message.message}`);
      return;
    }
    if (message.type !== 'calibration') return;
    this.busy = false;
    if (message.baseline) {
      this.done = true;
      this.opts.onBaseline(message.baseline);
    }
    this.opts.onStatus(message.status);
  }
}
