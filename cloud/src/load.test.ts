/**
 * Twenty stations at once on one PostgreSQL: each enrols, sends its sessions in batches (and one
 * batch twice, as a retry would), and uploads its media, all concurrently. Everything must be
 * stored exactly once. The latency and throughput seen are printed, never asserted.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { items, media } from '../db/schema';
import { freshDatabaseUrl } from '../test/fresh-database';
import {
  createUpload,
  enrol,
  postBatch,
  sessionItems,
  sha256,
  startReceiver,
  uploadAll,
  type Running,
} from '../test/harness';

const STATIONS = 20;
const SESSIONS_PER_STATION = 5;
const jpeg = readFileSync('node_modules/@vladmandic/face-api/demo/sample3.jpg');

describe('20 stations at once', () => {
  let r: Running;
  beforeAll(async () => {
    r = await startReceiver({ databaseUrl: await freshDatabaseUrl() });
  }, 60_000);
  afterAll(async () => {
    await r.app.close();
  });

  it('stores every item and file once', async () => {
    const latencies: number[] = [];
    const timed = async <T>(work: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      const out = await work();
      latencies.push(performance.now() - t0);
      return out;
    };
    const stations = await Promise.all(
      Array.from({ length: STATIONS }, (_, i) => enrol(r, `Station ${i}`)),
    );
    const perStation = await Promise.all(
      stations.map(async (station) => {
        const sessions = Array.from({ length: SESSIONS_PER_STATION }, () => sessionItems());
        const statuses: string[] = [];
        for (const s of sessions) {
          const res = await timed(() => postBatch(r, station, s.items));
          statuses.push(...res.body.results.map((x) => x.status));
        }
        const retry = await timed(() => postBatch(r, station, sessions[0]?.items ?? []));
        const uploads = await Promise.all(
          sessions.map(async (s) => {
            const meta = {
              mediaId: s.mediaId,
              sessionId: s.sessionId,
              kind: 'answer_clip' as const,
              contentType: 'image/jpeg',
              sha256: sha256(jpeg),
            };
            const loc = await createUpload(r.url, station, meta, jpeg.length);
            return uploadAll(r.url, station, loc, jpeg, 64 * 1024);
          }),
        );
        return { station, statuses, retry: retry.body.results.map((x) => x.status), uploads };
      }),
    );
    const itemsPerSession = sessionItems().items.length;
    for (const p of perStation) {
      expect(p.statuses).toEqual(Array(SESSIONS_PER_STATION * itemsPerSession).fill('stored'));
      expect(p.retry).toEqual(Array(itemsPerSession).fill('duplicate'));
      expect(p.uploads).toEqual(Array(SESSIONS_PER_STATION).fill(204));
    }
    const db = r.app.receiver.database.db;
    const [held] = await db.select({ n: count() }).from(items);
    expect(held?.n).toBe(STATIONS * SESSIONS_PER_STATION * itemsPerSession);
    const [done] = await db.select({ n: count() }).from(media).where(eq(media.state, 'complete'));
    expect(done?.n).toBe(STATIONS * SESSIONS_PER_STATION);

    latencies.sort((a, b) => a - b);
    const at = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    console.log(
      `[receiver] ${STATIONS} stations, ${latencies.length} batch requests: ` +
        `p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms`,
    );
  }, 60_000);

  it('measures upload throughput over loopback (printed, not asserted)', async () => {
    const station = await enrol(r);
    const file = Buffer.alloc(64 * 1024 * 1024, 7);
    const meta = {
      mediaId: randomUUID(),
      sessionId: randomUUID(),
      kind: 'recording_segment' as const,
      contentType: 'video/webm',
      sha256: sha256(file),
    };
    const loc = await createUpload(r.url, station, meta, file.length);
    const t0 = performance.now();
    expect(await uploadAll(r.url, station, loc, file, 8 * 1024 * 1024)).toBe(204);
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `[receiver] 64 MiB in 8 MiB PATCHes over loopback, SHA-256 check included: ` +
        `${(64 / seconds).toFixed(0)} MiB/s`,
    );
  }, 60_000);
});
