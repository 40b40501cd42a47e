import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { media, users } from '../../db/schema';
import { createTestDb, seedTestInterview, seedTestSession } from '../../db/test-db';
import { createTestServices, signInStaff, stationCaller } from '../api/test-router';
import { findExport, newExport } from '../review/export-files';
import type { Services } from '../api/services';
import { createTestStaff } from '../domain/test-staff';
import { fileAccess } from '../station/media-access';
import { findMediaFile } from '../core/media-files';
import { sealFile } from '../core/sealed-file';
import { createAppProtocolHandler } from './app-protocol';

let db: Db;
let services: Services;
let dataDir: string;
let mediaId = 0;
let exportId = '';
let sealedExportId = '';
const filesKey = randomBytes(32);
let staffToken = '';
let candidateToken = '';
const VIDEO = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'app-files-'));
  mkdirSync(path.join(dataDir, 'media', 'session-1'), { recursive: true });
  writeFileSync(path.join(dataDir, 'media', 'session-1', 'clip.mp4'), VIDEO);
  writeFileSync(path.join(dataDir, 'station.sqlite.secret'), 'do not serve');
  db = createTestDb();
  const sessionId = seedTestSession(db);
  mediaId = db
    .insert(media)
    .values({
      sessionId,
      kind: 'answer_video',
      relativePath: path.join('media', 'session-1', 'clip.mp4'),
      mimeType: 'video/mp4',
      startMs: 0,
    })
    .returning({ id: media.id })
    .get().id;
  const made = newExport(dataDir, 'Report.pdf');
  writeFileSync(made.file, '%PDF-1.7 report');
  exportId = made.id;
  // An export sealed at rest, as a station with encryption on writes it.
  const sealed = newExport(dataDir, 'Sealed.pdf');
  writeFileSync(`${sealed.file}.printed`, '%PDF-1.7 sealed report');
  sealFile(`${sealed.file}.printed`, sealed.file, filesKey);
  sealedExportId = sealed.id;

  // A signed-in recruiter, and a candidate checked in on the same station.
  services = createTestServices(db);
  await createTestStaff(db, { role: 'recruiter' });
  staffToken = await signInStaff(services, 'recruiter');
  const { accessCode } = seedTestInterview(db, {
    questions: [{ type: 'text', readingSeconds: 5, answerSeconds: 5 }],
  });
  candidateToken = (await stationCaller(services).candidate.checkIn({ code: accessCode })).token;
});
afterAll(() => {
  services.sessions.close();
  db.$client.close();
});

const handler = () =>
  createAppProtocolHandler(path.join(dataDir, 'renderer'), {
    access: (url) => fileAccess(services, url),
    media: (id) => findMediaFile(db, dataDir, id),
    exports: (id) => findExport(dataDir, id, Date.now(), undefined, filesKey),
  });
/** A request as the page makes it; `as` is whose token rides along (staff unless said). */
const get = (
  url: string,
  headers: Record<string, string> = {},
  as: 'staff' | 'candidate' | 'nobody' = 'staff',
) => {
  const token = { staff: staffToken, candidate: candidateToken, nobody: null }[as];
  const withToken = token ? `${url}?s=${encodeURIComponent(token)}` : url;
  return handler()(new Request(withToken, { headers }));
};

describe('app:// media and exports (Electron)', () => {
  it('serves a recording by id, with byte ranges for seeking', async () => {
    const whole = await get(`app://station/media/${mediaId}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(VIDEO);

    const part = await get(`app://station/media/${mediaId}`, { range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-199/1000');
    expect(Buffer.from(await part.arrayBuffer())).toEqual(VIDEO.subarray(100, 200));

    const beyond = await get(`app://station/media/${mediaId}`, { range: 'bytes=5000-' });
    expect(beyond.status).toBe(416);
  });

  it('hands an export over as a download by its id', async () => {
    const response = await get(`app://station/exports/${exportId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="Report.pdf"');
    expect(await response.text()).toBe('%PDF-1.7 report');
  });

  it('hands a sealed export over decrypted', async () => {
    const response = await get(`app://station/exports/${sealedExportId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('22');
    expect(await response.text()).toBe('%PDF-1.7 sealed report');
  });

  it('serves nothing to a page without a staff sign-in, and says nothing about the id', async () => {
    for (const url of [
      `app://station/media/${mediaId}`,
      'app://station/media/999',
      `app://station/exports/${exportId}`,
    ]) {
      const nobody = await get(url, {}, 'nobody');
      expect(nobody.status, url).toBe(401);
      expect(await nobody.text(), url).toBe('');
    }
    // A sign-in that has ended (signed out) opens nothing either.
    const signedOut = await signInStaff(services, 'recruiter');
    services.staff.logout(signedOut);
    const ended = await handler()(
      new Request(`app://station/media/${mediaId}?s=${encodeURIComponent(signedOut)}`),
    );
    expect(ended.status).toBe(401);
  });

  it("refuses the candidate's own token with 403", async () => {
    for (const url of [`app://station/media/${mediaId}`, `app://station/exports/${exportId}`]) {
      const candidate = await get(url, { range: 'bytes=0-9' }, 'candidate');
      expect(candidate.status, url).toBe(403);
      expect(await candidate.text(), url).toBe('');
    }
  });

  it('refuses staff who have not yet replaced a first-run password with 403', async () => {
    await createTestStaff(db, { username: 'newcomer' });
    db.update(users).set({ mustChangePassword: true }).where(eq(users.username, 'newcomer')).run();
    const newcomer = await signInStaff(services, 'newcomer');
    const response = await handler()(
      new Request(`app://station/media/${mediaId}?s=${encodeURIComponent(newcomer)}`),
    );
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('');
  });

  it('refuses paths, unknown ids and traversal', async () => {
    for (const url of [
      'app://station/media/999',
      'app://station/media/0',
      'app://station/media/..%2fstation.sqlite.secret',
      'app://station/media/media%2fsession-1%2fclip.mp4',
      `app://station/media/${mediaId}%00`,
      'app://station/exports/..%2f..%2fstation.sqlite.secret',
      'app://station/exports/0123',
    ]) {
      expect((await get(url)).status, url).toBe(404);
    }
  });
});
