import { rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { sessions } from '../../db/schema';
import { recordAudit } from '../core/audit';
import type { Clock } from '../core/clock';
import { StationError } from '../core/errors';
import type { JobScope } from '../domain/job-access';
import type { StaffUser } from '../domain/staff-auth';
import { findMediaFile, type MediaFile } from '../core/media-files';
import { ownerOnlyFile } from '../core/owner-only';
import { NO_SEALING, sealFile, type FileSealing } from '../core/sealed-file';
import { readStoredFileSync } from '../core/sealed-read';
import { loadDashboard, type DashboardFilter } from './dashboard';
import { findExport, newExport, pruneExports, type ExportFile } from './export-files';
import { interviewsCsv, interviewsCsvName } from './interviews-csv';
import type { PdfPrinter } from './pdf-printer';
import { renderReportHtml } from './report-html';
import { decide, ignoreSuggestion, recordView, scoreAnswer, type Decision } from './scoring';
import { loadSessionDetail, type SessionDetail } from './session-detail';
import { readTimelineSignals } from './timeline-signals';

export interface ReviewServiceOptions {
  db: Db;
  clock: Clock;
  config: { stationName: string };
  log: (line: string) => void;
  /**
   * The station's data folder (thumbnails are read from it, exports written to it); null for an
   * in-memory test database, which has no folder and so makes no exports.
   */
  dataDir: string | null;
  printer: PdfPrinter;
  /** Encryption at rest: exports are sealed when it is on, and read with its key. */
  sealing?: FileSealing;
}

const TIME_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

/** Recruiter review: dashboard, replay data, scores, decisions and exports. */
export class ReviewService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly dataDir: string | null;
  private readonly printer: PdfPrinter;
  private readonly sealing: FileSealing;

  constructor(private readonly opts: ReviewServiceOptions) {
    this.sealing = opts.sealing ?? NO_SEALING;
    this.db = opts.db;
    this.clock = opts.clock;
    this.dataDir = opts.dataDir;
    this.printer = opts.printer;
  }

  /** The dashboard of the jobs in `scope` (the caller's: see JobAccess). */
  dashboard(filter: DashboardFilter, scope: JobScope) {
    return loadDashboard(this.db, filter, scope);
  }

  /** One interview for review; opening it is written to the audit log. */
  detail(staff: StaffUser, interviewId: number): SessionDetail {
    const detail = loadSessionDetail(this.db, interviewId);
    recordView(this.db, this.clock.now(), staff, interviewId);
    return detail;
  }

  signals(sessionId: number, fromMs?: number, toMs?: number) {
    const found = this.db
      .select({ id: sessions.id })
      .from(sessions)
      .where(eq(sessions.id, sessionId))
      .get();
    if (!found) throw new StationError('NOT_FOUND', 'There is no such session.');
    return readTimelineSignals(this.db, sessionId, fromMs, toMs);
  }

  scoreAnswer(
    staff: StaffUser,
    input: { answerId: number; score: number; notes: string; suggestionId?: number },
  ) {
    return scoreAnswer(this.db, this.clock.now(), staff, input);
  }

  ignoreSuggestion(staff: StaffUser, input: { answerId: number; scoreId: number }) {
    ignoreSuggestion(this.db, this.clock.now(), staff, input);
  }

  decide(
    staff: StaffUser,
    input: { interviewId: number; decision: Decision; overallScore: number | null; notes: string },
  ) {
    return decide(this.db, this.clock.now(), staff, input);
  }

  /** The interviews matching a filter as CSV text, for the page to save; audited. */
  exportCsv(
    staff: StaffUser,
    filter: DashboardFilter,
    scope: JobScope,
  ): { fileName: string; csv: string } {
    const { interviews } = loadDashboard(
      this.db,
      { ...filter, limit: Number.MAX_SAFE_INTEGER },
      scope,
    );
    const now = this.clock.now();
    recordAudit(this.db, now, {
      actorKind: staff.role,
      actorId: staff.id,
      action: 'interviews_exported',
      details: {
        format: 'csv',
        rows: interviews.length,
        filter: { search: filter.search, state: filter.state, jobId: filter.jobId },
      },
    });
    return { fileName: interviewsCsvName(now, filter), csv: interviewsCsv(interviews) };
  }

  /**
   * Prints an interview's report to PDF under the data folder and returns only its export id;
   * the page downloads it through the station's authenticated export route.
   */
  /** An export by id for download, or null (unknown, expired, or no data folder). */
  exportFile(id: string): ExportFile | null {
    if (!this.dataDir) return null;
    return findExport(this.dataDir, id, this.clock.now(), undefined, this.sealing.filesKey);
  }

  /** A recording, clip or thumbnail by id, to serve (decrypted when sealed), or null. */
  mediaFile(id: string): MediaFile | null {
    return this.dataDir ? findMediaFile(this.db, this.dataDir, id, this.sealing.filesKey) : null;
  }

  /** Removes exports past their age (the station sweeps hourly); returns how many went. */
  expireExports(): number {
    return this.dataDir ? pruneExports(this.dataDir, this.clock.now()) : 0;
  }

  async exportReport(
    staff: StaffUser,
    interviewId: number,
  ): Promise<{ exportId: string; fileName: string; bytes: number }> {
    const { dataDir } = this;
    if (!dataDir) {
      throw new StationError(
        'PRECONDITION_FAILED',
        'This station has no data folder to export to.',
      );
    }
    const detail = loadSessionDetail(this.db, interviewId);
    const now = this.clock.now();
    pruneExports(dataDir, now);
    const { id, file } = newExport(
      dataDir,
      `interview-report-${detail.candidate.fullName}-${interviewId}.pdf`,
      interviewId,
    );
    // Sealed, the PDF is printed under a dot name, then sealed into its own name; the plain
    // file lives only until then (and a crash leaves it to the hourly sweep of exports).
    const { filesKey, sealNew } = this.sealing;
    const sealWith = sealNew ? filesKey : null;
    const printed = sealWith ? path.join(path.dirname(file), '.report.pdf') : file;
    let bytes: number;
    try {
      await this.printReport(staff, interviewId, printed, detail);
      bytes = sealWith ? sealFile(printed, file, sealWith) : statSync(file).size;
      if (printed !== file) rmSync(printed, { force: true });
    } catch (error) {
      rmSync(path.dirname(file), { recursive: true, force: true });
      throw error;
    }
    recordAudit(this.db, now, {
      actorKind: staff.role,
      actorId: staff.id,
      action: 'report_exported',
      subjectType: 'interview',
      subjectId: interviewId,
      details: { format: 'pdf' },
    });
    return { exportId: id, fileName: path.basename(file), bytes };
  }

  /**
   * Prints one interview's report to `file` (owner-only), as seen by `staff`; used by the
   * report export and by the copy of a candidate's data.
   */
  async printReport(
    staff: StaffUser,
    interviewId: number,
    file: string,
    /** The interview's detail, when the caller loaded it already. */
    loaded?: SessionDetail,
  ): Promise<void> {
    const { dataDir } = this;
    if (!dataDir) {
      throw new StationError(
        'PRECONDITION_FAILED',
        'This station has no data folder to export to.',
      );
    }
    const detail = loaded ?? loadSessionDetail(this.db, interviewId);
    const html = renderReportHtml(detail, {
      stationName: this.opts.config.stationName,
      reviewer: { displayName: staff.displayName, role: staff.role },
      generatedAt: this.clock.now(),
      thumbnails: this.thumbnails(dataDir, detail),
      formatTime: (ms) => TIME_FORMAT.format(ms),
    });
    // A dot name: the export route serves the one visible file in the folder, never this page.
    const htmlFile = path.join(path.dirname(file), `.report-${interviewId}.html`);
    writeFileSync(htmlFile, html, { mode: 0o600 });
    try {
      await this.printer.print(htmlFile, file);
      // A headless Chromium writes the PDF with the umask's mode.
      ownerOnlyFile(file);
    } catch (error) {
      this.opts.log(`review: report for interview ${interviewId} not printed: ${String(error)}`);
      rmSync(file, { force: true });
      throw new StationError(
        'PRECONDITION_FAILED',
        'The report could not be printed on this station. The review itself is saved.',
      );
    } finally {
      rmSync(htmlFile, { force: true });
    }
  }

  private thumbnails(dataDir: string, detail: SessionDetail): Map<number, string> {
    const found = new Map<number, string>();
    for (const event of detail.events) {
      const id = event.thumbnailMediaId;
      if (id === null || found.has(id)) continue;
      const file = findMediaFile(this.db, dataDir, String(id), this.sealing.filesKey);
      if (!file || !file.mimeType.startsWith('image/')) continue;
      const bytes = readStoredFileSync(file.file, file.filesKey);
      found.set(id, `data:${file.mimeType};base64,${bytes.toString('base64')}`);
    }
    return found;
  }
}
