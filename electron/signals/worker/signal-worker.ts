/**
 * Worker-thread entry of the live proctoring pipeline: inference must never run on the
 * station's main thread, or the kiosk would freeze while a frame is analysed. Messages are
 * handled strictly one after another, so frames and audio keep their session-clock order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SignalAnalyzer } from './signal-analyzer';
import type { EvidencedEvent } from '../../../shared/signals';
import type { FromWorker, ToWorker, WorkerSetup } from './signal-messages';
import { openCalibration } from './calibration-worker';

const port = parentPort;
if (!port) throw new Error('signal-worker.ts runs only as a worker thread.');
const setup = workerData as WorkerSetup;

const settled = (analyzer: SignalAnalyzer) => analyzer.takeSettledEvents();

/** Evidence frames move to the main thread rather than being copied. */
function post(message: FromWorker, events: EvidencedEvent[] = []): void {
  const transfer = events.flatMap((e) =>
    e.evidence ? [e.evidence.data.buffer as ArrayBuffer] : [],
  );
  port?.postMessage(message, transfer);
}

async function handle(analyzer: SignalAnalyzer, message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'frame': {
      const signals = await analyzer.analyzeFrame({
        tMs: message.tMs,
        data: new Uint8Array(message.data),
        width: message.width,
        height: message.height,
      });
      const events = settled(analyzer);
      post({ type: 'signals', signals, events }, events);
      return;
    }
    case 'audio': {
      await analyzer.analyzeAudio(message.tMs, new Float32Array(message.samples));
      const events = settled(analyzer);
      post({ type: 'audio-done', events }, events);
      return;
    }
    case 'phase':
      analyzer.setPhase(message.phase);
      return;
    case 'finish': {
      const { unreported, speech, summary } = await analyzer.finish(message.endMs);
      await analyzer.close();
      post({ type: 'finished', events: unreported, speech, summary }, unreported);
      return;
    }
  }
}

async function main(): Promise<void> {
  const handler =
    setup.mode === 'calibrate'
      ? await openCalibration(setup.resourcesDir, (message) => port?.postMessage(message))
      : await SignalAnalyzer.open(setup).then(
          (analyzer) => (message: ToWorker) => handle(analyzer, message),
        );
  let queue = Promise.resolve();
  port?.on('message', (message: ToWorker) => {
    queue = queue
      .then(() => handler(message))
      // A failed frame is reported, not fatal: the next frame may well be fine.
      .catch((error: unknown) => {
        port?.postMessage({
          type: 'error',
          message: (error as Error).message,
          wasFrame: message.type === 'frame',
        });
      });
  });
  port?.postMessage({ type: 'ready' });
}

main().catch((error: unknown) => {
  port.postMessage({ type: 'failed', message: (error as Error).message });
});
