import type { Db } from '../../../db/open';

/** A second of the session clock in which frames were dropped, and how many. */
export interface DroppedSecond {
  second: number;
  count: number;
}

/**
 * Counts the frames the pipeline drops, per session-clock second, and stores each second once
 * it is over (a frame of a later second arrives) or at `flush`: one small write a second at
 * most, and only while frames are being dropped. Counts add up, so a second a resumed session
 * sees again is counted in full.
 */
export class DroppedFrameCounter {
  private readonly pending = new Map<number, number>();
  private latest = -1;

  constructor(
    private readonly db: Db,
    private readonly sessionId: number,
  ) {}

  /** Counts one dropped frame taken at `tMs`; writes the seconds before it that are over. */
  count(tMs: number): void {
    const second = Math.max(0, Math.floor(tMs / 1000));
    this.pending.set(second, (this.pending.get(second) ?? 0) + 1);
    if (second > this.latest) {
      this.latest = second;
      this.write((s) => s < second);
    }
  }

  /** Writes every second still counted. */
  flush(): void {
    this.write(() => true);
  }

  private write(which: (second: number) => boolean): void {
    const done = [...this.pending].filter(([second]) => which(second));
    if (done.length === 0) return;
    const upsert = this.db.$client.prepare(
      'INSERT INTO dropped_frames (session_id, second, count) VALUES (?, ?, ?) ' +
        'ON CONFLICT (session_id, second) DO UPDATE SET count = count + excluded.count',
    );
    this.db.$client.transaction(() => {
      for (const [second, n] of done) upsert.run(this.sessionId, second, n);
    })();
    // Forgotten only once stored: a write that failed (a full disk) is tried again later.
    for (const [second] of done) this.pending.delete(second);
  }
}

/** A session's seconds with dropped frames for `[fromMs, toMs)`, in time order. */
export function readDroppedFrames(
  db: Db,
  sessionId: number,
  fromMs = 0,
  toMs = Number.MAX_SAFE_INTEGER,
): DroppedSecond[] {
  return db.$client
    .prepare(
      'SELECT second, count FROM dropped_frames ' +
        'WHERE session_id = ? AND second * 1000 >= ? AND second * 1000 < ? ORDER BY second',
    )
    .all(sessionId, Math.floor(fromMs / 1000) * 1000, toMs) as DroppedSecond[];
}
