import type { Clock } from '../core/clock';
import type { DiskSpace, SpaceReading } from '../core/disk-space';

/** What staff read about the data folder's space: the figures, and what the station did. */
export interface DiskState {
  reading: SpaceReading | null;
  floorBytes: number;
  /** Below the floor at the last check: no interview starts, recording is stopped. */
  low: boolean;
  /** A precise sentence for staff when low; null when there is room. */
  problem: string | null;
}

export interface DiskWatchParts {
  disk: DiskSpace;
  clock: Clock;
  log: (line: string) => void;
  /** Sessions running now. */
  running: () => number[];
  /** Ends a session's recording segment cleanly (false: it had none); the interview goes on. */
  stopRecording: (sessionId: number) => boolean;
  /** Records a session again after stopRecording, in a new segment (false: it could not). */
  resumeRecording: (sessionId: number) => boolean;
  /** Tells a session's candidate calmly that the station is short of space (or no longer). */
  tellCandidate: (sessionId: number, low: boolean) => void;
}

/**
 * The periodic free-space check during sessions: below the floor it stops each running
 * session's recording (once) and tells its candidate; when space returns it says so, records
 * the stopped sessions again (a new segment: the gap stays visible) and new interviews may
 * start again (check-in and session start ask DiskSpace themselves).
 */
export class DiskWatch {
  private low = false;
  private lowSince: number | null = null;
  /** Sessions told while low, and those whose recording was stopped. */
  private readonly told = new Set<number>();
  private readonly stopped = new Set<number>();
  private last: SpaceReading | null = null;

  constructor(private readonly parts: DiskWatchParts) {}

  /** Measures now and acts on it; returns the state staff see. */
  check(): DiskState {
    const { disk, clock, log } = this.parts;
    const reading = disk.measure();
    this.last = reading;
    const low = disk.low(reading);
    const running = this.parts.running();
    if (low) {
      if (!this.low) {
        this.lowSince = clock.now();
        log(
          `disk: ${describe(reading)} free in the data folder, below the floor of ` +
            `${mib(disk.floorBytes)}: recording stopped, new interviews refused until space is freed.`,
        );
      }
      for (const sessionId of running) {
        if (this.told.has(sessionId)) continue;
        this.told.add(sessionId);
        this.parts.tellCandidate(sessionId, true);
        if (this.parts.stopRecording(sessionId)) {
          this.stopped.add(sessionId);
          log(
            `disk: recording of session ${sessionId} stopped for lack of space; its answers are kept.`,
          );
        }
      }
    } else if (this.low) {
      log(`disk: ${describe(reading)} free again; new interviews may start.`);
      for (const sessionId of this.told) this.parts.tellCandidate(sessionId, false);
      this.told.clear();
      for (const sessionId of this.stopped) {
        if (running.includes(sessionId) && this.parts.resumeRecording(sessionId)) {
          log(`disk: recording of session ${sessionId} resumed in a new segment.`);
        }
      }
      this.stopped.clear();
      this.lowSince = null;
    }
    this.low = low;
    return this.state();
  }

  /** The state at the last check (diagnostics measure afresh with check()). */
  state(): DiskState {
    const { floorBytes } = this.parts.disk;
    const stoppedNow = [...this.stopped].filter((id) => this.parts.running().includes(id));
    return {
      reading: this.last,
      floorBytes,
      low: this.low,
      problem: this.low
        ? `Only ${describe(this.last)} free in the data folder, below the station's floor of ` +
          `${mib(floorBytes)}${this.lowSince ? ` since ${new Date(this.lowSince).toISOString()}` : ''}. ` +
          'New interviews are refused' +
          (stoppedNow.length > 0
            ? `, and the recording of session ${stoppedNow.join(', ')} was stopped (its answers are kept).`
            : '.') +
          ' Free space in the data folder; the station resumes by itself.'
        : null,
    };
  }
}

function describe(reading: SpaceReading | null): string {
  return reading ? mib(reading.freeBytes) : 'an unknown amount';
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
