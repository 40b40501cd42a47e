import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/open';
import { users } from '../../db/schema';
import { resumes } from '../../db/screening-schema';
import { MIGRATIONS_DIR } from '../../db/test-db';
import { writeSetting } from '../core/setting-store';
import { createTestStaff } from '../domain/test-staff';
import { rowBatches, selectPersonalRows } from '../manage/candidate-archive/personal-rows';
import { Erasures } from '../privacy/erasure';
import { RetentionPurge } from '../privacy/retention-purge';
import { DAY_MS } from '../privacy/retention-policy';
import { seedFinishedInterview, type FinishedInterview } from '../privacy/test-purge';

const T0 = Date.UTC(2030, 0, 10, 9, 30);
const ADMIN = { actorKind: 'admin' as const, actorId: 1 };

/** A résumé's text follows its candidate's data: in their copy, gone with their erasure. */
describe('résumé text in the privacy lifecycle', () => {
  let dataDir: string;
  let db: Db;
  let ada: FinishedInterview;
  let grace: FinishedInterview;
  let erasures: Erasures;
  let purge: RetentionPurge;
  let now: number;

  const keepResume = (candidateId: number, text: string) =>
    db
      .insert(resumes)
      .values({
        candidateId,
        fileName: 'cv.pdf',
        format: 'pdf',
        text,
        pages: 1,
        byteSize: 1000,
        uploadedAt: T0,
        uploadedBy: db.select({ id: users.id }).from(users).get()?.id ?? 0,
      })
      .run();

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'resume-life-'));
    db = openDatabase({
      file: path.join(dataDir, 'station.sqlite'),
      migrationsDir: MIGRATIONS_DIR,
    });
    await createTestStaff(db, { role: 'admin' });
    writeSetting(db, 'retention.days', 1000);
    now = T0 + DAY_MS;
    const clock = { now: () => now };
    ada = seedFinishedInterview(db, dataDir, { startedAt: T0, endedAt: T0 + 600_000 });
    grace = seedFinishedInterview(db, dataDir, {
      startedAt: T0,
      endedAt: T0 + 600_000,
      candidateName: 'Grace Hopper',
    });
    keepResume(ada.candidateId, 'Analytical engines, Bernoulli numbers');
    keepResume(grace.candidateId, 'COBOL, compilers');
    purge = new RetentionPurge({ db, dataDir, clock, log: () => {}, runningSessions: () => [] });
    erasures = new Erasures({ db, clock, purgeNow: () => purge.run() });
  });
  afterEach(() => {
    db.$client.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is among the rows of the candidate’s copy, and only theirs', () => {
    const selection = selectPersonalRows(db, ada.candidateId).find((s) => s.table === 'resumes');
    expect(selection?.kind).toBe('personal');
    const rows = selection ? [...rowBatches(db, selection)].flat() : [];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ text: 'Analytical engines, Bernoulli numbers' });
  });

  it('goes when the candidate is erased, and the other candidate’s stays', async () => {
    await erasures.erase(ADMIN, ada.candidateId, 'Ada Lovelace');
    expect(db.select().from(resumes).where(eq(resumes.candidateId, ada.candidateId)).all()).toEqual(
      [],
    );
    expect(
      db.select().from(resumes).where(eq(resumes.candidateId, grace.candidateId)).get()?.text,
    ).toBe('COBOL, compilers');
  });
});
