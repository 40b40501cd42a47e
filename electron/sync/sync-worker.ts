/**
 * The sync worker thread (built to out/station/sync-worker.mjs): the transport (transport.ts)
 * runs here, so hashing large recordings, decrypting them and sending them never take the
 * station's main thread, where the interview's deadlines run. Main asks by message and hears
 * the answer, and an upload's progress, back (worker-transport.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SyncTransport, type TransportConfig } from './transport';

export type WorkerRequest =
  | { id: number; op: 'sendBatch'; items: unknown[] }
  | { id: number; op: 'upload'; job: Parameters<SyncTransport['upload']>[0] }
  | { id: number; op: 'receipt'; sessionUuid: string }
  | { id: number; op: 'stop' };

export type WorkerMessage =
  { id: number; result: unknown } | { id: number; progress: [number, number] };

const setup = workerData as Omit<TransportConfig, 'filesKey'> & { filesKey: string | null };
const transport = new SyncTransport({
  ...setup,
  filesKey: setup.filesKey ? Buffer.from(setup.filesKey, 'hex') : null,
});
const port = parentPort;

port?.on('message', (request: WorkerRequest) => {
  const answer = (result: unknown) => port.postMessage({ id: request.id, result });
  switch (request.op) {
    case 'sendBatch':
      void transport.sendBatch(request.items as never).then(answer);
      break;
    case 'upload':
      void transport
        .upload(
          request.job,
          (sent, total) => port.postMessage({ id: request.id, progress: [sent, total] }),
          (hashed) => port.postMessage({ id: request.id, hashed }),
        )
        .then(answer);
      break;
    case 'receipt':
      void transport.receipt(request.sessionUuid).then(answer);
      break;
    case 'stop':
      void transport.stop().then(() => answer(null));
      break;
  }
});
