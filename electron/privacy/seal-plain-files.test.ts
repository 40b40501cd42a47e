import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
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
    keep('exports/0123456789abcdef0123456789abcdef/report.pdf', randomBytes(40_000), false);
    writeFileSync(path.join(dir, 'exports/0123456789abcdef0123456789abcdef/.interview'), '7');
  });
  afterEach(() => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seals every kept file in place, with the same content, and only once', async () => {
    const report = await sealPlainFiles({ db, dataDir: dir, filesKey: key });
    expect(report).toEqual({ files: 4, bytes: expect.any(Number), failed: [] });
    for (const [relativePath, bytes] of contents) {
      const file = path.join(dir, relativePath);
      expect(isSealedFile(file)).toBe(true);
      expect(readStoredFileSync(file, key).equals(bytes)).toBe(true);
    }
    // The export's subject file is the station's own bookkeeping, not sealed, not touched.
    expect(
      readFileSync(path.join(dir, 'exports/0123456789abcdef0123456789abcdef/.interview'), 'utf8'),
    ).toBe('7');
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
    expect(second.files).toBe(3);
    const leftovers = readdirSync(path.join(dir, 'media/session-1')).filter((n) =>
      n.startsWith('.'),
    );
    expect(leftovers).toEqual([]);
  });

  it('a row whose file is gone is skipped, not failed', async () => {
    rmSync(path.join(dir, 'media/session-1/thumb-1.jpg'));
    const report = await sealPlainFiles({ db, dataDir: dir, filesKey: key });
    expect(report.files).toBe(3);
    expect(report.failed).toEqual([]);
  });
});
