import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { mediaReceipt, sessionReceipt } from '../../shared/sync-contract';
import { freshDatabaseUrl } from '../test/fresh-database';
import {
  createUpload,
  enrol,
  getJson,
  patchUpload,
  postBatch,
  sessionItems,
  sha256,
  startReceiver,
  uploadAll,
  type Running,
  type Station,
} from '../test/harness';

type MediaReceipt = import('zod').infer<typeof mediaReceipt>;
type SessionReceipt = import('zod').infer<typeof sessionReceipt>;

const jpeg = readFileSync('node_modules/@vladmandic/face-api/demo/sample1.jpg');

describe('media uploads (tus) on PostgreSQL', () => {
  let r: Running;
  let station: Station;
  beforeAll(async () => {
    r = await startReceiver({ databaseUrl: await freshDatabaseUrl() });
    station = await enrol(r);
  }, 60_000);
  afterAll(async () => {
    await r.app.close();
  });

  const metaFor = (sessionId: string, mediaId = randomUUID(), bytes: Uint8Array = jpeg) => ({
    mediaId,
    sessionId,
    kind: 'thumbnail' as const,
    contentType: 'image/jpeg',
    sha256: sha256(bytes),
  });

  it('takes a real JPEG in chunks, checks its SHA-256 and reports the session complete', async () => {
    const s = sessionItems();
    await postBatch(r, station, s.items);
    const before = await getJson<SessionReceipt>(
      r.url,
      station,
      `/v1/sessions/${s.sessionId}/receipt`,
    );
    // The answer names its clip: absent until it arrives, so the station keeps its copy.
    expect(before.media).toEqual([
      { mediaId: s.mediaId, state: 'absent', byteSize: null, sha256: null },
    ]);
    const meta = metaFor(s.sessionId, s.mediaId);
    const loc = await createUpload(r.url, station, meta, jpeg.length);
    expect(await uploadAll(r.url, station, loc, jpeg, 40_000)).toBe(204);
    const stored = readFileSync(path.join(r.storageDir, path.basename(loc)));
    expect(sha256(stored)).toBe(meta.sha256);
    const receipt = await getJson<MediaReceipt>(r.url, station, `/v1/media/${s.mediaId}`);
    expect(receipt).toEqual({
      mediaId: s.mediaId,
      state: 'complete',
      byteSize: jpeg.length,
      sha256: meta.sha256,
    });
    const session = await getJson<SessionReceipt>(
      r.url,
      station,
      `/v1/sessions/${s.sessionId}/receipt`,
    );
    // Everything of the session: itself, the answer, its score (through the answer), the event.
    expect(session.items.map((x) => x.id).sort()).toEqual(
      s.items
        .filter((x) => x.kind !== 'candidate' && x.kind !== 'interview')
        .map((x) => x.id)
        .sort(),
    );
    expect(session.media).toEqual([receipt]);
    const other = await enrol(r, 'Other');
    const hidden = await getJson<MediaReceipt>(r.url, other, `/v1/media/${s.mediaId}`);
    expect(hidden.state).toBe('absent');
  });

  it('refuses a file whose bytes were changed in one PATCH, and takes it again clean', async () => {
    const sessionId = randomUUID();
    const meta = metaFor(sessionId);
    const loc = await createUpload(r.url, station, meta, jpeg.length);
    const half = 70_000;
    expect((await patchUpload(r.url, station, loc, 0, jpeg.subarray(0, half))).status).toBe(204);
    const tampered = Buffer.from(jpeg.subarray(half));
    tampered[1000] = (tampered[1000] ?? 0) ^ 0xff;
    const finish = await patchUpload(r.url, station, loc, half, tampered);
    expect(finish.status).toBe(460);
    expect(await finish.json()).toEqual({
      error: 'The file does not match its SHA-256; upload it again from the start.',
    });
    const after = await getJson<MediaReceipt>(r.url, station, `/v1/media/${meta.mediaId}`);
    expect(after.state).toBe('partial');
    expect(existsSync(path.join(r.storageDir, path.basename(loc)))).toBe(false);
    const again = await createUpload(r.url, station, meta, jpeg.length);
    expect(again).not.toBe(loc);
    expect(await uploadAll(r.url, station, again, jpeg)).toBe(204);
    const done = await getJson<MediaReceipt>(r.url, station, `/v1/media/${meta.mediaId}`);
    expect(done.state).toBe('complete');
  });

  it('sweeps partial uploads left before a cutoff, and never a finished one', async () => {
    const sessionId = randomUUID();
    const left = metaFor(sessionId);
    const leftLoc = await createUpload(r.url, station, left, jpeg.length);
    await patchUpload(r.url, station, leftLoc, 0, jpeg.subarray(0, 10_000));
    const done = metaFor(sessionId);
    await uploadAll(r.url, station, await createUpload(r.url, station, done, jpeg.length), jpeg);
    const cutoff = new Date(Date.now() + 60_000);
    expect(await r.app.receiver.removeAbandonedUploads(new Date(0))).toBe(0);
    expect(await r.app.receiver.removeAbandonedUploads(cutoff)).toBeGreaterThanOrEqual(1);
    expect(existsSync(path.join(r.storageDir, path.basename(leftLoc)))).toBe(false);
    const head = await fetch(`${r.url}${leftLoc}`, {
      method: 'HEAD',
      headers: { 'tus-resumable': '1.0.0', ...station.auth },
    });
    expect(head.status).toBe(404);
    const kept = await getJson<MediaReceipt>(r.url, station, `/v1/media/${done.mediaId}`);
    expect(kept.state).toBe('complete');
    const again = await createUpload(r.url, station, left, jpeg.length);
    expect(await uploadAll(r.url, station, again, jpeg)).toBe(204);
  });

  it('refuses an upload without the contract metadata or credential', async () => {
    const res = await fetch(`${r.url}/v1/uploads`, {
      method: 'POST',
      headers: { 'tus-resumable': '1.0.0', ...station.auth, 'upload-length': '10' },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^Invalid input — /);
    const anonymous = await fetch(`${r.url}/v1/uploads`, {
      method: 'POST',
      headers: { 'tus-resumable': '1.0.0', 'upload-length': '10' },
    });
    expect(anonymous.status).toBe(401);
  });

  it("erases a candidate's media files and refuses their later uploads", async () => {
    const s = sessionItems();
    await postBatch(r, station, s.items);
    const meta = metaFor(s.sessionId, s.mediaId);
    const loc = await createUpload(r.url, station, meta, jpeg.length);
    await uploadAll(r.url, station, loc, jpeg);
    const file = path.join(r.storageDir, path.basename(loc));
    expect(existsSync(file)).toBe(true);
    const erasure = {
      id: randomUUID(),
      revision: 1,
      kind: 'erasure',
      candidateId: s.candidateId,
      requestedAt: 1_700_003_000_000,
    };
    expect((await postBatch(r, station, [erasure])).body.results[0]?.status).toBe('stored');
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(r.storageDir).some((f) => f.startsWith(path.basename(loc)))).toBe(false);
    const receipt = await getJson<MediaReceipt>(r.url, station, `/v1/media/${s.mediaId}`);
    expect(receipt.state).toBe('absent');
    await expect(createUpload(r.url, station, meta, jpeg.length)).rejects.toThrow(/410/);
  });

  it('answers /health and counts requests, items and bytes in /metrics', async () => {
    const unknown = await fetch(`${r.url}/v1/nothing-here`, { headers: station.auth });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'There is no such route.' });
    const health = await fetch(`${r.url}/health`);
    expect(await health.json()).toEqual({ status: 'ok', database: 'postgresql' });
    const text = await (await fetch(`${r.url}/metrics`)).text();
    expect(text).toMatch(/receiver_items_total\{result="stored"\} [1-9]/);
    expect(text).toMatch(/receiver_uploads_total\{outcome="completed"\} [1-9]/);
    expect(text).toMatch(/receiver_uploads_total\{outcome="failed"\} 1/);
    const bytes = Number(/receiver_upload_bytes_received_total (\d+)/.exec(text)?.[1]);
    expect(bytes).toBeGreaterThanOrEqual(3 * jpeg.length);
    expect(text).toMatch(/receiver_request_duration_seconds_count\{route="\/v1\/batches"/);
    expect(text).toMatch(/receiver_requests_total\{route="\/v1\/uploads\/\*",method="PATCH"/);
  });
});

describe('rate limits', () => {
  it('answers 429 once a station passes its limit, and counts each station apart', async () => {
    const r = await startReceiver({
      databaseUrl: await freshDatabaseUrl(),
      rateLimit: { max: 3, timeWindowMs: 60_000 },
    });
    try {
      const [a, b] = [await enrol(r, 'A'), await enrol(r, 'B')];
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await fetch(`${r.url}/v1/media/${randomUUID()}`, { headers: a.auth });
        statuses.push(res.status);
        if (res.status === 429) {
          expect(((await res.json()) as { error: string }).error).toMatch(/^Too many requests/);
        }
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect((await fetch(`${r.url}/v1/media/${randomUUID()}`, { headers: b.auth })).status).toBe(
        200,
      );
    } finally {
      await r.app.close();
    }
  }, 60_000);
});
