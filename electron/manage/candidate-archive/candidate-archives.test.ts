import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/open';
import { openDatabase } from '../../../db/open';
import { MIGRATIONS_DIR } from '../../../db/test-db';
import { seedFinishedInterview, type FinishedInterview } from '../../privacy/test-purge';
import { isSealedFile, sealFile } from '../../core/sealed-file';
import { readStoredFileSync } from '../../core/sealed-read';
import { findExport } from '../../review/export-files';
import type { StaffUser } from '../../domain/staff-auth';
import { CandidateArchives, type ArchiveProgress } from './candidate-archives';

const STAFF = { id: 1, role: 'recruiter', displayName: 'Rita Recruiter' } as StaffUser;
const DAY = 24 * 60 * 60 * 1000;

async function finished(archives: CandidateArchives, jobId: string): Promise<ArchiveProgress> {
  for (;;) {
    const progress = archives.progress(jobId);
    if (progress.state !== 'running') return progress;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Debian's unzip on the archive: `option` (-tq, -Z1, -p) then the entries wanted. */
const unzip = (zip: string, option: string, ...entries: string[]) =>
  execFileSync('unzip', [option, zip, ...entries], { maxBuffer: 256 * 1024 * 1024 }).toString();

describe('CandidateArchives', () => {
  let dataDir: string;
  let db: Db;
  let ada: FinishedInterview;
  let other: FinishedInterview;
  let printed: number[];
  let lines: string[];
  let archives: CandidateArchives;
  const now = Date.UTC(2026, 11, 1);

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'archive-'));
    db = openDatabase({
      file: path.join(dataDir, 'station.sqlite'),
      migrationsDir: MIGRATIONS_DIR,
    });
    ada = seedFinishedInterview(db, dataDir, {
      startedAt: now - 2 * DAY,
      endedAt: now - 2 * DAY + 1_800_000,
      frames: 1_200,
      recordingBytes: 3 * 1024 * 1024,
    });
    other = seedFinishedInterview(db, dataDir, {
      startedAt: now - DAY,
      endedAt: now - DAY + 600_000,
      candidateName: 'Grace Hopper',
    });
    printed = [];
    lines = [];
    archives = new CandidateArchives({
      db,
      dataDir,
      clock: { now: () => now },
      log: (line) => lines.push(line),
      sealing: { filesKey: null, sealNew: false },
      // The printer is Chromium (tested with the report export); here a stand-in PDF.
      printReport: async (_staff, interviewId, file) => {
        printed.push(interviewId);
        writeFileSync(file, `%PDF-1.4 report of ${interviewId}`);
      },
    });
  });
  afterEach(() => {
    db.$client.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('puts every row, file, transcript and report of one candidate in one zip, and nobody else’s', async () => {
    const { jobId } = archives.start(STAFF, ada.candidateId);
    const done = await finished(archives, jobId);
    expect(lines).toEqual([]);
    expect(done).toMatchObject({ state: 'done', message: null });
    expect(done.entriesDone).toBe(done.entriesTotal);
    expect(done.bytesDone).toBe(done.bytesTotal);
    expect(done.bytesTotal).toBeGreaterThan(3 * 1024 * 1024);
    const zip = findExport(dataDir, done.exportId ?? '', now)?.file ?? '';
    expect(path.basename(zip)).toBe(`candidate-${ada.candidateId}-data.zip`);
    expect(unzip(zip, '-tq')).toMatch(/No errors detected/);

    const names = unzip(zip, '-Z1').trim().split('\n');
    expect(names).toContain('README.txt');
    expect(names).toContain(`reports/interview-${ada.interviewId}.pdf`);
    for (const table of [
      'candidates',
      'interviews',
      'consents',
      'sessions',
      'answers',
      'events',
      'signal_frames',
      'media',
      'transcripts',
      'transcript_segments',
      'scores',
      'audit_log',
      'jobs',
      'questions',
    ]) {
      expect(names, table).toContain(`data/${table}.jsonl`);
    }
    // Every media file of the candidate's session, byte for byte; none of the other's.
    const mediaNames = names.filter((n) => n.startsWith('media/'));
    const own = ada.files.filter((f) => f.includes(`${path.sep}media${path.sep}`));
    expect(mediaNames).toHaveLength(own.length);
    for (const file of own) {
      const entry = mediaNames.find((n) => n.endsWith(`-${path.basename(file)}`)) ?? '';
      expect(entry, file).not.toBe('');
      const copy = execFileSync('unzip', ['-p', zip, entry], { maxBuffer: 64 * 1024 * 1024 });
      expect(copy.equals(readFileSync(file))).toBe(true);
    }
    const rows = (table: string) =>
      unzip(zip, '-p', `data/${table}.jsonl`)
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows('candidates')).toEqual([
      expect.objectContaining({ id: ada.candidateId, full_name: 'Ada Lovelace' }),
    ]);
    expect(rows('signal_frames')).toHaveLength(1_200);
    expect(rows('interviews').map((r) => r.id)).toEqual([ada.interviewId]);
    // The access code is a credential, not data about the candidate.
    expect(Object.keys(rows('interviews')[0] ?? {})).not.toContain('access_code');
    const everything = unzip(zip, '-p');
    expect(everything).not.toContain('Grace Hopper');
    expect(rows('sessions').map((r) => r.id)).toEqual([ada.sessionId]);
    expect(rows('sessions').map((r) => r.id)).not.toContain(other.sessionId);
    expect(printed).toEqual([ada.interviewId]);
  });

  it('streams an hour-sized recording through without holding it in memory', async () => {
    // 256 MiB, most of an hour of station video, as a sparse file: read as zeros, stored whole.
    const recording = ada.files.find((f) => f.endsWith('.mp4')) ?? '';
    truncateSync(recording, 256 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    let peak = before;
    const { jobId } = archives.start(STAFF, ada.candidateId);
    for (;;) {
      const progress = archives.progress(jobId);
      peak = Math.max(peak, process.memoryUsage().rss);
      if (progress.state !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const done = archives.progress(jobId);
    expect(done.state).toBe('done');
    expect(done.bytesTotal).toBeGreaterThan(256 * 1024 * 1024);
    expect(peak - before).toBeLessThan(128 * 1024 * 1024);
  }, 60_000);

  it('with encryption at rest, reads sealed media in the clear and seals the archive itself', async () => {
    const filesKey = randomBytes(32);
    const clip = ada.files.find((f) => f.endsWith('.wav')) ?? '';
    const plain = readFileSync(clip);
    sealFile(clip, `${clip}.sealed`, filesKey);
    renameSync(`${clip}.sealed`, clip);
    const sealed = new CandidateArchives({
      db,
      dataDir,
      clock: { now: () => now },
      log: (line) => lines.push(line),
      sealing: { filesKey, sealNew: true },
      printReport: async (_staff, interviewId, file) => writeFileSync(file, `%PDF ${interviewId}`),
    });
    const done = await finished(sealed, sealed.start(STAFF, ada.candidateId).jobId);
    expect(done.state).toBe('done');
    const stored = findExport(dataDir, done.exportId ?? '', now, undefined, filesKey);
    expect(stored && isSealedFile(stored.file)).toBe(true);
    const zip = path.join(dataDir, 'opened.zip');
    writeFileSync(zip, readStoredFileSync(stored?.file ?? '', filesKey));
    const entry =
      unzip(zip, '-Z1')
        .split('\n')
        .find((n) => n.endsWith(path.basename(clip))) ?? '';
    const copy = execFileSync('unzip', ['-p', zip, entry], { maxBuffer: 64 * 1024 * 1024 });
    expect(copy.equals(plain)).toBe(true);
  });

  it('refuses an unknown candidate and an unknown job, and says why a copy failed', async () => {
    expect(() => archives.start(STAFF, 999)).toThrow(/no longer exists/);
    expect(() => archives.progress('0'.repeat(32))).toThrow(/not known/);
    rmSync(path.join(dataDir, 'exports'), { recursive: true, force: true });
    writeFileSync(path.join(dataDir, 'exports'), 'not a folder');
    const failed = await finished(archives, archives.start(STAFF, ada.candidateId).jobId);
    expect(failed).toMatchObject({ state: 'failed', exportId: null });
    expect(failed.message).toMatch(/could not be made/);
    expect(lines.join('\n')).toMatch(/copy of candidate \d+'s data failed/);
    expect(lines.join('\n')).not.toContain('Ada Lovelace');
  });
});
