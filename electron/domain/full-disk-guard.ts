import type { Clock } from '../core/clock';
import { isDiskFull, NOT_SAVED_MESSAGE } from '../core/disk-space';
import { StationError } from '../core/errors';

/** How often a full disk is logged at most: the heartbeat would say it every second. */
const LOG_EVERY_MS = 60_000;

/**
 * What the session runner does when a write finds the disk full: a candidate's own write is
 * refused with a calm sentence, and work in a timer (a heartbeat, a deadline), where a throw
 * would end the station, is logged and reported so it can be tried again. Anything else is
 * thrown on as it was.
 */
export class FullDiskGuard {
  private lastLog = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly clock: Clock,
    private readonly log: (line: string) => void,
  ) {}

  /** Runs a candidate's write; a full disk becomes a refusal the page shows as it is. */
  refuse<T>(write: () => T): T {
    try {
      return write();
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      this.note('a candidate’s answer', error);
      throw new StationError('CONFLICT', NOT_SAVED_MESSAGE, { diskFull: true });
    }
  }

  /** Runs work a timer started; false when the disk was full (logged), so it can be retried. */
  attempt(what: string, work: () => void): boolean {
    try {
      work();
      return true;
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      this.note(what, error);
      return false;
    }
  }

  private note(what: string, error: unknown): void {
    const now = this.clock.now();
    if (now - this.lastLog < LOG_EVERY_MS) return;
    this.lastLog = now;
    const code = (error as { code?: string }).code ?? 'error';
    this.log(
      `session: the disk is full (${code}); could not write ${what}. Free space in the data folder.`,
    );
  }
}
