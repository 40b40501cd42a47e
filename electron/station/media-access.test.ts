import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { interviews } from '../../db/schema';
import { createTestDb } from '../../db/test-db';
import type { Services } from '../api/services';
import { createTestServices, signInStaff } from '../api/test-router';
import { createTestStaff } from '../domain/test-staff';
import { newExport } from '../review/export-files';
import { seedReviewSession, type SeededReview } from '../review/test-review';
import { fileAccess } from './media-access';

describe('media and exports by job', () => {
  let db: Db;
  let dataDir: string;
  let services: Services;
  let jobB: SeededReview;
  let tokens: Record<'alice' | 'bob' | 'admin', string>;

  beforeEach(async () => {
    db = createTestDb();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'media-access-'));
    services = createTestServices(db, { dataDir });
    const jobA = seedReviewSession(db, { jobTitle: 'Alpha Analyst' });
    jobB = seedReviewSession(db, { jobTitle: 'Beta Builder', candidateName: 'Grace Hopper' });
    const jobOf = (s: SeededReview) =>
      db.select().from(interviews).where(eq(interviews.id, s.interviewId)).get()?.jobId ?? 0;
    await createTestStaff(db, { username: 'alice', jobIds: [jobOf(jobA)] });
    await createTestStaff(db, { username: 'bob', jobIds: [jobOf(jobB)] });
    await createTestStaff(db, { username: 'admin', role: 'admin' });
    tokens = {
      alice: await signInStaff(services, 'alice'),
      bob: await signInStaff(services, 'bob'),
      admin: await signInStaff(services, 'admin'),
    };
  });
  afterEach(() => {
    services.sessions.close();
    db.$client.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const access = (route: string, token: string) =>
    fileAccess(services, new URL(`http://127.0.0.1${route}?s=${token}`));

  it('serves a recording and a thumbnail only to staff of its job and admins', () => {
    for (const id of [jobB.recordingMediaId, jobB.thumbnailMediaId]) {
      expect(access(`/media/${id}`, tokens.alice)).toBe('forbidden');
      expect(access(`/media/${id}`, tokens.bob)).toBe('staff');
      expect(access(`/media/${id}`, tokens.admin)).toBe('staff');
    }
    // An unknown id goes on to the lookup's 404, as it did before per-job access.
    expect(access('/media/99999', tokens.alice)).toBe('staff');
  });

  it('serves an interview’s exported report only to staff who may see the interview', () => {
    const { id, file } = newExport(dataDir, 'report.pdf', jobB.interviewId);
    writeFileSync(file, '%PDF-1.4');
    expect(access(`/exports/${id}`, tokens.alice)).toBe('forbidden');
    expect(access(`/exports/${id}`, tokens.bob)).toBe('staff');
    expect(access(`/exports/${id}`, tokens.admin)).toBe('staff');
    // One naming no interview (made before per-job access) is for admins only.
    const old = newExport(dataDir, 'old.pdf');
    writeFileSync(old.file, '%PDF-1.4');
    expect(access(`/exports/${old.id}`, tokens.bob)).toBe('forbidden');
    expect(access(`/exports/${old.id}`, tokens.admin)).toBe('staff');
  });
});
