import type { RgbFrame } from '../../../shared/frames';

/**
 * Runs a landmark engine's calls one after another, and refuses them once it is closed. The
 * tfjs engines cannot overlap calls: human keeps per-call state in module variables, and the
 * mesh engine reuses its input buffers. `close()` waits for the call in hand.
 */
export class OneAtATime {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  run<T>(frame: RgbFrame, work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(() => {
      if (this.closed) throw new Error('The landmark engine is closed');
      if (frame.data.length < frame.width * frame.height * 3) {
        throw new Error(`Frame ${frame.width}x${frame.height} has only ${frame.data.length} bytes`);
      }
      return work();
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
  }
}
