import { and, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { evaluations, events, interviews, jobs, sessions } from '../../db/schema';
import { selfIdentifications } from '../../db/privacy-schema';
import type { EventType } from '../../shared/enums';
import { PREFER_NOT_TO_SAY } from '../../shared/self-identification';
import { recordAudit, type AuditEntry } from '../core/audit';
import type { Clock } from '../core/clock';
import { buildBiasReport, type BiasPerson, type BiasReport } from './bias-math';
import { biasReportCsv } from './bias-csv';

/** Which interviews a report covers: one job (or all), taken within a date range. */
export interface BiasReportFilter {
  jobId?: number;
  /** Wall-clock bounds on when the interview was taken, inclusive, in ms. */
  from?: number;
  to?: number;
}

export interface BiasReportView extends BiasReport {
  filter: BiasReportFilter;
  /** The job's title when the report is for one job. */
  jobTitle: string | null;
}

/** Statuses that move a candidate forward, for the selection rate. */
export const SELECTED_STATUSES = ['Passed', 'Offered'] as const;

// The latest evaluation per interview: its overall score is the one the report counts.
const latestEvaluationIds = sql`(SELECT max(${evaluations.id}) FROM ${evaluations} GROUP BY ${evaluations.interviewId})`;

/**
 * The admin's bias report (NYC Local Law 144 style) over the interviews taken, demo interviews
 * left out. The only reader of the self-identification table besides its own tests: nothing a
 * recruiter, an export of interviews or an AI scorer reads joins it.
 */
export class BiasReportService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  report(filter: BiasReportFilter): BiasReportView {
    const jobTitle =
      filter.jobId === undefined
        ? null
        : (this.db.select({ title: jobs.title }).from(jobs).where(eq(jobs.id, filter.jobId)).get()
            ?.title ?? null);
    return { ...buildBiasReport(this.people(filter)), filter: { ...filter }, jobTitle };
  }

  /** The report as CSV, for the page to save; the export is audited (its filter, no figures). */
  exportCsv(
    actor: Pick<AuditEntry, 'actorKind' | 'actorId'>,
    filter: BiasReportFilter,
  ): { fileName: string; csv: string } {
    const view = this.report(filter);
    const now = this.clock.now();
    recordAudit(this.db, now, {
      ...actor,
      action: 'bias_report_exported',
      details: { format: 'csv', interviews: view.total, filter: { ...filter } },
    });
    const day = new Date(now).toISOString().slice(0, 10);
    return { fileName: `bias-report-${day}.csv`, csv: biasReportCsv(view) };
  }

  private people(filter: BiasReportFilter): BiasPerson[] {
    const where: (SQL | undefined)[] = [
      eq(interviews.isDemo, false),
      filter.jobId === undefined ? undefined : eq(interviews.jobId, filter.jobId),
      filter.from === undefined ? undefined : gte(sessions.startedAt, filter.from),
      filter.to === undefined ? undefined : lte(sessions.startedAt, filter.to),
    ];
    const rows = this.db
      .select({
        sessionId: sessions.id,
        applicationStatus: interviews.applicationStatus,
        score: evaluations.overallScore,
        sex: selfIdentifications.sex,
        raceEthnicity: selfIdentifications.raceEthnicity,
      })
      .from(interviews)
      // Taken interviews only: one never started has no selection, score or flags to count.
      .innerJoin(sessions, eq(sessions.interviewId, interviews.id))
      .leftJoin(selfIdentifications, eq(selfIdentifications.interviewId, interviews.id))
      .leftJoin(
        evaluations,
        and(
          eq(evaluations.interviewId, interviews.id),
          sql`${evaluations.id} IN ${latestEvaluationIds}`,
        ),
      )
      .where(and(...where))
      .all();
    const flags = this.flagTypes(rows.map((r) => r.sessionId));
    return rows.map((r) => ({
      sex: r.sex === null || r.sex === PREFER_NOT_TO_SAY ? null : r.sex,
      raceEthnicity:
        r.raceEthnicity === null || r.raceEthnicity === PREFER_NOT_TO_SAY ? null : r.raceEthnicity,
      selected: (SELECTED_STATUSES as readonly string[]).includes(r.applicationStatus),
      score: r.score,
      flags: flags.get(r.sessionId) ?? [],
    }));
  }

  /** The distinct event types of each session. */
  private flagTypes(sessionIds: number[]): Map<number, EventType[]> {
    const found = new Map<number, EventType[]>();
    // SQLite caps bound parameters: ask in chunks.
    for (let i = 0; i < sessionIds.length; i += 500) {
      const rows = this.db
        .selectDistinct({ sessionId: events.sessionId, type: events.type })
        .from(events)
        .where(inArray(events.sessionId, sessionIds.slice(i, i + 500)))
        .all();
      for (const row of rows)
        found.set(row.sessionId, [...(found.get(row.sessionId) ?? []), row.type]);
    }
    return found;
  }
}
