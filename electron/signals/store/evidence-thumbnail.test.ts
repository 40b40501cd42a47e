import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/open';
import { createTestDb, seedTestSession } from '../../../db/test-db';
import type { Evidence, SignalEvent } from '../../../shared/signals';
import { findMediaFile } from '../../core/media-files';
import { readStoredFileSync } from '../../core/sealed-read';
import { saveEvidence } from './evidence-thumbnail';
import { saveEvents } from './signal-store';

/** A 640x480 frame with a gradient and a block, as the camera hands the pipeline. */
function frame(): Evidence {
  const width = 640;
  const height = 480;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      const block = x > 200 && x < 400 && y > 100 && y < 300;
      data[at] = block ? 250 : x % 256;
      data[at + 1] = block ? 20 : y % 256;
      data[at + 2] = 128;
    }
  }
  return { width, height, data };
}

/** Width and height of a JPEG, read by ffprobe from its bytes. */
function jpegSize(bytes: Buffer, dir: string): string {
  const file = path.join(dir, 'check.jpg');
  writeFileSync(file, bytes);
  return execFileSync('ffprobe', [
    ...['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', file],
  ])
    .toString()
    .trim();
}

describe('evidence thumbnails', () => {
  let db: Db;
  let dataDir: string;
  let sessionId: number;
  const event: SignalEvent = { type: 'no_face', startMs: 4200, endMs: 9000, severity: 'medium' };
  beforeEach(() => {
    db = createTestDb();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'evidence-'));
    sessionId = seedTestSession(db);
  });
  afterEach(() => {
    db.$client.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes a 320-wide JPEG, plain without encryption at rest', async () => {
    const [eventId = 0] = saveEvents(db, sessionId, [event]);
    const id = await saveEvidence(db, dataDir, sessionId, eventId, event, frame());
    const found = findMediaFile(db, dataDir, String(id));
    const bytes = readFileSync(found?.file ?? '');
    expect(bytes.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(jpegSize(bytes, dataDir)).toBe('mjpeg,320,240');
  });

  it('seals it with encryption at rest, and it reads back as the same JPEG', async () => {
    const filesKey = randomBytes(32);
    const [eventId = 0] = saveEvents(db, sessionId, [event]);
    const id = await saveEvidence(db, dataDir, sessionId, eventId, event, frame(), filesKey);
    expect(findMediaFile(db, dataDir, String(id))).toBeNull();
    const found = findMediaFile(db, dataDir, String(id), filesKey);
    const disk = readFileSync(found?.file ?? '');
    expect(disk.subarray(0, 8).toString('latin1')).toBe('ISSEALv1');
    expect(disk.includes(Buffer.from('JFIF'))).toBe(false);
    const jpeg = readStoredFileSync(found?.file ?? '', filesKey);
    expect(found?.size).toBe(jpeg.length);
    expect(jpeg.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(jpegSize(jpeg, dataDir)).toBe('mjpeg,320,240');
  });
});
