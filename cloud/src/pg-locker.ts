/**
 * A tus Locker on PostgreSQL advisory locks, so several receiver instances on one database
 * never write the same upload at once. Each lock holds one pooled connection with a
 * session-level `pg_advisory_lock` for its life; if an instance dies its connections close and
 * PostgreSQL frees its locks. When the lock is taken, the holder is asked to let go — across
 * instances with NOTIFY on one channel, as @tus/server's Locker contract requires (a client that
 * reconnects after a half-open connection must not wait for the stale PATCH to time out).
 */
import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/server';
import { createHash } from 'node:crypto';
import type pg from 'pg';

const CHANNEL = 'tus_lock_release';
const ignore = () => undefined;

export type PgLockerOptions = { acquireTimeoutMs?: number; pollMs?: number };

export class PgAdvisoryLocker implements Locker {
  readonly held = new Map<string, RequestRelease>();
  private listener: pg.PoolClient | null = null;
  private stopped = false;
  readonly acquireTimeoutMs: number;
  readonly pollMs: number;

  constructor(
    readonly pool: pg.Pool,
    opts: PgLockerOptions = {},
  ) {
    this.acquireTimeoutMs = opts.acquireTimeoutMs ?? 30_000;
    this.pollMs = opts.pollMs ?? 25;
  }

  /** Listens for other instances asking this one to release a lock it holds. */
  async start(): Promise<void> {
    this.stopped = false;
    const listener = await this.pool.connect();
    this.listener = listener;
    listener.on('notification', (msg) => {
      const release = msg.payload ? this.held.get(msg.payload) : undefined;
      if (release) void release();
    });
    // A lost connection (the database restarted) must not end the process: listen again.
    listener.on('error', () => {
      listener.release(true);
      if (this.listener === listener) this.listener = null;
      if (!this.stopped) setTimeout(() => void this.start().catch(() => undefined), 1000).unref();
    });
    await listener.query(`LISTEN ${CHANNEL}`);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.listener?.release();
    this.listener = null;
  }

  newLock(id: string): Lock {
    return new PgAdvisoryLock(id, this);
  }
}

/** A signed 64-bit key from the upload id (advisory locks take a bigint). */
export function lockKey(id: string): string {
  const head = createHash('sha256').update(`tus:${id}`).digest().readBigInt64BE(0);
  return head.toString();
}

class PgAdvisoryLock implements Lock {
  private client: pg.PoolClient | null = null;

  constructor(
    private readonly id: string,
    private readonly locker: PgAdvisoryLocker,
  ) {}

  async lock(signal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
    const client = await this.locker.pool.connect();
    // If the connection drops, the session and its lock are gone; the next query says so.
    client.on('error', ignore);
    const key = lockKey(this.id);
    const deadline = Date.now() + this.locker.acquireTimeoutMs;
    let asked = false;
    try {
      for (;;) {
        const { rows } = await client.query<{ ok: boolean }>(
          'select pg_try_advisory_lock($1::bigint) as ok',
          [key],
        );
        if (rows[0]?.ok) {
          this.client = client;
          this.locker.held.set(this.id, requestRelease);
          return;
        }
        if (!asked) {
          asked = true;
          const local = this.locker.held.get(this.id);
          if (local) await local();
          else await client.query('select pg_notify($1, $2)', [CHANNEL, this.id]);
        }
        if (signal.aborted || Date.now() > deadline) throw ERRORS.ERR_LOCK_TIMEOUT;
        await new Promise((resolve) => setTimeout(resolve, this.locker.pollMs));
      }
    } catch (error) {
      client.off('error', ignore);
      client.release();
      throw error;
    }
  }

  async unlock(): Promise<void> {
    const client = this.client;
    if (!client) throw new Error('Releasing an unlocked lock.');
    this.client = null;
    this.locker.held.delete(this.id);
    client.off('error', ignore);
    try {
      await client.query('select pg_advisory_unlock($1::bigint)', [lockKey(this.id)]);
      client.release();
    } catch (error) {
      // A broken connection has lost the lock with its session; drop it from the pool.
      client.release(error as Error);
    }
  }
}
