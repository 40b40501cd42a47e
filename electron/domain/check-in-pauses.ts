import type { Db } from '../../db/open';
import { readSetting, writeSetting } from '../core/setting-store';

/** Wrong codes in a row from one page before that page is paused, and for how long. */
export const MAX_FAILED_CODES = 5;
export const COOLDOWN_MS = 5 * 60 * 1000;
/**
 * The station-wide ceiling: this many wrong codes from all pages together within the window
 * pause check-in everywhere, so opening new connections is no way to keep guessing.
 */
export const STATION_MAX_MISSES = 20;
export const STATION_WINDOW_MS = 15 * 60 * 1000;
export const STATION_COOLDOWN_MS = 15 * 60 * 1000;
// One page's misses further apart than this do not add up to a pause.
const FAILURE_MEMORY_MS = 15 * 60 * 1000;
// Kept under the key the single station-wide pause used, so a pause running before the
// update still holds after it (read as a station-wide one).
const PAUSES_KEY = 'checkIn.lockout';

interface SourceMisses {
  failures: number;
  lastFailureAt: number;
  until: number | null;
}

interface Pauses {
  sources: Record<string, SourceMisses>;
  /** Times of the recent misses from all sources, and the station-wide pause. */
  station: { misses: number[]; until: number | null };
}

/** A pause that applies to a caller: its own page's, or everyone's. */
export interface Pause {
  remainingMs: number;
  scope: 'source' | 'station';
}

/** What a miss led to: a pause, or how many tries this source has left. */
export type MissOutcome = { pause: Pause } | { triesLeft: number };

const open = (): Pauses => ({ sources: {}, station: { misses: [], until: null } });

/**
 * Check-in's pauses after wrong codes: per attempt source (the page or connection the
 * transport named) and station-wide, kept in the settings table so a restart lifts neither.
 */
export class CheckInPauses {
  constructor(private readonly db: Db) {}

  /** The pause that applies to `source` now (the longer of its own and everyone's), if any. */
  current(source: string, now: number): Pause | null {
    const pauses = this.read();
    const own = pauses.sources[source]?.until ?? 0;
    const all = pauses.station.until ?? 0;
    const until = Math.max(own, all);
    if (until <= now) return null;
    return { remainingMs: until - now, scope: all >= own ? 'station' : 'source' };
  }

  /** The longest pause anywhere, in ms (0: every page may check in); for staff. */
  longest(now: number): number {
    const pauses = this.read();
    const ends = [
      pauses.station.until ?? 0,
      ...Object.values(pauses.sources).map((s) => s.until ?? 0),
    ];
    return Math.max(0, ...ends.map((end) => end - now));
  }

  /** Counts a wrong code from `source`; may pause the source, or the whole station. */
  recordMiss(source: string, now: number): MissOutcome {
    const pauses = this.forget(this.read(), now);
    const previous = pauses.sources[source];
    const recent = previous && now - previous.lastFailureAt < FAILURE_MEMORY_MS;
    const failures = (recent ? previous.failures : 0) + 1;
    const misses = [...pauses.station.misses, now];
    let outcome: MissOutcome;
    if (misses.length >= STATION_MAX_MISSES) {
      pauses.station = { misses: [], until: now + STATION_COOLDOWN_MS };
      pauses.sources[source] = { failures: 0, lastFailureAt: now, until: null };
      outcome = { pause: { remainingMs: STATION_COOLDOWN_MS, scope: 'station' } };
    } else if (failures >= MAX_FAILED_CODES) {
      pauses.station.misses = misses;
      pauses.sources[source] = { failures: 0, lastFailureAt: now, until: now + COOLDOWN_MS };
      outcome = { pause: { remainingMs: COOLDOWN_MS, scope: 'source' } };
    } else {
      pauses.station.misses = misses;
      pauses.sources[source] = { failures, lastFailureAt: now, until: null };
      outcome = { triesLeft: MAX_FAILED_CODES - failures };
    }
    this.write(pauses);
    return outcome;
  }

  /** A right code: this source starts counting afresh (the station-wide count does not). */
  recordSuccess(source: string, now: number): void {
    const pauses = this.forget(this.read(), now);
    const others = Object.entries(pauses.sources).filter(([id]) => id !== source);
    this.write({ ...pauses, sources: Object.fromEntries(others) });
  }

  /** Lifts every pause and forgets every miss; returns whether anything was paused. */
  clear(now: number): boolean {
    const paused = this.longest(now) > 0;
    this.write(open());
    return paused;
  }

  /** Drops what no longer counts, so the setting stays small whatever the number of pages. */
  private forget(pauses: Pauses, now: number): Pauses {
    const sources = Object.entries(pauses.sources).filter(
      ([, s]) => (s.until ?? 0) > now || now - s.lastFailureAt < FAILURE_MEMORY_MS,
    );
    return {
      sources: Object.fromEntries(sources),
      station: {
        misses: pauses.station.misses.filter((at) => now - at < STATION_WINDOW_MS),
        until: pauses.station.until,
      },
    };
  }

  private read(): Pauses {
    const stored = readSetting<Partial<Pauses> & { until?: number | null }>(this.db, PAUSES_KEY);
    if (!stored) return open();
    if (!stored.sources || !stored.station) {
      // The single pause of earlier versions: it applied to everyone, so it still does.
      return { sources: {}, station: { misses: [], until: stored.until ?? null } };
    }
    return { sources: stored.sources, station: stored.station };
  }

  private write(pauses: Pauses): void {
    writeSetting(this.db, PAUSES_KEY, pauses);
  }
}
