import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { media } from '../../db/schema';
import { createTestDb, seedTestSession } from '../../db/test-db';
import { isSealedFile } from '../core/sealed-file';
import { readStoredFileSync } from '../core/sealed-read';
import { sealingFileOf, sealPlainFiles } from './seal-plain-files';

describe('sealing the plain files of a station that recorded before encryption was on', () => {
  let dir: string;
  let db: Db;
  const key = randomBytes(32);
  const contents = new Map<string, Buffer>();

  /** A plain file the station keeps, as a media row (or an export when `row` is false). */
  function keep(relativePath: string, bytes: Buffer, row = true): void {
    const file = path.join(dir, relativePath);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    contents.set(relativePath, bytes);
    if (row) {
      db.insert(media)
        .values({
          sessionId,
          kind: relativePath.endsWith('.wav') ? 'answer_audio' : 'recording',
          relativePath,
          mimeType: 'application/octet-stream',
          startMs: 0,
        })
        .run();
    }
  }
  let sessionId = 0;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'seal-plain-'));
    db = createTestDb();
    sessionId = seedTestSession(db);
    contents.clear();
    keep('media/session-1/segment-1.mp4', randomBytes(3 * 1024 * 1024 + 17));
    keep('media/session-1/answer-1-take-1.wav', randomBytes(200_000));
    keep('media/session-1/thumb-1.jpg', randomBytes(5_000));
  });
  afterEach(() => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seals every kept file in place, with the same content, and only once', async () => {
    const report = await sealPlainFiles({ db, dataDir: dir, filesKey: key });
    expect(report).toEqual({ files: 3, bytes: expect.any(Number), failed: [] });
    for (const [relativePath, bytes] of contents) {
      const file = path.join(dir, relativePath);
      expect(isSealedFile(file)).toBe(true);
      expect(readStoredFileSync(file, key).equals(bytes)).toBe(true);
    }
    expect(await sealPlainFiles({ db, dataDir: dir, filesKey: key })).toEqual({
      files: 0,
      bytes: 0,
      failed: [],
    });
  });

  it('a run stopped (or killed) midway leaves whole files, and the next run finishes', async () => {
    // What a kill mid-file leaves: a half-sealed dot file beside the plain one.
    const recording = path.join(dir, 'media/session-1/segment-1.mp4');
    writeFileSync(sealingFileOf(recording), randomBytes(1000));
    let asked = 0;
    const first = await sealPlainFiles({
      db,
      dataDir: dir,
      filesKey: key,
      stopped: () => ++asked > 1,
    });
    expect(first.files).toBe(1);
    expect(existsSync(sealingFileOf(recording))).toBe(false);
    for (const [relativePath, bytes] of contents) {
      expect(readStoredFileSync(path.join(dir, relativePath), key).equals(bytes)).toBe(true);
    }
    const second = await sealPlainFiles({ db, dataDir: dir, filesKey: key });
    expect(second.files).toBe(2);
    const leftovers = readdirSync(path.join(dir, 'media/session-1')).filter((n) =>
      n.startsWith('.'),
    );
    expect(leftovers).toEqual([]);
  });

  it('a row whose file is gone is skipped, not failed', async () => {
    rmSync(path.join(dir, 'media/session-1/thumb-1.jpg'));
    const report = await sealPlainFiles({ db, dataDir: dir, filesKey: key });
    expect(report.files).toBe(2);
    expect(report.failed).toEqual([]);
  });

  it('never seals back a file whose row an erasure removed while it ran', async () => {
    const wav = 'media/session-1/answer-1-take-1.wav';
    let asked = 0;
    const report = await sealPlainFiles({
      db,
      dataDir: dir,
      filesKey: key,
      // Before the second file: an erasure removes its row (the purge removes the file).
      stopped: () => {
        if (++asked === 2) db.delete(media).where(eq(media.relativePath, wav)).run();
        return false;
      },
    });
    expect(report.files).toBe(2);
    expect(isSealedFile(path.join(dir, wav))).toBe(false);
    const leftovers = readdirSync(path.join(dir, 'media/session-1')).filter((n) =>
      n.startsWith('.'),
    );
    expect(leftovers).toEqual([]);
  });
});
