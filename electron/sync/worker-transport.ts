/**
 * The main thread's side of the sync worker (sync-worker.ts): the same calls as the transport,
 * each a message to the worker and its answer back. The worker is started with the receiver's
 * address, the credential and the files key, and ended with the sync.
 */
import { Worker } from 'node:worker_threads';
import type { SyncItem } from '../../shared/sync-contract';
import type { Transport } from './sync-engine';
import type { BatchOutcome, TransportConfig, UploadJob, UploadOutcome } from './transport';
import type { WorkerMessage, WorkerRequest } from './sync-worker';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

type Pending = {
  resolve: (value: unknown) => void;
  progress?: (sent: number, total: number) => void;
  hashed?: (hashed: { sha256: string; size: number }) => void;
};

export class WorkerTransport implements Transport {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private next = 1;

  constructor(workerFile: string, config: TransportConfig) {
    this.worker = new Worker(workerFile, {
      workerData: { ...config, filesKey: config.filesKey?.toString('hex') ?? null },
    });
    this.worker.unref();
    this.worker.on('message', (message: WorkerMessage) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      if ('progress' in message) {
        waiting.progress?.(...message.progress);
        return;
      }
      if ('hashed' in message) {
        waiting.hashed?.(message.hashed as { sha256: string; size: number });
        return;
      }
      this.pending.delete(message.id);
      waiting.resolve(message.result);
    });
    // A worker that died answers every call as a failure, never hangs the loop.
    const failAll = () => {
      for (const [id, waiting] of this.pending) {
        this.pending.delete(id);
        waiting.resolve(null);
      }
    };
    this.worker.on('error', failAll);
    this.worker.on('exit', failAll);
  }

  private ask<T>(
    request: WithoutId<WorkerRequest>,
    progress?: (sent: number, total: number) => void,
    hashed?: (hashed: { sha256: string; size: number }) => void,
  ): Promise<T | null> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, progress, hashed });
      this.worker.postMessage({ ...request, id });
    });
  }

  async sendBatch(items: SyncItem[]): Promise<BatchOutcome> {
    return (
      (await this.ask<BatchOutcome>({ op: 'sendBatch', items })) ?? {
        ok: false,
        error: 'The sync worker stopped.',
        status: null,
      }
    );
  }

  async upload(
    job: UploadJob,
    onProgress: (sent: number, total: number) => void,
    onHashed?: (hashed: { sha256: string; size: number }) => void,
  ): Promise<UploadOutcome> {
    return (
      (await this.ask<UploadOutcome>({ op: 'upload', job }, onProgress, onHashed)) ?? {
        ok: false,
        error: 'The sync worker stopped.',
        status: null,
        refused: false,
      }
    );
  }

  receipt(sessionUuid: string) {
    return this.ask<Awaited<ReturnType<Transport['receipt']>>>({ op: 'receipt', sessionUuid }).then(
      (r) => r ?? null,
    );
  }

  async stop(): Promise<void> {
    await this.ask({ op: 'stop' });
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}
