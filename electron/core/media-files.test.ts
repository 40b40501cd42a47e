import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { media } from '../../db/schema';
import { createTestDb, seedTestSession } from '../../db/test-db';
import { findMediaFile, parseRange } from './media-files';

describe('findMediaFile', () => {
  let db: Db;
  let dataDir: string;
  let sessionId: number;
  const add = (relativePath: string) =>
    db
      .insert(media)
      .values({ sessionId, kind: 'thumbnail', relativePath, mimeType: 'image/jpeg', startMs: 0 })
      .returning({ id: media.id })
      .get().id;

  beforeEach(() => {
    db = createTestDb();
    sessionId = seedTestSession(db);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'media-'));
    mkdirSync(path.join(dataDir, 'media', 'session-1'), { recursive: true });
    writeFileSync(path.join(dataDir, 'media', 'session-1', 'a.jpg'), 'jpeg bytes');
    writeFileSync(path.join(dataDir, 'station.sqlite'), 'the database');
  });
  afterEach(() => db.$client.close());

  it('finds a stored file by its id', () => {
    const id = add(path.join('media', 'session-1', 'a.jpg'));
    expect(findMediaFile(db, dataDir, String(id))).toEqual({
      file: path.join(dataDir, 'media', 'session-1', 'a.jpg'),
      mimeType: 'image/jpeg',
      size: 10,
      filesKey: null,
    });
  });

  it.each(['0', '-1', '1.5', '1e3', '../station.sqlite', '1/../..', '', '999'])(
    'refuses %j',
    (raw) => {
      add(path.join('media', 'session-1', 'a.jpg'));
      expect(findMediaFile(db, dataDir, raw)).toBeNull();
    },
  );

  it('never serves a file outside media/, whatever the database row says', () => {
    const id = add(path.join('media', '..', 'station.sqlite'));
    expect(findMediaFile(db, dataDir, String(id))).toBeNull();
    const absolute = add(path.join(dataDir, 'station.sqlite'));
    expect(findMediaFile(db, dataDir, String(absolute))).toBeNull();
  });

  it('never follows a symbolic link inside media/, as the file or as a folder on its way', () => {
    const outside = mkdtempSync(path.join(os.tmpdir(), 'media-outside-'));
    writeFileSync(path.join(outside, 'hostname'), 'another machine');
    // A link as the file itself, to a file outside, and to the database next to media/.
    symlinkSync(path.join(outside, 'hostname'), path.join(dataDir, 'media', 'session-1', 'b.jpg'));
    symlinkSync(
      path.join(dataDir, 'station.sqlite'),
      path.join(dataDir, 'media', 'session-1', 'c.jpg'),
    );
    // A link as a folder: media/session-2 → a folder outside holding a real file.
    symlinkSync(outside, path.join(dataDir, 'media', 'session-2'));
    for (const planted of [
      path.join('media', 'session-1', 'b.jpg'),
      path.join('media', 'session-1', 'c.jpg'),
      path.join('media', 'session-2', 'hostname'),
    ]) {
      expect(findMediaFile(db, dataDir, String(add(planted))), planted).toBeNull();
    }
  });

  it('still serves a data folder that is itself reached through a link', () => {
    const link = path.join(mkdtempSync(path.join(os.tmpdir(), 'media-link-')), 'data');
    symlinkSync(dataDir, link);
    const id = add(path.join('media', 'session-1', 'a.jpg'));
    expect(findMediaFile(db, link, String(id))).toMatchObject({ size: 10 });
  });
});

describe('parseRange', () => {
  it('reads the ranges a video element asks for', () => {
    expect(parseRange(undefined, 100)).toBeNull();
    expect(parseRange('bytes=0-', 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=10-19', 100)).toEqual({ start: 10, end: 19 });
    expect(parseRange('bytes=90-200', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
  });

  it('refuses ranges that cannot be served', () => {
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=20-10', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=-', 100)).toBe('unsatisfiable');
    expect(parseRange('items=0-1', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-6', 100)).toBe('unsatisfiable');
  });
});
