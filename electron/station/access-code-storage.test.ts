import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { auditLog, interviews } from '../../db/schema';
import { seedTestInterview } from '../../db/test-db';
import { codeOf, createTestServices, signInStaff, stationCaller } from '../api/test-router';
import { loadAccessCodeKey, ACCESS_CODE_KEY_FILE } from '../core/access-code-key';
import { hashPlainAccessCodes } from '../domain/access-codes';
import { createTestStaff } from '../domain/test-staff';
import { DATABASE_FILE, openStation } from './open-station';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const MIGRATIONS = path.join(REPO, 'db', 'migrations');

/** Every form a code could be stored in: as typed, normalised, formatted, lower case. */
function formsOf(code: string): string[] {
  const plain = code.replace('-', '').toUpperCase();
  const formatted = `${plain.slice(0, 4)}-${plain.slice(4)}`;
  return [plain, formatted, plain.toLowerCase(), formatted.toLowerCase()];
}

/** The raw bytes of the database and whatever SQLite keeps beside it, as latin1 text. */
function storedBytes(dataDir: string): string {
  const file = path.join(dataDir, DATABASE_FILE);
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]
    .filter((name) => existsSync(name))
    .map((name) => readFileSync(name).toString('latin1'))
    .join('\n');
}

describe('access codes at rest', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'codes-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps the station key owner-only and never replaces it', () => {
    const key = loadAccessCodeKey(dataDir);
    const file = path.join(dataDir, ACCESS_CODE_KEY_FILE);
    expect(key).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadAccessCodeKey(dataDir).equals(key)).toBe(true);
    writeFileSync(file, 'short');
    expect(() => loadAccessCodeKey(dataDir)).toThrow(/would make every access code/);
  });

  it('stores no form of a scheduled or reissued code in the database file', async () => {
    const file = path.join(dataDir, DATABASE_FILE);
    const db = openDatabase({ file, migrationsDir: MIGRATIONS });
    const services = createTestServices(db, { stationKey: loadAccessCodeKey(dataDir) });
    const seeded = seedTestInterview(db, {
      questions: [{ type: 'text', readingSeconds: 5, answerSeconds: 60 }],
      stationKey: loadAccessCodeKey(dataDir),
    });
    await createTestStaff(db, { username: 'rita', role: 'recruiter' });
    const token = await signInStaff(services, 'rita');
    const caller = stationCaller(services);
    const scheduled = await caller.manage.scheduleInterview({
      token,
      interview: {
        candidateId: seeded.candidateId,
        jobId: seeded.jobId,
        questionnaireId: seeded.questionnaireId,
        expiresAt: Date.now() + 24 * 3600 * 1000,
        accommodations: { extraTimePercent: 0, candidateNotices: true },
        alternativePath: 'Ask at the front desk.',
        aiScoring: false,
      },
    });
    const listed = await caller.manage.listInterviews({ token });
    expect(listed.find((i) => i.id === scheduled.id)?.codeIssuedAt).toBeGreaterThan(0);
    expect(JSON.stringify(listed)).not.toContain(scheduled.accessCode);

    // Staff issue a new code: the old one stops working, the new one checks in.
    const reissued = await caller.manage.reissueAccessCode({ token, interviewId: scheduled.id });
    expect(reissued.accessCode).not.toBe(scheduled.accessCode);
    const stale = await caller.candidate.checkIn({ code: scheduled.accessCode }).catch(codeOf);
    expect(stale).toBe('NOT_FOUND');
    const wrong = await caller.candidate.checkIn({ code: 'WXYZ-2345' }).catch(codeOf);
    expect(wrong).toBe('NOT_FOUND');
    const welcome = await caller.candidate.checkIn({ code: reissued.accessCode.toLowerCase() });
    expect(welcome.interview.candidateName).toBe('Ada Lovelace');
    const audited = db.select().from(auditLog).where(eq(auditLog.action, 'access_code_reissued'));
    expect(audited.all()).toEqual([expect.objectContaining({ subjectId: scheduled.id })]);

    const withoutStaff = await caller.manage
      .reissueAccessCode({ token: 'x'.repeat(43), interviewId: scheduled.id })
      .catch(codeOf);
    expect(withoutStaff).toBe('UNAUTHORIZED');

    // Read while open (the WAL holds the newest pages) and after closing.
    const codes = [scheduled.accessCode, reissued.accessCode, seeded.accessCode];
    const whileOpen = storedBytes(dataDir);
    db.$client.close();
    const afterClose = storedBytes(dataDir);
    for (const form of codes.flatMap(formsOf)) {
      expect(whileOpen).not.toContain(form);
      expect(afterClose).not.toContain(form);
    }
    expect(afterClose.length).toBeGreaterThan(10_000);
  });

  it('hashes the plain codes of a database from before 0004 once, and they still check in', async () => {
    // A station database as the version before this one left it: migrations up to 0003.
    const oldMigrations = path.join(dataDir, '..', `${path.basename(dataDir)}-migrations`);
    cpSync(MIGRATIONS, oldMigrations, { recursive: true });
    const journalFile = path.join(oldMigrations, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number }[] };
    journal.entries = journal.entries.filter((entry) => entry.idx < 4);
    writeFileSync(journalFile, JSON.stringify(journal));
    const file = path.join(dataDir, DATABASE_FILE);
    const old = openDatabase({ file, migrationsDir: oldMigrations });
    rmSync(oldMigrations, { recursive: true });
    old.$client.exec(`
      INSERT INTO jobs (id, title) VALUES (1, 'Old job');
      INSERT INTO questionnaires (id, title, job_id) VALUES (1, 'Old questionnaire', 1);
      INSERT INTO questions (id, domain, type, prompt, reading_seconds, answer_seconds)
        VALUES (1, 'fullstack', 'text', 'Tell us about a bug you fixed.', 10, 60);
      INSERT INTO questionnaire_questions (questionnaire_id, question_id, position) VALUES (1, 1, 0);
      INSERT INTO candidates (id, full_name) VALUES (1, 'Old Candidate'), (2, 'Other Candidate');
      INSERT INTO interviews (candidate_id, job_id, questionnaire_id, access_code, expires_at, alternative_path)
        VALUES (1, 1, 1, 'QRSTUVWX', ${Date.now() + 86_400_000}, 'In person'),
               (2, 1, 1, 'HJKMNPQR', ${Date.now() + 86_400_000}, 'In person');
    `);
    old.$client.close();
    expect(storedBytes(dataDir)).toContain('QRSTUVWX');

    const lines: string[] = [];
    const open = () =>
      openStation({
        dataDir,
        resourcesDir: path.join(REPO, 'resources'),
        migrationsDir: MIGRATIONS,
        log: (line) => lines.push(line),
        freeSpaceFloorBytes: 20 * 1024 * 1024,
      });
    let station = await open();
    expect(lines).toContain('Stored 2 access code(s) as keyed hashes.');
    const stored = station.services.db.select({ hash: interviews.accessCodeHash }).from(interviews);
    expect(stored.all().every((row) => /^[0-9a-f]{64}$/.test(row.hash))).toBe(true);
    // Run again (as the next start does): nothing left to hash.
    expect(hashPlainAccessCodes(station.services.db, loadAccessCodeKey(dataDir))).toBe(0);
    const caller = stationCaller(station.services);
    expect(await caller.candidate.checkIn({ code: 'WXYZ-2345' }).catch(codeOf)).toBe('NOT_FOUND');
    await station.close();
    for (const form of [...formsOf('QRSTUVWX'), ...formsOf('HJKMNPQR')]) {
      expect(storedBytes(dataDir)).not.toContain(form);
    }

    station = await open();
    const welcome = await stationCaller(station.services).candidate.checkIn({ code: 'qrst-uvwx' });
    expect(welcome.interview.candidateName).toBe('Old Candidate');
    // The demo code printed at this start is the one that works.
    const demo = station.banner.find((line) => line.startsWith('Demo interview code: '));
    const demoCode = demo?.replace('Demo interview code: ', '') ?? '';
    const demoIn = await stationCaller(station.services).candidate.checkIn({ code: demoCode });
    expect(demoIn.interview.candidateName).toBe('Demo Candidate');
    await station.close();

    // The key file lost: a new key is made, and the station says the old codes are gone.
    rmSync(path.join(dataDir, ACCESS_CODE_KEY_FILE));
    station = await open();
    expect(station.banner.join('\n')).toMatch(/codes issued before no longer check in/);
    const lost = await stationCaller(station.services)
      .candidate.checkIn({ code: 'HJKM-NPQR' })
      .catch(codeOf);
    expect(lost).toBe('NOT_FOUND');
    await station.close();
  });
});
