import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { mediaReceipt } from '../../shared/sync-contract';
import { freshDatabaseUrl, scratchFolder } from '../test/fresh-database';
import {
  createUpload,
  enrol,
  getJson,
  headOffset,
  patchUpload,
  sha256,
  startReceiver,
  type Running,
} from '../test/harness';
import { PgAdvisoryLocker } from './pg-locker';

const jpeg = readFileSync('node_modules/@vladmandic/face-api/demo/sample2.jpg');

describe('several receiver instances on one PostgreSQL', () => {
  let url: string;
  let a: Running;
  let b: Running;
  let storageDir: string;
  beforeAll(async () => {
    url = await freshDatabaseUrl();
    storageDir = scratchFolder('shared-');
    // Started together: their migrations must take turns, not collide.
    [a, b] = await Promise.all([
      startReceiver({ databaseUrl: url, storageDir }),
      startReceiver({ databaseUrl: url, storageDir }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a.app.close(), b.app.close()]);
  });

  it('finishes one upload PATCHed through both instances', async () => {
    const station = await enrol(a);
    const meta = {
      mediaId: randomUUID(),
      sessionId: randomUUID(),
      kind: 'answer_clip' as const,
      contentType: 'image/jpeg',
      sha256: sha256(jpeg),
    };
    const loc = await createUpload(a.url, station, meta, jpeg.length);
    const third = Math.floor(jpeg.length / 3);
    expect((await patchUpload(a.url, station, loc, 0, jpeg.subarray(0, third))).status).toBe(204);
    expect(await headOffset(b.url, station, loc)).toBe(third);
    const mid = 2 * third;
    expect((await patchUpload(b.url, station, loc, third, jpeg.subarray(third, mid))).status).toBe(
      204,
    );
    expect((await patchUpload(a.url, station, loc, mid, jpeg.subarray(mid))).status).toBe(204);
    const receipt = await getJson<import('zod').infer<typeof mediaReceipt>>(
      b.url,
      station,
      `/v1/media/${meta.mediaId}`,
    );
    expect(receipt.state).toBe('complete');
    expect(receipt.sha256).toBe(meta.sha256);
  });

  it('asks the holder on the other instance to release, then takes the lock', async () => {
    const poolA = new pg.Pool({ connectionString: url });
    const poolB = new pg.Pool({ connectionString: url });
    const lockerA = new PgAdvisoryLocker(poolA);
    const lockerB = new PgAdvisoryLocker(poolB, { acquireTimeoutMs: 5000 });
    await Promise.all([lockerA.start(), lockerB.start()]);
    try {
      const id = randomUUID();
      const first = lockerA.newLock(id);
      const order: string[] = [];
      await first.lock(new AbortController().signal, async () => {
        order.push('asked to release');
        await first.unlock();
      });
      const second = lockerB.newLock(id);
      await second.lock(new AbortController().signal, () => undefined);
      order.push('taken over');
      expect(order).toEqual(['asked to release', 'taken over']);
      const held = await poolA.query(
        "select count(*)::int as n from pg_locks where locktype = 'advisory' and granted",
      );
      expect(held.rows[0].n).toBe(1);
      await second.unlock();
      // A holder that never lets go: the other waits its timeout out and gives up.
      const stubborn = lockerA.newLock(id);
      await stubborn.lock(new AbortController().signal, () => undefined);
      const waiting = new PgAdvisoryLocker(poolB, { acquireTimeoutMs: 200 });
      await expect(
        waiting.newLock(id).lock(new AbortController().signal, () => undefined),
      ).rejects.toMatchObject({
        status_code: 500,
      });
      await stubborn.unlock();
    } finally {
      await Promise.all([lockerA.stop(), lockerB.stop()]);
      await Promise.all([poolA.end(), poolB.end()]);
    }
  });
});
