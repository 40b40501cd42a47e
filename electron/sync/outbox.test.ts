import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../db/test-db';
import { candidates, sessions } from '../../db/schema';
import { syncItems, syncUploads } from '../../db/sync-schema';
import { syncItem } from '../../shared/sync-contract';
import { registerOutboxHooks } from '../core/outbox-hooks';
import { systemClock } from '../core/clock';
import { writeSetting } from '../core/setting-store';
import { SyncOutbox } from './outbox';
import { stableId, stationSyncId } from './stable-ids';
import { SYNC_SETTINGS } from './sync-settings';
import { enableOutbox, finishSession, tempDir } from './test-sync-fixture';
import { rmSync } from 'node:fs';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function dataDir() {
  const dir = tempDir('sync-outbox-');
  dirs.push(dir);
  return dir;
}

describe('the sync outbox', () => {
  it('writes a finished session’s items and uploads, each one the contract accepts', () => {
    const db = createTestDb();
    enableOutbox(db);
    const { sessionId, files } = finishSession(db, dataDir(), randomBytes(32));
    const rows = db.select().from(syncItems).all();
    const kinds = new Set(rows.map((row) => row.kind));
    expect([...kinds].sort()).toEqual(
      [
        'answer',
        'candidate',
        'event',
        'interview',
        'score',
        'session',
        'signal_batch',
        'transcript',
      ].sort(),
    );
    for (const row of rows) {
      expect(row.state).toBe('pending');
      expect(() => syncItem.parse(row.payload)).not.toThrow();
    }
    // Two minutes of frames: two batches of one minute.
    expect(rows.filter((row) => row.kind === 'signal_batch')).toHaveLength(2);
    expect(rows.filter((row) => row.kind === 'answer')).toHaveLength(3);
    const uploads = db.select().from(syncUploads).all();
    expect(uploads.map((u) => u.kind).sort()).toEqual(
      ['answer_clip', 'recording_segment', 'thumbnail'].sort(),
    );
    expect(uploads.every((u) => u.sessionId === sessionId)).toBe(true);
    expect(uploads).toHaveLength(files.size);
    // The answer's clip is the upload's media id.
    const clip = uploads.find((u) => u.kind === 'answer_clip');
    const video = rows.find(
      (r) =>
        r.kind === 'answer' && r.payload.kind === 'answer' && r.payload.questionType === 'video',
    );
    expect(video?.payload.kind === 'answer' && video.payload.mediaId).toBe(clip?.mediaId);
  });

  it('sends a candidate pseudonymous unless the station is set to send names', () => {
    const db = createTestDb();
    enableOutbox(db);
    finishSession(db, dataDir(), randomBytes(32));
    const candidate = db.select().from(syncItems).where(eq(syncItems.kind, 'candidate')).get();
    expect(candidate?.payload).toMatchObject({ fullName: null, email: null });
    expect(JSON.stringify(db.select().from(syncItems).all())).not.toContain('Ada Lovelace');

    writeSetting(db, SYNC_SETTINGS.sendIdentity, true);
    finishSession(db, dataDir(), randomBytes(32));
    const named = db
      .select()
      .from(syncItems)
      .where(eq(syncItems.kind, 'candidate'))
      .all()
      .map((row) => row.payload);
    expect(named.at(-1)).toMatchObject({ fullName: 'Ada Lovelace', email: 'ada@example.com' });
  });

  it('writes the rows in the same transaction as the final state: a failure between leaves neither', () => {
    const db = createTestDb();
    writeSetting(db, SYNC_SETTINGS.receiverUrl, 'http://127.0.0.1:1');
    class FailingOutbox extends SyncOutbox {
      override sessionFinished(sessionId: number): void {
        super.sessionFinished(sessionId);
        // Rows are written by now; the transaction must take them back with the session.
        expect(db.select().from(syncItems).all().length).toBeGreaterThan(0);
        throw new Error('disk I/O error');
      }
    }
    registerOutboxHooks(db, new FailingOutbox(db, systemClock, () => true));
    expect(() => finishSession(db, dataDir(), randomBytes(32))).toThrow('disk I/O error');
    expect(db.select({ status: sessions.status }).from(sessions).get()?.status).toBe('active');
    // Only the transcript saved before the end, in its own transaction, is left.
    expect(
      db
        .select()
        .from(syncItems)
        .all()
        .map((row) => row.kind),
    ).toEqual(['transcript']);
    expect(db.select().from(syncUploads).all()).toHaveLength(0);
  });

  it('writes nothing on a station that does not sync', () => {
    const db = createTestDb();
    registerOutboxHooks(db, new SyncOutbox(db, systemClock, () => false));
    finishSession(db, dataDir(), randomBytes(32));
    expect(db.select().from(syncItems).all()).toHaveLength(0);
  });

  it('gives a row the same id when sent again, and a new revision only when it changed', () => {
    const db = createTestDb();
    const outbox = enableOutbox(db);
    const { sessionId } = finishSession(db, dataDir(), randomBytes(32));
    const before = db.select().from(syncItems).all().length;
    outbox.sessionFinished(sessionId);
    expect(db.select().from(syncItems).all()).toHaveLength(before);

    db.update(sessions)
      .set({ integrityFlags: ['second_face'] })
      .where(eq(sessions.id, sessionId))
      .run();
    outbox.sessionFinished(sessionId);
    const revisions = db.select().from(syncItems).where(eq(syncItems.kind, 'session')).all();
    expect(revisions.map((r) => r.revision)).toEqual([1, 2]);
    expect(new Set(revisions.map((r) => r.itemId)).size).toBe(1);
    expect(revisions[0]?.itemId).toBe(stableId(stationSyncId(db), 'session', sessionId));
  });

  it('makes version-5 UUIDs from the station’s id, the kind and the row', () => {
    const station = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
    const id = stableId(station, 'session', 7);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableId(station, 'session', 7)).toBe(id);
    expect(stableId(station, 'session', 8)).not.toBe(id);
    expect(stableId('6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'session', 7)).not.toBe(id);
    // RFC 4122's own construction, by hand.
    const hash = createHash('sha1')
      .update(Buffer.from(station.replace(/-/g, ''), 'hex'))
      .update('session:7')
      .digest('hex');
    expect(id.replace(/-/g, '').slice(0, 12)).toBe(hash.slice(0, 12));
  });

  it('an erasure cancels the candidate’s unsent rows and uploads and tells the receiver', () => {
    const db = createTestDb();
    const outbox = enableOutbox(db);
    const { candidateId } = finishSession(db, dataDir(), randomBytes(32));
    outbox.candidateErasing(candidateId);
    const rows = db.select().from(syncItems).all();
    const erasure = rows.filter((row) => row.kind === 'erasure');
    expect(erasure).toHaveLength(1);
    expect(erasure[0]?.state).toBe('pending');
    expect(rows.filter((row) => row.kind !== 'erasure').every((r) => r.state === 'cancelled')).toBe(
      true,
    );
    expect(
      db
        .select()
        .from(syncUploads)
        .all()
        .every((u) => u.state === 'cancelled'),
    ).toBe(true);
    // Nothing of theirs is kept in the outbox, not even unsent.
    expect(JSON.stringify(db.select().from(syncItems).all())).not.toContain('A written answer.');
    expect(db.select().from(candidates).all()).toHaveLength(1);
  });
});
