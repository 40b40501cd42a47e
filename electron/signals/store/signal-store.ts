import type { Statement } from 'better-sqlite3';
import type { Db } from '../../../db/open';
import { events, sessionSummaries } from '../../../db/schema';
import type { FrameSignals, SignalEvent } from '../../../shared/signals';

// Column order shared by the insert and the read, so the two can never disagree.
const COLUMNS = [
  't_ms',
  'face_count',
  'face_confidence',
  'face_box',
  'ear_left',
  'ear_right',
  'ear_avg',
  'blink',
  'pitch',
  'yaw',
  'roll',
  'gaze_x',
  'gaze_y',
  'looking_away',
  'voice_active',
  'rms',
] as const;

const flag = (value: boolean | null) => (value === null ? null : value ? 1 : 0);
const unflag = (value: unknown) => (value === null ? null : value === 1);

function toRow(sessionId: number, s: FrameSignals): unknown[] {
  return [
    sessionId,
    Math.round(s.tMs),
    s.faceCount,
    s.faceConfidence,
    s.faceBox ? JSON.stringify(s.faceBox.map((v) => Math.round(v))) : null,
    s.earLeft,
    s.earRight,
    s.earAvg,
    flag(s.blink),
    s.pitch,
    s.yaw,
    s.roll,
    s.gazeX,
    s.gazeY,
    flag(s.lookingAway),
    flag(s.voiceActive),
    s.rms,
  ];
}

function fromRow(row: unknown[]): FrameSignals {
  const [tMs, faceCount, faceConfidence, faceBox, earLeft, earRight, earAvg, blink] = row;
  const [pitch, yaw, roll, gazeX, gazeY, lookingAway, voiceActive, rms] = row.slice(8);
  return {
    tMs: tMs as number,
    faceCount: faceCount as number,
    faceConfidence: faceConfidence as number | null,
    faceBox: faceBox === null ? null : (JSON.parse(faceBox as string) as FrameSignals['faceBox']),
    earLeft: earLeft as number | null,
    earRight: earRight as number | null,
    earAvg: earAvg as number | null,
    blink: unflag(blink),
    pitch: pitch as number | null,
    yaw: yaw as number | null,
    roll: roll as number | null,
    gazeX: gazeX as number | null,
    gazeY: gazeY as number | null,
    lookingAway: unflag(lookingAway),
    voiceActive: unflag(voiceActive),
    rms: rms as number | null,
  };
}

/**
 * Buffers per-frame signals and writes them in one transaction about once a second: 15
 * single-row writes a second would each wait on the WAL, batched they cost next to nothing.
 */
export class SignalWriter {
  private buffer: FrameSignals[] = [];
  private lastFlush: number;
  private readonly insert: Statement<unknown[]>;

  constructor(
    private readonly db: Db,
    private readonly sessionId: number,
    private readonly flushEveryMs = 1000,
    private readonly now: () => number = Date.now,
  ) {
    this.lastFlush = now();
    // A resumed session may re-send a frame time it already stored; the first one stands.
    this.insert = db.$client.prepare(
      `INSERT OR IGNORE INTO signal_frames (session_id, ${COLUMNS.join(', ')}) ` +
        `VALUES (${['?', ...COLUMNS.map(() => '?')].join(', ')})`,
    );
  }

  add(signals: FrameSignals): void {
    this.buffer.push(signals);
    if (this.now() - this.lastFlush >= this.flushEveryMs) this.flush();
  }

  /** Writes what is buffered; returns how many frames were written. */
  flush(): number {
    const rows = this.buffer;
    this.buffer = [];
    this.lastFlush = this.now();
    if (rows.length === 0) return 0;
    this.db.$client.transaction(() => {
      for (const row of rows) this.insert.run(toRow(this.sessionId, row));
    })();
    return rows.length;
  }
}

/** A session's signals for a time range on the session clock, in time order. */
export function readSignals(db: Db, sessionId: number, fromMs = 0, toMs = Number.MAX_SAFE_INTEGER) {
  return (
    (
      db.$client
        .prepare(
          `SELECT ${COLUMNS.join(', ')} FROM signal_frames ` +
            'WHERE session_id = ? AND t_ms >= ? AND t_ms < ? ORDER BY t_ms',
        )
        // Rows as arrays: a 1-hour session is 54,000 rows, and object rows cost twice as much.
        .raw()
        .all(sessionId, fromMs, toMs) as unknown[][]
    ).map(fromRow)
  );
}

/** Stores finished events for a session; returns their ids in the same order. */
export function saveEvents(db: Db, sessionId: number, found: SignalEvent[]): number[] {
  if (found.length === 0) return [];
  return db
    .insert(events)
    .values(
      found.map((e) => ({
        sessionId,
        type: e.type,
        severity: e.severity,
        startMs: Math.round(e.startMs),
        endMs: Math.round(e.endMs),
      })),
    )
    .returning({ id: events.id })
    .all()
    .map((row) => row.id);
}

/** Stores (or replaces) a session's summary. */
export function saveSummary(db: Db, sessionId: number, summary: object, now: number): void {
  const value = { sessionId, computedAt: now, summary: summary as Record<string, unknown> };
  db.insert(sessionSummaries)
    .values(value)
    .onConflictDoUpdate({ target: sessionSummaries.sessionId, set: value })
    .run();
}
