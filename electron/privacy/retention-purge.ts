/**
 * The retention purge: at start and daily (compose-station.ts), deletes every interview whose
 * retention has passed (retention-policy.ts), keeping only its aggregate. Per interview: mark
 * it purging, delete its rows in short transactions, then its files, then the mark. A purge
 * cut off anywhere is finished by the next run, before anything new is purged.
 */
import { performance } from 'node:perf_hooks';
import type { Db } from '../../db/open';
import { recordAudit } from '../core/audit';
import type { Clock } from '../core/clock';
import type { PurgeRunSummary, RetentionState, StorageCheck } from '../monitor/retention-state';
import { deletePurgeFiles, yieldToOthers } from './purge-files';
import {
  addFiles,
  deleteFrameBatch,
  deleteInterviewRows,
  markPurge,
  unfinishedPurges,
  type PurgeRow,
} from './purge-rows';
import { dueInterviews, readRetentionDays } from './retention-policy';
import { checkStorage } from './storage-check';

export interface RetentionPurgeOptions {
  db: Db;
  dataDir: string;
  clock: Clock;
  log: (line: string) => void;
  /** Sessions the runner has open now: never touched, whatever the database says. */
  runningSessions: () => number[];
  /**
   * Whether a due session may go now: false keeps it for a later run (a station set to purge
   * only what its sync receiver confirmed). Every session may unless given.
   */
  mayPurge?: (sessionId: number) => boolean;
  /** Signal frames deleted per transaction. */
  frameBatch?: number;
  /** Called once a purge's rows are gone and before its files go (tests cut a purge off here). */
  afterRows?: (purge: PurgeRow) => void | Promise<void>;
}

const FRAME_BATCH = 2000;

function emptySummary(at: number): PurgeRunSummary {
  return {
    startedAt: at,
    finishedAt: at,
    interviews: 0,
    resumed: 0,
    files: 0,
    bytes: 0,
    rows: 0,
    held: 0,
    problem: null,
  };
}

/** Runs purges one at a time; see the file comment. */
export class RetentionPurge {
  private current: Promise<PurgeRunSummary> | null = null;
  private last: PurgeRunSummary | null = null;
  private storage: StorageCheck | null = null;
  private stopping = false;

  constructor(private readonly opts: RetentionPurgeOptions) {}

  /** The first run of a start: finishes cut-off purges, checks storage, purges what is due. */
  start(): Promise<PurgeRunSummary> {
    return this.run(true);
  }

  /** One run (the one under way, if there is one); never rejects: a problem is in the summary. */
  run(withStorageCheck = false): Promise<PurgeRunSummary> {
    this.current ??= this.runOnce(withStorageCheck)
      .catch((error: unknown) => {
        // Only the bookkeeping after the purges can get here (a database closed under it).
        this.opts.log(`Retention purge: could not record its run (${(error as Error).message}).`);
        return this.last ?? emptySummary(this.opts.clock.now());
      })
      .finally(() => {
        this.current = null;
      });
    return this.current;
  }

  /** What the diagnostics show. */
  state(): RetentionState {
    const { db } = this.opts;
    return {
      retentionDays: readRetentionDays(db),
      heldInterviews: db.$client
        .prepare('SELECT COUNT(DISTINCT interview_id) FROM legal_holds WHERE lifted_at IS NULL')
        .pluck()
        .get() as number,
      running: this.current !== null,
      lastRun: this.last,
      storage: this.storage,
    };
  }

  /** Stops after the step in hand (a cut-off purge is finished at the next start). */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.current;
  }

  private async runOnce(withStorageCheck: boolean): Promise<PurgeRunSummary> {
    const { db, clock, log } = this.opts;
    const began = performance.now();
    const summary = emptySummary(clock.now());
    let retentionDays = 0;
    try {
      retentionDays = readRetentionDays(db);
      for (const purge of unfinishedPurges(db)) {
        if (this.stopping) break;
        if (await this.finish(purge, summary, true)) summary.resumed += 1;
      }
      if (withStorageCheck && !this.stopping) {
        this.storage = await checkStorage(db, this.opts.dataDir, clock.now());
      }
      const running = new Set(this.opts.runningSessions());
      for (const due of dueInterviews(db, clock.now(), retentionDays)) {
        if (this.stopping) break;
        if (due.sessionId !== null && running.has(due.sessionId)) continue;
        if (due.sessionId !== null && this.opts.mayPurge?.(due.sessionId) === false) continue;
        const purge = markPurge(db, due.interviewId, due.sessionId, clock.now());
        if (purge) await this.finish(purge, summary, false);
      }
    } catch (error) {
      summary.problem = `The purge stopped on an error and is tried again at the next run: ${
        (error as Error).message
      }`;
      log(`Retention purge: ${summary.problem}`);
    }
    summary.held = this.state().heldInterviews;
    summary.finishedAt = clock.now();
    const ms = Math.round(performance.now() - began);
    if (summary.interviews > 0) {
      const { startedAt: _s, finishedAt: _f, problem: _p, ...counts } = summary;
      recordAudit(db, summary.finishedAt, {
        actorKind: 'station',
        action: 'retention_purge_run',
        details: { ...counts, ms, retentionDays },
      });
      log(
        `Retention purge: ${summary.interviews} interview(s), ${summary.files} file(s), ` +
          `${(summary.bytes / 1e6).toFixed(1)} MB, ${summary.rows} row(s) in ${ms} ms.`,
      );
    }
    this.last = summary;
    return summary;
  }

  /** Takes one marked purge to its end; false when the station is stopping first. */
  private async finish(purge: PurgeRow, summary: PurgeRunSummary, resumed: boolean) {
    const { db, clock, dataDir } = this.opts;
    if (purge.rowsDeletedAt === null) {
      while (deleteFrameBatch(db, purge, this.opts.frameBatch ?? FRAME_BATCH) > 0) {
        if (this.stopping) return false;
        await yieldToOthers();
      }
      deleteInterviewRows(db, purge, clock.now());
    }
    await this.opts.afterRows?.(purge);
    await deletePurgeFiles(dataDir, purge, (batch) =>
      addFiles(db, purge.id, batch.files, batch.bytes),
    );
    const sql = db.$client;
    sql.transaction(() => {
      const done = sql
        .prepare(
          'SELECT rows, files_deleted AS files, bytes_deleted AS bytes FROM purges WHERE id = ?',
        )
        .get(purge.id) as { rows: string; files: number; bytes: number };
      const rows = JSON.parse(done.rows) as Record<string, number>;
      const rowTotal = Object.values(rows).reduce((a, b) => a + b, 0);
      sql.prepare('DELETE FROM purges WHERE id = ?').run(purge.id);
      // Counts only: no name, code, path or text of the interview.
      recordAudit(db, clock.now(), {
        actorKind: 'station',
        action: 'retention_purge',
        subjectType: 'interview',
        subjectId: purge.interviewId,
        details: { files: done.files, bytes: done.bytes, rows: rowTotal, byTable: rows, resumed },
      });
      summary.interviews += 1;
      summary.files += done.files;
      summary.bytes += done.bytes;
      summary.rows += rowTotal;
    })();
    return true;
  }
}
