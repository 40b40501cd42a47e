/**
 * What the diagnostics show of the retention purge and the storage check. The shapes live
 * here, where the diagnostics read them; the privacy feature (above on the ladder) fills them.
 */
export interface PurgeRunSummary {
  startedAt: number;
  finishedAt: number;
  /** Interviews purged in this run, including purges cut off earlier and finished now. */
  interviews: number;
  /** Of those, purges a crash had cut off. */
  resumed: number;
  files: number;
  bytes: number;
  rows: number;
  /** Interviews due but kept by a legal hold. */
  held: number;
  /** A plain sentence when the run stopped on an error; the next run tries again. */
  problem: string | null;
}

export interface StorageCheck {
  checkedAt: number;
  /** Files in media/ that no row points at (paths inside the data folder, no names). */
  filesWithoutRow: { count: number; bytes: number; sample: string[] };
  /** Media rows whose file is missing. */
  rowsWithoutFile: {
    count: number;
    sample: { mediaId: number; sessionId: number; kind: string }[];
  };
  /** Files a purge left (a session or report whose interview is gone), removed by the check. */
  leftoversRemoved: { files: number; bytes: number };
}

export interface RetentionState {
  retentionDays: number;
  /** Interviews under a legal hold now. */
  heldInterviews: number;
  running: boolean;
  lastRun: PurgeRunSummary | null;
  storage: StorageCheck | null;
}
