/**
 * The station's own tus client (tus-js-client, as its sync worker uses it) against the receiver:
 * the relative Location, the metadata, the 460 after a changed file and the clean retry.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Upload } from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../test/fresh-database';
import { enrol, getJson, sha256, startReceiver, type Running, type Station } from '../test/harness';

const jpeg = readFileSync('node_modules/@vladmandic/face-api/demo/sample1.jpg');

function send(r: Running, s: Station, bytes: Buffer, meta: Record<string, string>) {
  return new Promise<void>((resolve, reject) => {
    const upload = new Upload(bytes, {
      endpoint: `${r.url}/v1/uploads`,
      headers: s.auth,
      metadata: meta,
      chunkSize: 50_000,
      retryDelays: [],
      onSuccess: () => resolve(),
      onError: reject,
    });
    upload.start();
  });
}

describe('tus-js-client against the receiver', () => {
  let r: Running;
  let station: Station;
  beforeAll(async () => {
    r = await startReceiver({ databaseUrl: await freshDatabaseUrl() });
    station = await enrol(r);
  }, 60_000);
  afterAll(async () => {
    await r.app.close();
  });

  it('uploads a file in chunks and is refused with 460 when the bytes differ', async () => {
    const meta = {
      mediaId: randomUUID(),
      sessionId: randomUUID(),
      kind: 'thumbnail',
      contentType: 'image/jpeg',
      sha256: sha256(jpeg),
    };
    const changed = Buffer.from(jpeg);
    changed[120_000] = (changed[120_000] ?? 0) ^ 1;
    const error = (await send(r, station, changed, meta).catch((e: unknown) => e)) as {
      originalResponse?: { getStatus(): number };
    };
    expect(error.originalResponse?.getStatus()).toBe(460);
    const refused = await getJson<{ state: string }>(r.url, station, `/v1/media/${meta.mediaId}`);
    expect(refused.state).toBe('partial');
    await send(r, station, jpeg, meta);
    const done = await getJson<{ state: string; byteSize: number }>(
      r.url,
      station,
      `/v1/media/${meta.mediaId}`,
    );
    expect(done).toMatchObject({ state: 'complete', byteSize: jpeg.length });
  });
});
