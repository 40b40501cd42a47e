/**
 * Who may see which interviews: a recruiter only those of the jobs they are assigned to
 * (table staff_jobs), an admin all of them. The consent notice promises this to candidates
 * (consent-notice.ts), so every staff door asks here: the tRPC routers before a service is
 * called, the media and export routes before a file is served.
 */
import { and, eq, inArray, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '../../db/open';
import {
  answers,
  candidates,
  interviews,
  jobs,
  media,
  sessions,
  settings,
  staffJobs,
  users,
} from '../../db/schema';
import { recordAudit } from '../core/audit';
import { StationError } from '../core/errors';
import { readSetting } from '../core/setting-store';
import type { StaffRole } from './staff-auth';

/** Whoever asks: a staff member's id and role (a StaffUser, or a manage call's actor). */
export interface Viewer {
  id: number;
  role: StaffRole;
}

/** The jobs a viewer may see: all of them (admins), or the listed ones. */
export type JobScope = { all: true } | { all: false; jobIds: number[] };

/** An admin's scope: every job. */
export const ALL_JOBS: JobScope = { all: true };

const REFUSED =
  'This belongs to a job you are not assigned to. An admin can assign you to the job.';

export class JobAccess {
  constructor(private readonly db: Db) {}

  scope(viewer: Viewer): JobScope {
    if (viewer.role === 'admin') return { all: true };
    const rows = this.db
      .select({ jobId: staffJobs.jobId })
      .from(staffJobs)
      .where(eq(staffJobs.userId, viewer.id))
      .all();
    return { all: false, jobIds: rows.map((r) => r.jobId) };
  }

  /** Refuses a job the viewer may not see: NOT_FOUND when it does not exist, else FORBIDDEN. */
  job(viewer: Viewer, jobId: number): void {
    const row = this.db.select({ id: jobs.id }).from(jobs).where(eq(jobs.id, jobId)).get();
    this.check(viewer, row ? row.id : undefined, 'job');
  }

  interview(viewer: Viewer, interviewId: number): void {
    const row = this.db
      .select({ jobId: interviews.jobId })
      .from(interviews)
      .where(eq(interviews.id, interviewId))
      .get();
    this.check(viewer, row?.jobId, 'interview');
  }

  session(viewer: Viewer, sessionId: number): void {
    this.check(viewer, this.sessionJob(sessionId), 'session');
  }

  answer(viewer: Viewer, answerId: number): void {
    const row = this.db
      .select({ jobId: interviews.jobId })
      .from(answers)
      .innerJoin(sessions, eq(sessions.id, answers.sessionId))
      .innerJoin(interviews, eq(interviews.id, sessions.interviewId))
      .where(eq(answers.id, answerId))
      .get();
    this.check(viewer, row?.jobId, 'answer');
  }

  /**
   * A candidate is visible to a recruiter who hires for one of their interviews' jobs, or to
   * any recruiter while they have no interview yet (so a new candidate can be scheduled).
   */
  candidate(viewer: Viewer, candidateId: number): void {
    const row = this.db
      .select({ id: candidates.id })
      .from(candidates)
      .where(eq(candidates.id, candidateId))
      .get();
    if (!row)
      throw new StationError('NOT_FOUND', 'That candidate no longer exists. Refresh the list.');
    const scope = this.scope(viewer);
    if (scope.all) return;
    const visible = this.db
      .select({ id: candidates.id })
      .from(candidates)
      .where(and(eq(candidates.id, candidateId), candidateVisible(scope)))
      .get();
    if (!visible) throw new StationError('FORBIDDEN', REFUSED);
  }

  /** Whether an interview is one the viewer may see (false for no such interview). */
  canSeeInterview(viewer: Viewer, interviewId: number): boolean {
    const row = this.db
      .select({ jobId: interviews.jobId })
      .from(interviews)
      .where(eq(interviews.id, interviewId))
      .get();
    return row !== undefined && inScope(this.scope(viewer), row.jobId);
  }

  /** Whether a session's interview is one the viewer may see (false for no such session). */
  canSeeSession(viewer: Viewer, sessionId: number): boolean {
    const jobId = this.sessionJob(sessionId);
    return jobId !== undefined && inScope(this.scope(viewer), jobId);
  }

  /** Whether a stored media file (recording, clip, thumbnail) is one the viewer may see. */
  canSeeMedia(viewer: Viewer, mediaId: number): boolean | 'missing' {
    const row = this.db
      .select({ jobId: interviews.jobId })
      .from(media)
      .innerJoin(sessions, eq(sessions.id, media.sessionId))
      .innerJoin(interviews, eq(interviews.id, sessions.interviewId))
      .where(eq(media.id, mediaId))
      .get();
    return row ? inScope(this.scope(viewer), row.jobId) : 'missing';
  }

  private sessionJob(sessionId: number): number | undefined {
    return this.db
      .select({ jobId: interviews.jobId })
      .from(sessions)
      .innerJoin(interviews, eq(interviews.id, sessions.interviewId))
      .where(eq(sessions.id, sessionId))
      .get()?.jobId;
  }

  private check(viewer: Viewer, jobId: number | undefined, what: string): void {
    if (jobId === undefined)
      throw new StationError('NOT_FOUND', `That ${what} no longer exists. Refresh the list.`);
    if (!inScope(this.scope(viewer), jobId)) throw new StationError('FORBIDDEN', REFUSED);
  }
}

export function inScope(scope: JobScope, jobId: number): boolean {
  return scope.all || scope.jobIds.includes(jobId);
}

/** A WHERE condition keeping rows whose job column is in scope (undefined: no condition). */
export function jobCondition(scope: JobScope, jobColumn: SQLWrapper): SQL | undefined {
  if (scope.all) return undefined;
  return scope.jobIds.length > 0 ? inArray(jobColumn as never, scope.jobIds) : sql`0`;
}

/** Candidates a scoped recruiter sees: with an interview of their jobs, or with none yet. */
export function candidateVisible(scope: JobScope): SQL | undefined {
  if (scope.all) return undefined;
  const ofTheirJobs = jobCondition(scope, interviews.jobId) ?? sql`1`;
  return or(
    sql`NOT EXISTS (SELECT 1 FROM ${interviews} WHERE ${interviews.candidateId} = ${candidates.id})`,
    sql`EXISTS (SELECT 1 FROM ${interviews} WHERE ${interviews.candidateId} = ${candidates.id} AND ${ofTheirJobs})`,
  );
}

/** Marks that this database's recruiters have had their one-time grant (grantExistingJobs). */
export const JOB_ACCESS_GRANTED_KEY = 'jobAccess.granted';

/**
 * Once per database, the first time a station opens with per-job access: every recruiter is
 * assigned to every job that exists then. On an upgraded station nobody silently loses the
 * interviews they were working on (admins then narrow it down); on a first run it assigns the
 * seeded recruiter to the demo job. Jobs made later are assigned by an admin, or to the
 * recruiter who creates them. Returns how many assignments were made.
 */
export function grantExistingJobs(db: Db, now: number): number {
  if (readSetting(db, JOB_ACCESS_GRANTED_KEY) !== undefined) return 0;
  const granted = db.transaction((tx) => {
    const recruiters = tx
      .select({ id: users.id })
      .from(users)
      .where(eq(users.role, 'recruiter'))
      .all();
    const jobIds = tx
      .select({ id: jobs.id })
      .from(jobs)
      .all()
      .map((j) => j.id);
    const rows = recruiters.flatMap((r) => jobIds.map((jobId) => ({ userId: r.id, jobId })));
    for (let i = 0; i < rows.length; i += 400) {
      tx.insert(staffJobs)
        .values(rows.slice(i, i + 400))
        .onConflictDoNothing()
        .run();
    }
    tx.insert(settings).values({ key: JOB_ACCESS_GRANTED_KEY, value: true }).run();
    return rows.length;
  });
  recordAudit(db, now, {
    actorKind: 'station',
    action: 'staff_jobs_granted',
    details: { assignments: granted },
  });
  return granted;
}
