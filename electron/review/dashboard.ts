import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { candidates, evaluations, events, interviews, jobs, sessions } from '../../db/schema';
import { screenings } from '../../db/screening-schema';
import { type EVENT_TYPES } from '../../shared/enums';
import { jobCondition, type JobScope } from '../domain/job-access';

/** Where an interview stands for a recruiter; the dashboard's groups. */
export const REVIEW_STATES = [
  'scheduled',
  'in_progress',
  'to_review',
  'decided',
  'closed',
] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];
export type EventType = (typeof EVENT_TYPES)[number];
export type FlagCounts = Partial<Record<EventType, number>>;

export interface DashboardFilter {
  /** Part of the candidate's name or the job title; case-insensitive. */
  search?: string;
  state?: ReviewState;
  jobId?: number;
  /** At most this many rows (newest first); the counts cover every match. */
  limit?: number;
  /** Newest first (the default), or by résumé screening score, unscreened last either way. */
  sort?: DashboardSort;
}

export const DASHBOARD_SORTS = ['newest', 'screening_desc', 'screening_asc'] as const;
export type DashboardSort = (typeof DASHBOARD_SORTS)[number];

/** Orders rows by screening score, keeping newest-first among equals (the sort is stable). */
function byScreening<T extends { screeningScore: number | null }>(
  rows: T[],
  sort: DashboardSort,
): T[] {
  if (sort === 'newest') return rows;
  const sign = sort === 'screening_desc' ? -1 : 1;
  return [...rows].sort((a, b) => {
    if (a.screeningScore === b.screeningScore) return 0;
    if (a.screeningScore === null) return 1;
    if (b.screeningScore === null) return -1;
    return sign * (a.screeningScore - b.screeningScore);
  });
}

export interface DashboardRow {
  interviewId: number;
  candidateName: string;
  candidateEmail: string | null;
  jobId: number;
  jobTitle: string;
  state: ReviewState;
  interviewStatus: (typeof interviews.$inferSelect)['status'];
  applicationStatus: (typeof interviews.$inferSelect)['applicationStatus'];
  scheduledAt: number;
  expiresAt: number;
  sessionId: number | null;
  sessionStatus: (typeof sessions.$inferSelect)['status'] | null;
  startedAt: number | null;
  endedAt: number | null;
  flags: FlagCounts;
  flagTotal: number;
  decision: (typeof evaluations.$inferSelect)['decision'] | null;
  overallScore: number | null;
  decidedAt: number | null;
  /** The latest résumé screening's score for this candidate and job; null: not screened. */
  screeningScore: number | null;
}

export interface Dashboard {
  counts: Record<ReviewState, number>;
  total: number;
  interviews: DashboardRow[];
  jobs: { id: number; title: string }[];
}

// The latest evaluation per interview (an interview may be re-decided; the last one stands).
const latestEvaluationIds = sql`(SELECT max(${evaluations.id}) FROM ${evaluations} GROUP BY ${evaluations.interviewId})`;

/**
 * The statuses that settle an interview for its reviewer. A recruiter may also save "Under
 * Review", "Interviewed" or "Applied" (notes kept, nothing settled): such an interview stays
 * in To review rather than vanishing into Decided.
 */
export const SETTLING_DECISIONS = ['Passed', 'Rejected', 'Offered', 'Interview Required'] as const;
const settling = sql.join(
  SETTLING_DECISIONS.map((decision) => sql`${decision}`),
  sql`, `,
);

/** The SQL expression for an interview's review state, so filtering and counting agree. */
const stateSql = sql<ReviewState>`CASE
  WHEN ${evaluations.decision} IN (${settling}) THEN 'decided'
  WHEN ${interviews.status} = 'completed' THEN 'to_review'
  WHEN ${interviews.status} IN ('checked_in', 'in_progress') THEN 'in_progress'
  WHEN ${interviews.status} = 'scheduled' THEN 'scheduled'
  ELSE 'closed' END`;

/** Escapes LIKE wildcards so a search for "50%" means the characters, not a pattern. */
function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Interviews grouped by review state, with integrity flag counts, searched and filtered, of
 * the jobs in `scope` only: the others are left out of the rows, the counts and the job list.
 */
export function loadDashboard(db: Db, filter: DashboardFilter, scope: JobScope): Dashboard {
  const conditions: SQL[] = [];
  const ofScope = jobCondition(scope, interviews.jobId);
  if (ofScope) conditions.push(ofScope);
  const search = filter.search?.trim();
  if (search) {
    const pattern = likePattern(search);
    conditions.push(
      sql`(${candidates.fullName} LIKE ${pattern} ESCAPE '\\' OR ${jobs.title} LIKE ${pattern} ESCAPE '\\')`,
    );
  }
  if (filter.jobId !== undefined) conditions.push(eq(interviews.jobId, filter.jobId));
  const base = db
    .select({
      interviewId: interviews.id,
      candidateName: candidates.fullName,
      candidateEmail: candidates.email,
      jobId: jobs.id,
      jobTitle: jobs.title,
      state: stateSql,
      interviewStatus: interviews.status,
      applicationStatus: interviews.applicationStatus,
      scheduledAt: interviews.createdAt,
      expiresAt: interviews.expiresAt,
      sessionId: sessions.id,
      sessionStatus: sessions.status,
      startedAt: sessions.startedAt,
      endedAt: sessions.endedAt,
      decision: evaluations.decision,
      overallScore: evaluations.overallScore,
      decidedAt: evaluations.createdAt,
      screeningScore: sql<number | null>`(SELECT ${screenings.score} FROM ${screenings}
        WHERE ${screenings.candidateId} = ${interviews.candidateId} AND ${screenings.jobId} = ${interviews.jobId}
        ORDER BY ${screenings.createdAt} DESC, ${screenings.id} DESC LIMIT 1)`,
    })
    .from(interviews)
    .innerJoin(candidates, eq(candidates.id, interviews.candidateId))
    .innerJoin(jobs, eq(jobs.id, interviews.jobId))
    .leftJoin(sessions, eq(sessions.interviewId, interviews.id))
    .leftJoin(
      evaluations,
      and(
        eq(evaluations.interviewId, interviews.id),
        sql`${evaluations.id} IN ${latestEvaluationIds}`,
      ),
    )
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(
      desc(sql`coalesce(${sessions.startedAt}, ${interviews.createdAt})`),
      desc(interviews.id),
    )
    .all();

  const counts = Object.fromEntries(REVIEW_STATES.map((s) => [s, 0])) as Record<
    ReviewState,
    number
  >;
  for (const row of base) counts[row.state] += 1;
  const matching = byScreening(
    filter.state ? base.filter((row) => row.state === filter.state) : base,
    filter.sort ?? 'newest',
  );
  const shown = matching.slice(0, filter.limit ?? 500);
  const flags = flagCountsBySession(
    db,
    shown.flatMap((row) => (row.sessionId === null ? [] : [row.sessionId])),
  );
  return {
    counts,
    total: matching.length,
    interviews: shown.map((row) => {
      const own = row.sessionId === null ? {} : (flags.get(row.sessionId) ?? {});
      return {
        ...row,
        flags: own,
        flagTotal: Object.values(own).reduce((sum, n) => sum + n, 0),
      };
    }),
    jobs: db
      .select({ id: jobs.id, title: jobs.title })
      .from(jobs)
      .where(jobCondition(scope, jobs.id))
      .orderBy(jobs.title)
      .all(),
  };
}

/** Events per session and type: the integrity flags a recruiter sees before opening a session. */
export function flagCountsBySession(db: Db, sessionIds: number[]): Map<number, FlagCounts> {
  const result = new Map<number, FlagCounts>();
  // SQLite caps bound parameters; a dashboard page is far below that, but chunk anyway.
  for (let i = 0; i < sessionIds.length; i += 500) {
    const rows = db
      .select({ sessionId: events.sessionId, type: events.type, count: sql<number>`count(*)` })
      .from(events)
      .where(inArray(events.sessionId, sessionIds.slice(i, i + 500)))
      .groupBy(events.sessionId, events.type)
      .all();
    for (const row of rows) {
      const counts = result.get(row.sessionId) ?? {};
      counts[row.type] = row.count;
      result.set(row.sessionId, counts);
    }
  }
  return result;
}
