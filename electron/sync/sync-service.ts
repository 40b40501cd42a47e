/**
 * The station's sync as the rest of the station sees it: enrolment and the credential, the
 * outbox's hooks (registered on the database only while enrolled), the loop and its worker,
 * and the status staff see. Built by the composition root; a station not enrolled writes no
 * outbox rows and sends nothing.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { syncConfirmations, syncItems, syncUploads } from '../../db/sync-schema';
import type { SessionSync, SyncStatus } from '../../shared/sync-status';
import { recordAudit } from '../core/audit';
import type { Clock } from '../core/clock';
import { StationError } from '../core/errors';
import { registerOutboxHooks } from '../core/outbox-hooks';
import { readSetting, writeSetting, clearSetting } from '../core/setting-store';
import { SyncOutbox } from './outbox';
import { knownStationSyncId, stationSyncId } from './stable-ids';
import { SyncEngine, type Transport } from './sync-engine';
import { createCredentialStore, enrolAt, type CredentialStore } from './sync-credential';
import { SYNC_SETTINGS, readSyncTuning } from './sync-settings';
import { SyncTransport, type TransportConfig } from './transport';
import { WorkerTransport } from './worker-transport';

export interface SyncServiceOptions {
  db: Db;
  dataDir: string | null;
  clock: Clock;
  log: (line: string) => void;
  filesKey: Buffer | null;
  stationName: string;
  /** The built worker (out/station/sync-worker.mjs); null: the transport runs in-process. */
  workerFile: string | null;
  runningSessions: () => number[];
  /** IT's receiver and one-time code (SYNC_RECEIVER_URL, SYNC_ENROLMENT_CODE). */
  managed?: { receiverUrl: string; code: string } | null;
  fetch?: typeof fetch;
  backoff?: { baseMs: number; maxMs: number };
  idleMs?: number;
}

interface Actor {
  actorKind: 'admin';
  actorId: number;
}

const THROUGHPUT_WINDOW_MS = 10_000;

export class SyncService {
  private readonly credentials: CredentialStore;
  private readonly outbox: SyncOutbox;
  private engine: SyncEngine | null = null;
  private transport: (Transport & { terminate?: () => Promise<void> }) | null = null;
  private readonly samples: { at: number; sent: number }[] = [];

  constructor(private readonly opts: SyncServiceOptions) {
    this.credentials = createCredentialStore({
      dataDir: opts.dataDir,
      filesKey: opts.filesKey,
      log: opts.log,
    });
    this.outbox = new SyncOutbox(
      opts.db,
      opts.clock,
      () => this.credentials.read() !== null,
      opts.log,
    );
    registerOutboxHooks(opts.db, this.outbox);
  }

  /** Whether the station is enrolled with a receiver (and so syncs). */
  enrolled(): boolean {
    return this.credentials.read() !== null;
  }

  /** Whether sync must hold now. */
  paused(): boolean {
    const { pauseDuringSessions } = readSyncTuning(this.opts.db);
    return pauseDuringSessions && this.opts.runningSessions().length > 0;
  }

  /** Enrols with IT's receiver if it says so and the station is not enrolled there; starts. */
  async start(): Promise<void> {
    const managed = this.opts.managed;
    if (managed && this.credentials.read()?.receiverUrl !== managed.receiverUrl) {
      try {
        await this.enrolWith(managed.receiverUrl, managed.code);
        recordAudit(this.opts.db, this.opts.clock.now(), {
          actorKind: 'station',
          action: 'sync_enrolled',
          details: { managed: true },
        });
      } catch (error) {
        this.opts.log(
          `Sync enrolment from the managed config failed: ${error instanceof StationError ? error.message : 'unexpected error'}`,
        );
      }
    }
    this.startEngine();
  }

  private startEngine(): void {
    const stored = this.credentials.read();
    if (!stored || !this.opts.dataDir || this.engine) return;
    const tuning = readSyncTuning(this.opts.db);
    const config: TransportConfig = {
      receiverUrl: stored.receiverUrl,
      credential: stored.credential,
      urlStoreFile: path.join(this.opts.dataDir, 'sync-uploads.json'),
      filesKey: this.opts.filesKey,
      chunkBytes: tuning.chunkBytes,
      bandwidthBytesPerSecond: tuning.bandwidthBytesPerSecond,
      cpuPercent: tuning.cpuPercent,
    };
    this.transport = this.opts.workerFile
      ? new WorkerTransport(this.opts.workerFile, config)
      : new SyncTransport(config);
    this.engine = new SyncEngine({
      db: this.opts.db,
      dataDir: this.opts.dataDir,
      transport: this.transport,
      paused: () => this.paused(),
      log: this.opts.log,
      backoff: this.opts.backoff,
      idleMs: this.opts.idleMs,
      onChange: () => this.sample(),
    });
    this.engine.start();
  }

  private async stopEngine(): Promise<void> {
    await this.engine?.stop();
    await this.transport?.terminate?.();
    this.engine = null;
    this.transport = null;
  }

  /** An interview started: sync holds now, not at its next look (sync.pauseDuringSessions). */
  /** The credential, for the diagnostics bundle to keep out (it is never shown or logged). */
  secretValues(): string[] {
    const stored = this.credentials.read();
    return stored ? [stored.credential] : [];
  }

  sessionStarted(): void {
    void this.engine?.hold();
  }

  /** A session ended (its rows are in the outbox): look for work now. */
  wake(): void {
    this.engine?.wake();
  }

  private async enrolWith(receiverUrl: string, code: string): Promise<void> {
    const stationId = stationSyncId(this.opts.db);
    const enrolled = await enrolAt(
      receiverUrl,
      { code, stationName: this.opts.stationName.slice(0, 80) || 'Interview Station', stationId },
      this.opts.fetch,
    );
    this.credentials.write({ ...enrolled, stationId, enrolledAt: this.opts.clock.now() });
    writeSetting(this.opts.db, SYNC_SETTINGS.receiverUrl, enrolled.receiverUrl);
  }

  async enrol(input: { receiverUrl: string; code: string }, actor: Actor): Promise<SyncStatus> {
    if (this.opts.managed) {
      throw new StationError(
        'CONFLICT',
        'IT set this station’s receiver; it can be changed only where IT set it.',
      );
    }
    if (!this.opts.dataDir) {
      throw new StationError(
        'PRECONDITION_FAILED',
        'This station has no data folder to sync from.',
      );
    }
    await this.stopEngine();
    try {
      await this.enrolWith(input.receiverUrl, input.code);
    } finally {
      // A refused code leaves the station as it was: still syncing to its last receiver.
      this.startEngine();
    }
    recordAudit(this.opts.db, this.opts.clock.now(), {
      ...actor,
      action: 'sync_enrolled',
      details: { host: new URL(input.receiverUrl).host },
    });
    return this.status();
  }

  async forget(actor: Actor): Promise<SyncStatus> {
    if (this.opts.managed) {
      throw new StationError(
        'CONFLICT',
        'IT set this station’s receiver; it can be changed only where IT set it.',
      );
    }
    await this.stopEngine();
    this.credentials.clear();
    clearSetting(this.opts.db, SYNC_SETTINGS.receiverUrl);
    recordAudit(this.opts.db, this.opts.clock.now(), { ...actor, action: 'sync_forgotten' });
    return this.status();
  }

  private totalSent(): number {
    const row = this.opts.db
      .select({ sent: sql<number>`coalesce(sum(${syncUploads.sentBytes}), 0)` })
      .from(syncUploads)
      .get();
    return row?.sent ?? 0;
  }

  private sample(): void {
    const now = Date.now();
    this.samples.push({ at: now, sent: this.totalSent() });
    while (this.samples.length > 2 && (this.samples[0]?.at ?? now) < now - THROUGHPUT_WINDOW_MS) {
      this.samples.shift();
    }
  }

  private bytesPerSecond(): number {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.at - first.at < 500) return 0;
    if (Date.now() - last.at > THROUGHPUT_WINDOW_MS) return 0;
    return Math.max(0, Math.round(((last.sent - first.sent) * 1000) / (last.at - first.at)));
  }

  private sizeOf(upload: typeof syncUploads.$inferSelect): number {
    if (upload.totalBytes !== null) return upload.totalBytes;
    try {
      return this.opts.dataDir
        ? statSync(path.join(this.opts.dataDir, upload.relativePath)).size
        : 0;
    } catch {
      return 0;
    }
  }

  status(): SyncStatus {
    const { db } = this.opts;
    const stored = this.credentials.read();
    const itemsIn = (state: (typeof syncItems.$inferSelect)['state']) =>
      db
        .select({ n: sql<number>`count(*)` })
        .from(syncItems)
        .where(eq(syncItems.state, state))
        .get()?.n ?? 0;
    const rejectedUploads =
      db
        .select({ n: sql<number>`count(*)` })
        .from(syncUploads)
        .where(eq(syncUploads.state, 'rejected'))
        .get()?.n ?? 0;
    const pendingUploads = db
      .select()
      .from(syncUploads)
      .where(eq(syncUploads.state, 'pending'))
      .all();
    return {
      enrolled: stored !== null,
      receiverUrl: stored?.receiverUrl ?? null,
      managed: Boolean(this.opts.managed),
      stationId: knownStationSyncId(db),
      queue: { items: itemsIn('pending'), uploads: pendingUploads.length },
      rejected: itemsIn('rejected') + rejectedUploads,
      bytesPending: pendingUploads.reduce(
        (sum, u) => sum + Math.max(0, this.sizeOf(u) - u.sentBytes),
        0,
      ),
      bytesPerSecond: this.bytesPerSecond(),
      lastError: this.engine?.lastError ?? null,
      paused: stored !== null && this.paused(),
      confirmedSessions:
        db
          .select({ n: sql<number>`count(*)` })
          .from(syncConfirmations)
          .get()?.n ?? 0,
    };
  }

  /** Each session's sync, for the dashboard. */
  sessions(sessionIds: number[]): Map<number, SessionSync> {
    const { db } = this.opts;
    const result = new Map<number, SessionSync>();
    if (!sessionIds.length) return result;
    const items = db
      .select({ sessionId: syncItems.sessionId, state: syncItems.state })
      .from(syncItems)
      .where(and(inArray(syncItems.sessionId, sessionIds), ne(syncItems.state, 'cancelled')))
      .all();
    const uploads = db
      .select()
      .from(syncUploads)
      .where(and(inArray(syncUploads.sessionId, sessionIds), ne(syncUploads.state, 'cancelled')))
      .all();
    const confirmed = new Set(
      db
        .select({ id: syncConfirmations.sessionId })
        .from(syncConfirmations)
        .where(inArray(syncConfirmations.sessionId, sessionIds))
        .all()
        .map((row) => row.id),
    );
    const rate = this.bytesPerSecond();
    for (const id of sessionIds) {
      const own = items.filter((i) => i.sessionId === id);
      const files = uploads.filter((u) => u.sessionId === id);
      if (!own.length && !files.length) {
        result.set(id, { state: 'not_synced', bytesSent: 0, bytesTotal: 0, etaSeconds: null });
        continue;
      }
      const bytesTotal = files.reduce((sum, u) => sum + this.sizeOf(u), 0);
      const bytesSent = files.reduce(
        (sum, u) => sum + (u.state === 'done' ? this.sizeOf(u) : u.sentBytes),
        0,
      );
      const failed =
        own.some((i) => i.state === 'rejected') || files.some((u) => u.state === 'rejected');
      const pending =
        own.some((i) => i.state === 'pending') || files.some((u) => u.state === 'pending');
      const state = confirmed.has(id)
        ? 'confirmed'
        : failed
          ? 'failed'
          : !pending
            ? 'sent'
            : bytesSent > 0 || own.some((i) => i.state === 'sent')
              ? 'sending'
              : 'queued';
      const left = bytesTotal - bytesSent;
      result.set(id, {
        state,
        bytesSent,
        bytesTotal,
        etaSeconds: pending && rate > 0 ? Math.ceil(left / rate) : null,
      });
    }
    return result;
  }

  /**
   * Whether the retention purge may delete a session now: always, unless the station is set
   * to purge only what the receiver confirmed (and syncs), then only once confirmed.
   */
  mayPurge(sessionId: number): boolean {
    if (readSetting<boolean>(this.opts.db, SYNC_SETTINGS.purgeOnlyWhenConfirmed) !== true)
      return true;
    if (!this.credentials.read()) return true;
    return (
      this.opts.db
        .select({ id: syncConfirmations.sessionId })
        .from(syncConfirmations)
        .where(eq(syncConfirmations.sessionId, sessionId))
        .get() !== undefined
    );
  }

  async close(): Promise<void> {
    await this.stopEngine();
    registerOutboxHooks(this.opts.db, null);
  }
}
