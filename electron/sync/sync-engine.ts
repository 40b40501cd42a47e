/**
 * The sync loop: outbox items in the order they were written, in batches, then media files one
 * at a time as resumable uploads, then the receiver's receipt for sessions all sent. Marks rows
 * per the receiver's results (stored or duplicate: done; rejected: kept with the reason, not
 * tried again). On a failure it waits, doubling up to a ceiling, with jitter so many stations
 * coming back together do not arrive together. It holds while `paused()` says so (an interview
 * running), stopping an upload under way; the upload resumes from the receiver's offset.
 *
 * The network, hashing and decrypting are the transport's (transport.ts, in the sync worker
 * thread on a station); this loop only reads and marks outbox rows, which is short work.
 */
import path from 'node:path';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { syncConfirmations, syncItems, syncUploads } from '../../db/sync-schema';
import { MAX_BATCH_ITEMS, type SyncItem } from '../../shared/sync-contract';
import { STRIPPED_PAYLOAD } from './outbox';
import { stableId, stationSyncId } from './stable-ids';
import type { SyncTransport } from './transport';

export type Transport = Pick<SyncTransport, 'sendBatch' | 'upload' | 'receipt' | 'stop'>;

/** An upload refused this many times (not a network failure) is given up, with its reason. */
const MAX_REFUSALS = 3;
/** A receipt that fell short (the receiver still verifying, say) is asked for again after this. */
const RECEIPT_RETRY_MS = 5 * 60 * 1000;

export interface EngineOptions {
  db: Db;
  dataDir: string;
  transport: Transport;
  /** True while sync must hold (an interview running on a station set to pause). */
  paused: () => boolean;
  log?: (line: string) => void;
  backoff?: { baseMs: number; maxMs: number };
  /** How long to wait when there is nothing to send before looking again. */
  idleMs?: number;
  random?: () => number;
  /** Told each time a step changed something (the status screens refresh). */
  onChange?: () => void;
}

export type StepResult = 'idle' | 'worked' | 'failed' | 'paused';

export class SyncEngine {
  private failures = 0;
  private stopped = true;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private pauseWatch: ReturnType<typeof setInterval> | null = null;
  lastError: string | null = null;
  /** The waits after failures, newest last (the last 50), for diagnostics and tests. */
  readonly delays: number[] = [];

  constructor(private readonly opts: EngineOptions) {}

  private get backoff() {
    return this.opts.backoff ?? { baseMs: 1000, maxMs: 5 * 60 * 1000 };
  }

  /** The next wait after `failures` failures in a row: exponential, capped, with jitter. */
  nextDelay(): number {
    const { baseMs, maxMs } = this.backoff;
    const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, this.failures - 1));
    // "Equal jitter": at least half the wait, so a retry never comes straight back.
    return Math.round(ceiling / 2 + (this.opts.random ?? Math.random)() * (ceiling / 2));
  }

  private fail(error: string): StepResult {
    this.failures += 1;
    this.lastError = error;
    this.opts.log?.(`sync: ${error}`);
    return 'failed';
  }

  private succeed(): void {
    this.failures = 0;
    this.lastError = null;
  }

  /** One unit of work: a batch, an upload, or a receipt. */
  async step(): Promise<StepResult> {
    if (this.opts.paused()) return 'paused';
    const { db } = this.opts;
    const pending = db
      .select()
      .from(syncItems)
      .where(eq(syncItems.state, 'pending'))
      .orderBy(asc(syncItems.id))
      .limit(MAX_BATCH_ITEMS)
      .all();
    if (pending.length) return this.sendBatch(pending);
    const upload = db
      .select()
      .from(syncUploads)
      .where(eq(syncUploads.state, 'pending'))
      .orderBy(asc(syncUploads.id))
      .get();
    if (upload) return this.sendUpload(upload);
    return (await this.confirmOne()) ? 'worked' : 'idle';
  }

  private async sendBatch(rows: (typeof syncItems.$inferSelect)[]): Promise<StepResult> {
    const { db } = this.opts;
    const outcome = await this.opts.transport.sendBatch(rows.map((row) => row.payload as SyncItem));
    const ids = rows.map((row) => row.id);
    if (!outcome.ok) {
      db.update(syncItems)
        .set({ attempts: sql`${syncItems.attempts} + 1` })
        .where(inArray(syncItems.id, ids))
        .run();
      return this.fail(outcome.error);
    }
    const byItem = new Map(outcome.results.map((r) => [r.id, r]));
    const now = Date.now();
    db.transaction(() => {
      for (const row of rows) {
        const result = byItem.get(row.itemId);
        if (!result) {
          db.update(syncItems)
            .set({ attempts: row.attempts + 1 })
            .where(eq(syncItems.id, row.id))
            .run();
        } else if (result.status === 'rejected') {
          db.update(syncItems)
            .set({
              state: 'rejected',
              reason: (result.reason ?? 'Rejected by the receiver.').slice(0, 300),
              attempts: row.attempts + 1,
              payload: STRIPPED_PAYLOAD,
            })
            .where(eq(syncItems.id, row.id))
            .run();
        } else {
          db.update(syncItems)
            .set({
              state: 'sent',
              sentAt: now,
              attempts: row.attempts + 1,
              payload: STRIPPED_PAYLOAD,
            })
            .where(eq(syncItems.id, row.id))
            .run();
        }
      }
    });
    this.succeed();
    this.opts.onChange?.();
    return 'worked';
  }

  private async sendUpload(row: typeof syncUploads.$inferSelect): Promise<StepResult> {
    const { db } = this.opts;
    let lastWrite = 0;
    const outcome = await this.opts.transport.upload(
      {
        file: path.join(this.opts.dataDir, row.relativePath),
        mediaId: row.mediaId,
        sessionUuid: row.sessionUuid,
        kind: row.kind,
        contentType: row.contentType,
        known:
          row.sha256 && row.totalBytes !== null
            ? { sha256: row.sha256, size: row.totalBytes }
            : null,
      },
      (sent, total) => {
        // Progress for the screens, at most a few writes a second.
        const now = Date.now();
        if (now - lastWrite < 250 && sent < total) return;
        lastWrite = now;
        db.update(syncUploads)
          .set({ sentBytes: sent, totalBytes: total })
          .where(eq(syncUploads.id, row.id))
          .run();
        this.opts.onChange?.();
      },
      (hashed) =>
        db
          .update(syncUploads)
          .set({ sha256: hashed.sha256, totalBytes: hashed.size })
          .where(eq(syncUploads.id, row.id))
          .run(),
    );
    if (outcome.ok) {
      db.update(syncUploads)
        .set({
          state: 'done',
          sha256: outcome.sha256,
          totalBytes: outcome.size,
          sentBytes: outcome.size,
          doneAt: Date.now(),
          lastError: null,
          attempts: row.attempts + 1,
        })
        .where(and(eq(syncUploads.id, row.id), eq(syncUploads.state, 'pending')))
        .run();
      this.succeed();
      this.opts.onChange?.();
      return 'worked';
    }
    if (this.opts.paused()) return 'paused';
    const refusals = row.attempts + 1;
    const giveUp = outcome.refused && refusals >= MAX_REFUSALS;
    db.update(syncUploads)
      .set({
        attempts: refusals,
        lastError: outcome.error,
        ...(giveUp ? { state: 'rejected' as const } : {}),
      })
      .where(and(eq(syncUploads.id, row.id), eq(syncUploads.state, 'pending')))
      .run();
    return this.fail(outcome.error);
  }

  /**
   * Asks the receiver about one session all sent and not yet confirmed; records the
   * confirmation when every item (at its revision) and every file (its SHA-256) is there.
   */
  private async confirmOne(): Promise<boolean> {
    const { db } = this.opts;
    const rows = db.$client
      .prepare(
        `SELECT s.session_id AS sessionId FROM (
           SELECT session_id FROM sync_items WHERE session_id IS NOT NULL
           UNION SELECT session_id FROM sync_uploads) s
         WHERE s.session_id NOT IN (SELECT session_id FROM sync_confirmations)
           AND NOT EXISTS (SELECT 1 FROM sync_uploads p WHERE p.session_id = s.session_id AND p.state IN ('pending', 'rejected'))
           AND NOT EXISTS (SELECT 1 FROM sync_items i WHERE i.session_id = s.session_id AND i.state IN ('pending', 'rejected'))
         ORDER BY s.session_id`,
      )
      .all() as { sessionId: number }[];
    const now = Date.now();
    const found = rows.find(
      (row) => (this.unconfirmable.get(row.sessionId) ?? 0) + RECEIPT_RETRY_MS <= now,
    );
    const candidate = found && {
      sessionId: found.sessionId,
      sessionUuid: stableId(stationSyncId(db), 'session', found.sessionId),
    };
    if (!candidate) return false;
    const receipt = await this.opts.transport.receipt(candidate.sessionUuid);
    if (!receipt) {
      this.unconfirmable.set(candidate.sessionId, Date.now());
      return false;
    }
    const held = new Map(receipt.items.map((item) => [item.id, item.revision]));
    const files = new Map(receipt.media.map((m) => [m.mediaId, m]));
    const sent = db
      .select({ itemId: syncItems.itemId, revision: syncItems.revision })
      .from(syncItems)
      .where(and(eq(syncItems.sessionId, candidate.sessionId), eq(syncItems.state, 'sent')))
      .all();
    const uploads = db
      .select()
      .from(syncUploads)
      .where(eq(syncUploads.sessionId, candidate.sessionId))
      .all();
    const complete =
      sent.every((item) => (held.get(item.itemId) ?? 0) >= item.revision) &&
      uploads.every((u) => {
        const file = files.get(u.mediaId);
        return u.state === 'cancelled' || (file?.state === 'complete' && file.sha256 === u.sha256);
      });
    if (!complete) {
      // Asked again a while later, not in a loop.
      this.unconfirmable.set(candidate.sessionId, Date.now());
      return false;
    }
    db.insert(syncConfirmations)
      .values({ sessionId: candidate.sessionId, confirmedAt: Date.now() })
      .onConflictDoNothing()
      .run();
    this.opts.onChange?.();
    return true;
  }

  /** Sessions whose receipt fell short, and when: asked again after RECEIPT_RETRY_MS. */
  private readonly unconfirmable = new Map<number, number>();

  /** Runs steps until stopped: straight on while there is work, waiting after a failure. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    // An interview starting mid-upload stops the upload within half a second.
    this.pauseWatch = setInterval(() => {
      if (this.opts.paused()) void this.opts.transport.stop();
    }, 500);
    this.pauseWatch.unref?.();
    this.loop = (async () => {
      while (!this.stopped) {
        let result: StepResult;
        try {
          result = await this.step();
        } catch {
          result = this.fail('Sync failed unexpectedly; it will try again.');
        }
        if (this.stopped) break;
        if (result === 'worked') continue;
        const wait =
          result === 'failed'
            ? this.nextDelay()
            : result === 'paused'
              ? 500
              : (this.opts.idleMs ?? 5000);
        if (result === 'failed') {
          this.delays.push(wait);
          if (this.delays.length > 50) this.delays.shift();
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          timer.unref?.();
          this.wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeUp = null;
      }
    })();
  }

  /** An interview started: the upload under way stops now (it resumes from its offset after). */
  async hold(): Promise<void> {
    if (this.opts.paused()) await this.opts.transport.stop();
  }

  /** Looks for work now (a session just finished), unless waiting out a failure. */
  wake(): void {
    if (this.failures === 0) this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pauseWatch) clearInterval(this.pauseWatch);
    this.wakeUp?.();
    await this.opts.transport.stop();
    await this.loop;
    this.loop = null;
  }
}

/** Sessions whose sync the receiver confirmed (the retention purge asks). */
export function confirmedSession(db: Db, sessionId: number): boolean {
  return (
    db
      .select({ id: syncConfirmations.sessionId })
      .from(syncConfirmations)
      .where(eq(syncConfirmations.sessionId, sessionId))
      .get() !== undefined
  );
}
