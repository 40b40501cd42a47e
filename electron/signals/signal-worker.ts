/**
 * Worker-thread entry of the live proctoring pipeline: inference must never run on the
 * station's main thread, or the kiosk would freeze while a frame is analysed. Messages are
 * handled strictly one after another, so frames and audio keep their session-clock order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SignalAnalyzer } from './signal-analyzer';
import type { ToWorker, WorkerSetup } from './signal-messages';

const port = parentPort;
if (!port) throw new Error('signal-worker.ts runs only as a worker thread.');
const setup = workerData as WorkerSetup;

const settled = (analyzer: SignalAnalyzer) => analyzer.takeSettledEvents();

async function handle(analyzer: SignalAnalyzer, message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'frame': {
      const signals = await analyzer.analyzeFrame({
        tMs: message.tMs,
        data: new Uint8Array(message.data),
        width: message.width,
        height: message.height,
      });
      port?.postMessage({ type: 'signals', signals, events: settled(analyzer) });
      return;
    }
    case 'audio':
      await analyzer.analyzeAudio(message.tMs, new Float32Array(message.samples));
      port?.postMessage({ type: 'audio-done', events: settled(analyzer) });
      return;
    case 'phase':
      analyzer.setPhase(message.phase);
      return;
    case 'finish': {
      const { unreported, speech, summary } = await analyzer.finish(message.endMs);
      await analyzer.close();
      port?.postMessage({ type: 'finished', events: unreported, speech, summary });
      return;
    }
  }
}

async function main(): Promise<void> {
  const analyzer = await SignalAnalyzer.open(setup);
  let queue = Promise.resolve();
  port?.on('message', (message: ToWorker) => {
    queue = queue
      .then(() => handle(analyzer, message))
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
