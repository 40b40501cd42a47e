/** Waits before each new try at a lost device: quick at first, then every 30 s. */
export const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15_000, 30_000];

/**
 * Tries to bring a lost device back with growing pauses until it works or is cancelled.
 * `tryOnce` resolves when the device is back and rejects when this try failed.
 */
export class DeviceRetry {
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private cancelled = false;
  private running: Promise<void> | null = null;

  constructor(
    private readonly tryOnce: () => Promise<void>,
    private readonly onFailure: (error: Error, attempt: number) => void = () => {},
    private readonly delays: readonly number[] = RETRY_DELAYS_MS,
  ) {
    this.schedule();
  }

  /** Tries made so far that failed. */
  get attemptsFailed(): number {
    return this.failures;
  }

  /** Stops trying; waits for a try already under way. */
  async cancel(): Promise<void> {
    this.cancelled = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    const delay = this.delays[Math.min(this.failures, this.delays.length - 1)] ?? 1000;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.tryOnce().then(
        () => undefined,
        (error: unknown) => {
          this.failures += 1;
          this.onFailure(error as Error, this.failures);
          if (!this.cancelled) this.schedule();
        },
      );
    }, delay);
  }
}
