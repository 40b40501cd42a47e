import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { items } from '../db/schema';
import { freshDatabaseUrl } from '../test/fresh-database';
import { enrol, postBatch, sessionItems, startReceiver, type Running } from '../test/harness';
import { issueEnrolmentCode, revokeStation } from './stations';

// The same behaviour on the production database and on the embedded one a newcomer starts with.
describe.each([
  ['PostgreSQL', async () => ({ databaseUrl: await freshDatabaseUrl() })],
  ['PGlite', async () => ({})],
])('batches on %s', (_name, dbOptions) => {
  let r: Running;
  beforeAll(async () => {
    r = await startReceiver(await dbOptions());
  }, 60_000);
  afterAll(async () => {
    await r.app.close();
  });

  const enrolWith = (code: string, stationId = randomUUID()) =>
    fetch(`${r.url}/v1/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, stationName: 'Front desk', stationId }),
    });

  it('trades an enrolment code once for a credential, and refuses a wrong code', async () => {
    const { code } = await issueEnrolmentCode(r.app.receiver.database.db);
    const first = await enrolWith(code.toLowerCase());
    expect(first.status).toBe(201);
    const body = (await first.json()) as { credential: string };
    expect(body.credential.length).toBeGreaterThanOrEqual(32);
    const again = await enrolWith(code);
    expect(again.status).toBe(403);
    expect(await again.json()).toEqual({
      error: 'This enrolment code is unknown, expired or already used.',
    });
    expect((await enrolWith('WRNG-CODE-0000-0000')).status).toBe(403);
    const expired = await issueEnrolmentCode(r.app.receiver.database.db, -1000);
    expect((await enrolWith(expired.code)).status).toBe(403);
  });

  it('answers 401 without a credential, with a wrong one and with a revoked one', async () => {
    const station = await enrol(r);
    const { items: batch } = sessionItems();
    const send = (headers: Record<string, string>) =>
      fetch(`${r.url}/v1/batches`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ items: batch }),
      });
    expect((await send({})).status).toBe(401);
    const wrong = await send({ authorization: `Bearer isc_${'x'.repeat(43)}` });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'A valid station credential is required.' });
    expect((await send(station.auth)).status).toBe(200);
    await revokeStation(r.app.receiver.database.db, station.stationId);
    expect((await send(station.auth)).status).toBe(401);
  });

  it('stores a batch once: the same batch again is all duplicate and changes nothing', async () => {
    const station = await enrol(r);
    const { items: batch } = sessionItems();
    const first = await postBatch(r, station, batch);
    expect(first.status).toBe(200);
    expect(first.body.results.map((x) => x.status)).toEqual(batch.map(() => 'stored'));
    const db = r.app.receiver.database.db;
    const before = await db.select().from(items).where(eq(items.stationId, station.stationId));
    const second = await postBatch(r, station, batch);
    expect(second.body.results.map((x) => x.status)).toEqual(batch.map(() => 'duplicate'));
    const after = await db.select().from(items).where(eq(items.stationId, station.stationId));
    expect(after).toHaveLength(batch.length);
    expect(sortById(after)).toEqual(sortById(before));
  });

  it('keeps the highest revision: a newer one replaces, an older one is ignored', async () => {
    const station = await enrol(r);
    const { items: batch, interviewId } = sessionItems();
    await postBatch(r, station, batch);
    const decision = {
      id: randomUUID(),
      kind: 'decision',
      interviewId,
      decision: 'hold',
      overallScore: 60,
      notes: null,
      createdAt: 1_700_002_000_000,
    };
    await postBatch(r, station, [{ ...decision, revision: 2 }]);
    const newer = await postBatch(r, station, [{ ...decision, revision: 3, decision: 'advance' }]);
    expect(newer.body.results[0]?.status).toBe('stored');
    const older = await postBatch(r, station, [{ ...decision, revision: 1, decision: 'reject' }]);
    expect(older.body.results[0]?.status).toBe('duplicate');
    const rows = await r.app.receiver.database.db
      .select()
      .from(items)
      .where(eq(items.id, decision.id));
    expect(rows[0]?.revision).toBe(3);
    expect((rows[0]?.body as { decision: string }).decision).toBe('advance');
  });

  it("rejects an id another station owns and leaves that station's row alone", async () => {
    const owner = await enrol(r, 'Owner');
    const other = await enrol(r, 'Other');
    const { items: batch } = sessionItems();
    await postBatch(r, owner, batch);
    const first = batch[0];
    if (!first) throw new Error('no items');
    const stolen = { ...first, revision: 9 };
    const res = await postBatch(r, other, [stolen]);
    expect(res.body.results[0]).toEqual({
      id: stolen.id,
      status: 'rejected',
      reason: 'This id belongs to another station.',
    });
    const rows = await r.app.receiver.database.db
      .select()
      .from(items)
      .where(eq(items.id, stolen.id));
    expect(rows[0]?.stationId).toBe(owner.stationId);
    expect(rows[0]?.revision).toBe(1);
  });

  it('rejects an invalid item alone, naming the field without its value', async () => {
    const station = await enrol(r);
    const { items: batch } = sessionItems();
    const bad = { ...batch[3], questionType: 'essay' };
    const res = await postBatch(r, station, [batch[0], bad]);
    expect(res.body.results[0]?.status).toBe('stored');
    expect(res.body.results[1]?.status).toBe('rejected');
    expect(res.body.results[1]?.reason).toMatch(/^Invalid input — .* at questionType\.$/);
    expect(res.body.results[1]?.reason).not.toContain('essay');
    const envelope = await fetch(`${r.url}/v1/batches`, {
      method: 'POST',
      headers: { ...station.auth, 'content-type': 'application/json' },
      body: '{"items": [oops',
    });
    expect(envelope.status).toBe(400);
    expect(await envelope.json()).toEqual({
      error: 'Invalid input — the request could not be read.',
    });
  });

  it("erases a candidate's items in one go and refuses their later items", async () => {
    const station = await enrol(r);
    const kept = sessionItems();
    const gone = sessionItems();
    await postBatch(r, station, [...kept.items, ...gone.items]);
    const erasure = {
      id: randomUUID(),
      revision: 1,
      kind: 'erasure',
      candidateId: gone.candidateId,
      requestedAt: 1_700_003_000_000,
    };
    const res = await postBatch(r, station, [erasure]);
    expect(res.body.results[0]?.status).toBe('stored');
    const db = r.app.receiver.database.db;
    const left = await db.select().from(items).where(eq(items.stationId, station.stationId));
    expect(left.map((x) => x.id).sort()).toEqual(kept.items.map((x) => x.id).sort());
    expect((await postBatch(r, station, [erasure])).body.results[0]?.status).toBe('duplicate');
    const late = await postBatch(r, station, gone.items);
    expect(late.body.results.map((x) => x.status)).toEqual(gone.items.map(() => 'rejected'));
    expect(late.body.results[0]?.reason).toBe('Its candidate was erased.');
  });
});

function sortById<T extends { id: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => a.id.localeCompare(b.id));
}
