import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { media } from '../../db/schema';
import { createTestDb, seedTestSession } from '../../db/test-db';
import { checkStorage, isCrashLeftover } from './storage-check';

describe('the storage check and the copies a killed run left', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'storage-check-'));
    db = createTestDb();
  });
  afterEach(() => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('knows the rewrite copies by name, and never one of a rewrite under way here', () => {
    expect(isCrashLeftover('.answer-1.wav.reseal-4242')).toBe(process.pid !== 4242);
    expect(isCrashLeftover(`.answer-1.wav.reseal-${process.pid}`)).toBe(false);
    expect(isCrashLeftover('answer-1.wav.repair-17')).toBe(process.pid !== 17);
    expect(isCrashLeftover('.segment-1.mp4.sealing')).toBe(true);
    expect(isCrashLeftover('segment-1.mp4')).toBe(false);
    expect(isCrashLeftover('.sealing')).toBe(false);
  });

  it('removes them, and still reports a file no row points at', async () => {
    const sessionId = seedTestSession(db);
    const folder = path.join(dir, 'media', `session-${sessionId}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'answer-1.wav'), 'kept');
    db.insert(media)
      .values({
        sessionId,
        kind: 'answer_audio',
        relativePath: path.join('media', `session-${sessionId}`, 'answer-1.wav'),
        mimeType: 'audio/wav',
        startMs: 0,
      })
      .run();
    const stale = path.join(folder, `.answer-1.wav.reseal-${process.pid + 1}`);
    writeFileSync(stale, 'a whole copy');
    writeFileSync(path.join(folder, 'stray.mp4'), 'nobody knows me');
    const check = await checkStorage(db, dir, 0);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(path.join(folder, 'answer-1.wav'))).toBe(true);
    expect(check.filesWithoutRow.sample).toEqual([
      path.join('media', `session-${sessionId}`, 'stray.mp4'),
    ]);
    expect(check.leftoversRemoved.files).toBeGreaterThanOrEqual(1);
  });
});
