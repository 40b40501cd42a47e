import { statfsSync } from 'node:fs';
import { StationError } from './errors';

/**
 * Below this much free space in the data folder the station starts no interview and stops a
 * running one's recording: a session recording grows by megabytes a minute, and SQLite needs
 * room for its journal to keep the answers safe.
 */
export const DEFAULT_FREE_SPACE_FLOOR_BYTES = 500 * 1024 * 1024;

/** The floor from `STATION_MIN_FREE_MB` (IT, tests), else the default. */
export function freeSpaceFloor(env: NodeJS.ProcessEnv): number {
  const mb = Number(env.STATION_MIN_FREE_MB);
  return env.STATION_MIN_FREE_MB && Number.isFinite(mb) && mb >= 0
    ? Math.round(mb * 1024 * 1024)
    : DEFAULT_FREE_SPACE_FLOOR_BYTES;
}

/** What the candidate reads when the station has no room to start an interview. */
export const NO_ROOM_MESSAGE =
  'This station cannot start an interview right now. Please ask the coordinator.';

/** What the candidate reads when an answer could not be saved because the disk is full. */
export const NOT_SAVED_MESSAGE =
  'The station could not save that just now. Everything saved before is kept; please ask the coordinator.';

/**
 * Whether an error means the disk is full: ENOSPC from Node's fs (or a child's write), or
 * SQLITE_FULL from better-sqlite3 (which also reports a full disk as an I/O write error when
 * it cannot grow the WAL or its shared-memory file).
 */
export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'SQLITE_FULL' || code === 'EDQUOT';
}

/** Free space of a folder's file system, as the station (unprivileged) may use it. */
export interface SpaceReading {
  path: string;
  freeBytes: number;
  totalBytes: number;
}

export function readSpace(dir: string): SpaceReading | null {
  try {
    const stats = statfsSync(dir);
    // bavail: what an unprivileged process (the station) may still write.
    return {
      path: dir,
      freeBytes: stats.bavail * stats.bsize,
      totalBytes: stats.blocks * stats.bsize,
    };
  } catch {
    return null;
  }
}

/**
 * The data folder's free space against the station's floor. Measured when asked (before
 * check-in, before a session starts or resumes) and by the periodic check the composition
 * root runs; remembers the last reading for diagnostics.
 */
export class DiskSpace {
  private last: SpaceReading | null = null;

  constructor(
    /** The data folder; null for an in-memory test database (never low). */
    private readonly dir: string | null,
    readonly floorBytes: number = DEFAULT_FREE_SPACE_FLOOR_BYTES,
  ) {}

  /** Measures now; null when it cannot be measured. */
  measure(): SpaceReading | null {
    this.last = this.dir ? readSpace(this.dir) : null;
    return this.last;
  }

  /** Whether the last reading (or a new one) is below the floor. */
  low(reading: SpaceReading | null = this.measure()): boolean {
    return reading !== null && reading.freeBytes < this.floorBytes;
  }

  /** Refuses, with a plain sentence for the candidate, when there is no room for an interview. */
  requireRoom(): void {
    if (this.low()) throw new StationError('PRECONDITION_FAILED', NO_ROOM_MESSAGE);
  }
}
