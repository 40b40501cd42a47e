/** A session's calibration baseline in the database: saved as it starts, read at every start. */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { sessions } from '../../db/schema';
import { calibrationBaselineSchema, type CalibrationBaseline } from '../../shared/calibration';

export function saveCalibration(db: Db, sessionId: number, baseline: CalibrationBaseline): void {
  db.update(sessions).set({ calibration: baseline }).where(eq(sessions.id, sessionId)).run();
}

/**
 * The session's baseline, or null when it has none or the stored one does not parse (a
 * baseline of the wrong shape must not skew every angle: absolute angles are the safe side).
 */
export function readCalibration(
  db: Db,
  sessionId: number,
  log: (line: string) => void = () => undefined,
): CalibrationBaseline | null {
  const row = db
    .select({ calibration: sessions.calibration })
    .from(sessions)
    .where(eq(sessions.id, sessionId))
    .get();
  if (!row?.calibration) return null;
  const parsed = calibrationBaselineSchema.safeParse(row.calibration);
  if (!parsed.success) log(`capture: session ${sessionId} has an unusable calibration; ignored`);
  return parsed.success ? parsed.data : null;
}
