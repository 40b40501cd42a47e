import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/open';
import { events } from '../../../db/schema';
import { countByType } from '../worker/events';
import { type SessionSummary } from '../../../shared/signals';
import { BlinkCounter, type SignalThresholds } from '../worker/face-signals';

export interface WholeSessionOptions {
  /** Milliseconds one landmark frame stands for (frame period × landmark rate); 0: none ran. */
  landmarkSpanMs: number;
  thresholds: SignalThresholds;
}

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * The summary stored for a session, covering all of it. One pipeline run sees only its own
 * part: a session resumed after a crash gets a fresh run per segment, and camera, microphone
 * and restart events are stored by capture and the session store, never by the analyser. So
 * events are counted from the events table, and the frame figures from every stored frame
 * (the same sums the analyser makes, over the whole session).
 */
export function wholeSessionSummary(
  db: Db,
  sessionId: number,
  run: SessionSummary,
  opts: WholeSessionOptions,
): SessionSummary {
  const stored = db
    .select({ type: events.type })
    .from(events)
    .where(eq(events.sessionId, sessionId))
    .all();
  const eventsByType = countByType(stored);
  // Rows as arrays, in time order: a 1-hour session is 54,000 of them.
  const frames = db.$client
    .prepare(
      'SELECT face_count, ear_avg, looking_away, voice_active FROM signal_frames ' +
        'WHERE session_id = ? ORDER BY t_ms',
    )
    .raw()
    .all(sessionId) as [number, number | null, number | null, number | null][];
  let withFace = 0;
  let several = 0;
  let landmarkFrames = 0;
  let lookingAway = 0;
  let voiced = 0;
  let heard = 0;
  const blinks = new BlinkCounter(opts.thresholds);
  for (const [faceCount, earAvg, away, voice] of frames) {
    if (faceCount > 0) withFace += 1;
    if (faceCount > 1) several += 1;
    // Replays the live blink count: a lost face breaks a dip; frames between landmark runs
    // (a face but no eye measure) are skipped, as live.
    if (faceCount === 0) blinks.push(null);
    else if (earAvg !== null) blinks.push(earAvg);
    if (earAvg !== null) landmarkFrames += 1;
    if (away === 1) lookingAway += 1;
    if (voice !== null) heard += 1;
    if (voice === 1) voiced += 1;
  }
  // Frames the live pipeline had no room for, over the whole session (every run).
  const dropped = db.$client
    .prepare('SELECT COUNT(*), COALESCE(SUM(count), 0) FROM dropped_frames WHERE session_id = ?')
    .raw()
    .get(sessionId) as [number, number];
  const percent = (n: number) => (frames.length > 0 ? round((100 * n) / frames.length) : null);
  const measured = landmarkFrames > 0 && opts.landmarkSpanMs > 0;
  const minutes = (landmarkFrames * opts.landmarkSpanMs) / 60_000;
  return {
    durationMs: run.durationMs,
    framesAnalyzed: frames.length,
    facePresentPercent: percent(withFace),
    multipleFacesPercent: percent(several),
    lookingAwayMs: measured ? Math.round(lookingAway * opts.landmarkSpanMs) : null,
    blinksPerMinute: measured ? round(blinks.count / minutes, 1) : null,
    // The run measures speech exactly, but only its own part; after a restart the earlier
    // part is known only as the voice activity sampled on each stored frame.
    speakingRatio: eventsByType.restart && heard > 0 ? round(voiced / heard) : run.speakingRatio,
    eventsByType,
    framesDropped: dropped[1],
    secondsWithDroppedFrames: dropped[0],
  };
}
