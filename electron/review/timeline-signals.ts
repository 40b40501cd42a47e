import type { Db } from '../../db/open';
import { readSetting } from '../core/setting-store';
import { readDroppedFrames, type DroppedSecond } from '../signals/store/dropped-frames';
import { thresholdOverridesSchema, withOverrides } from '../signals/worker/thresholds';

/** 1 when true, 0 when false, null when the frame could not tell (no face, no microphone). */
export type Flag = 0 | 1 | null;

/**
 * A session's signals for the replay timeline, one array per track, index-aligned. Columns
 * rather than one object per frame: an hour is 54,000 frames, and columns are what the chart
 * takes and a third of the bytes on the wire.
 */
export interface TimelineSignals {
  tMs: number[];
  faceCount: number[];
  lookingAway: Flag[];
  eyesClosed: Flag[];
  voiceActive: Flag[];
  /** The average eye aspect ratio below which a frame counts as eyes closed. */
  eyesClosedBelow: number;
  /**
   * The seconds in which the live pipeline dropped frames (it was still busy), with how many:
   * the replay shades them as gaps, where the tracks are thinner than they look.
   */
  dropped: DroppedSecond[];
}

/** The station's eyes-closed threshold: its tuned value when set, else the default. */
export function eyesClosedThreshold(db: Db): number {
  const parsed = thresholdOverridesSchema.safeParse(readSetting(db, 'signals.thresholds'));
  return withOverrides(parsed.success ? parsed.data : undefined).earClosed;
}

const asFlag = (value: unknown): Flag => (value === null ? null : value ? 1 : 0);

/** Reads the timeline tracks for `[fromMs, toMs)` on the session clock, in time order. */
export function readTimelineSignals(
  db: Db,
  sessionId: number,
  fromMs = 0,
  toMs = Number.MAX_SAFE_INTEGER,
): TimelineSignals {
  const eyesClosedBelow = eyesClosedThreshold(db);
  // Only the five columns the timeline draws, as raw arrays: this is the hot path of opening
  // a long session, and the signal store's full rows parse a JSON face box per frame.
  const rows = db.$client
    .prepare(
      'SELECT t_ms, face_count, looking_away, ear_avg, voice_active FROM signal_frames ' +
        'WHERE session_id = ? AND t_ms >= ? AND t_ms < ? ORDER BY t_ms',
    )
    .raw()
    .all(sessionId, fromMs, toMs) as [
    number,
    number,
    number | null,
    number | null,
    number | null,
  ][];
  const n = rows.length;
  const out: TimelineSignals = {
    tMs: new Array<number>(n),
    faceCount: new Array<number>(n),
    lookingAway: new Array<Flag>(n),
    eyesClosed: new Array<Flag>(n),
    voiceActive: new Array<Flag>(n),
    eyesClosedBelow,
    dropped: readDroppedFrames(db, sessionId, fromMs, toMs),
  };
  for (let i = 0; i < n; i++) {
    const [tMs, faceCount, lookingAway, earAvg, voiceActive] = rows[i] as (typeof rows)[number];
    out.tMs[i] = tMs;
    out.faceCount[i] = faceCount;
    out.lookingAway[i] = faceCount === 0 ? null : asFlag(lookingAway);
    out.eyesClosed[i] = earAvg === null ? null : earAvg < eyesClosedBelow ? 1 : 0;
    out.voiceActive[i] = asFlag(voiceActive);
  }
  return out;
}
