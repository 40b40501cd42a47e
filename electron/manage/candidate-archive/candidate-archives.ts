import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/open';
import { candidates, interviews, sessions } from '../../../db/schema';
import { recordAudit } from '../../core/audit';
import type { Clock } from '../../core/clock';
import { isDiskFull } from '../../core/disk-space';
import type { FileSealing } from '../../core/sealed-file';
import { StationError } from '../../core/errors';
import type { StaffUser } from '../../domain/staff-auth';
import { newExport, pruneExports } from '../../review/export-files';
import { writeArchive, type ArchiveCounts } from './archive-writer';
import { selectPersonalRows } from './personal-rows';

export interface ArchiveProgress extends ArchiveCounts {
  state: 'running' | 'done' | 'failed';
  candidateId: number;
  /** Once done: the export to download (`/exports/<id>`, within the hour). */
  exportId: string | null;
  fileName: string | null;
  /** Why it failed, in words staff can act on. */
  message: string | null;
}

export interface CandidateArchiveParts {
  db: Db;
  dataDir: string | null;
  clock: Clock;
  log: (line: string) => void;
  /** Encryption at rest: the key sealed media are read with, and whether new files are sealed. */
  sealing: FileSealing;
  /** Prints an interview's report to a file, as `staff` would see it. */
  printReport: (staff: StaffUser, interviewId: number, file: string) => Promise<void>;
}

const KEPT_JOBS = 50;

/**
 * A copy of everything the station holds about one candidate (GDPR Art. 15 and 20), made in
 * the background as one zip in the exports folder, with progress staff can follow: every row
 * about them as JSON lines, their recordings and answer clips, transcripts as text, the
 * report of each interview they took, and a README saying what is what.
 */
export class CandidateArchives {
  private readonly jobs = new Map<string, ArchiveProgress>();

  constructor(private readonly parts: CandidateArchiveParts) {}

  start(staff: StaffUser, candidateId: number): { jobId: string } {
    const { db, dataDir } = this.parts;
    if (!dataDir) {
      throw new StationError(
        'PRECONDITION_FAILED',
        'This station has no data folder to export to.',
      );
    }
    const candidate = db.select().from(candidates).where(eq(candidates.id, candidateId)).get();
    if (!candidate) throw new StationError('NOT_FOUND', 'This candidate no longer exists.');
    for (const [jobId, job] of this.jobs) {
      if (job.candidateId === candidateId && job.state === 'running') return { jobId };
    }
    const jobId = randomBytes(16).toString('hex');
    this.jobs.set(jobId, {
      state: 'running',
      candidateId,
      entriesDone: 0,
      entriesTotal: 0,
      bytesDone: 0,
      bytesTotal: 0,
      exportId: null,
      fileName: null,
      message: null,
    });
    this.forgetOld();
    void this.run(jobId, staff, candidateId, dataDir);
    return { jobId };
  }

  progress(jobId: string): ArchiveProgress {
    const job = this.jobs.get(jobId);
    if (!job)
      throw new StationError(
        'NOT_FOUND',
        'This export is not known (the station may have restarted).',
      );
    return { ...job };
  }

  private async run(jobId: string, staff: StaffUser, candidateId: number, dataDir: string) {
    const { db, clock } = this.parts;
    const update = (patch: Partial<ArchiveProgress>) => {
      const job = this.jobs.get(jobId);
      if (job) this.jobs.set(jobId, { ...job, ...patch });
    };
    let folder: string | null = null;
    try {
      pruneExports(dataDir, clock.now());
      const { id, file } = newExport(
        dataDir,
        `candidate-${candidateId}-data.zip`,
        null,
        candidateId,
      );
      folder = path.dirname(file);
      const selections = selectPersonalRows(db, candidateId);
      const reports = await this.printReports(staff, candidateId, path.dirname(file));
      const result = await writeArchive({
        db,
        dataDir,
        selections,
        reports: reports.printed,
        readme: readme(candidateId, staff, clock.now(), reports.missing),
        file,
        filesKey: this.parts.sealing.filesKey,
        sealWith: this.parts.sealing.sealNew ? this.parts.sealing.filesKey : null,
        onProgress: (counts) => update(counts),
      });
      for (const [, report] of reports.printed) rmSync(report, { force: true });
      recordAudit(db, clock.now(), {
        actorKind: staff.role,
        actorId: staff.id,
        action: 'candidate_data_exported',
        subjectType: 'candidate',
        subjectId: candidateId,
        details: {
          rows: result.rows,
          files: result.entriesTotal,
          bytes: result.bytesTotal,
          missingFiles: result.missingFiles,
          reportsMissing: reports.missing.length,
        },
      });
      update({ state: 'done', exportId: id, fileName: path.basename(file) });
    } catch (error) {
      if (folder) rmSync(folder, { recursive: true, force: true });
      this.parts.log(
        `manage: the copy of candidate ${candidateId}'s data failed: ${String(error)}`,
      );
      update({
        state: 'failed',
        message: isDiskFull(error)
          ? 'The station ran out of disk space while making the copy. Free some space and try again.'
          : 'The copy could not be made. Try again; if it fails again, ask IT to check the station log.',
      });
    }
  }

  /** Each interview's report, printed beside the archive; those that could not be, by id. */
  private async printReports(staff: StaffUser, candidateId: number, folder: string) {
    const ran = this.parts.db
      .select({ interviewId: interviews.id })
      .from(interviews)
      .innerJoin(sessions, eq(sessions.interviewId, interviews.id))
      .where(eq(interviews.candidateId, candidateId))
      .all();
    const printed: [number, string][] = [];
    const missing: number[] = [];
    for (const { interviewId } of ran) {
      const file = path.join(folder, `.report-${interviewId}.pdf`);
      try {
        await this.parts.printReport(staff, interviewId, file);
        printed.push([interviewId, file]);
      } catch {
        missing.push(interviewId);
      }
    }
    return { printed, missing };
  }

  private forgetOld(): void {
    while (this.jobs.size > KEPT_JOBS) {
      const oldest = this.jobs.keys().next().value;
      if (oldest === undefined) return;
      this.jobs.delete(oldest);
    }
  }
}

function readme(candidateId: number, staff: StaffUser, now: number, missing: number[]): string {
  return [
    'Interview Station: a copy of the data held about one candidate',
    '',
    `Candidate number ${candidateId}, made ${new Date(now).toISOString()} by ${staff.displayName}.`,
    '',
    'data/<table>.jsonl   every row the station holds about the candidate, one JSON object a',
    '                     line: the candidate, their interviews, consents (with the notice',
    '                     version they agreed to), sessions, answers, scores, decisions,',
    '                     events, signal frames, transcripts and the audit entries about them;',
    '                     jobs, questionnaires and questions appear as context.',
    'transcripts/         the transcripts as plain text, with times from the session start.',
    'media/               the recordings, answer clips and evidence pictures, as recorded.',
    'reports/             the interview report of each interview that took place (PDF).',
    '',
    'Access codes and sign-in secrets are not included: they are credentials, not data about',
    'the candidate.',
    ...(missing.length > 0
      ? ['', `The report of interview ${missing.join(', ')} could not be printed on this station.`]
      : []),
    '',
  ].join('\n');
}
