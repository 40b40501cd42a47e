import { and, asc, count, eq, or, sql } from 'drizzle-orm';
import { candidates, interviews } from '../../db/schema';
import { ALL_JOBS, candidateVisible, jobCondition, type JobScope } from '../domain/job-access';
import { auditChange, found, type ManageContext } from './context';
import type { CandidateFields } from './schemas';

export interface CandidateListItem {
  id: number;
  fullName: string;
  email: string | null;
  createdAt: number;
  interviewCount: number;
}

const LIST_LIMIT = 500;

/**
 * Candidates whose name or email contains the search (all of them without one), by name; of
 * a scoped recruiter, only those of their jobs' interviews or with no interview yet, and
 * counting only their jobs' interviews.
 */
export function listCandidates(
  ctx: Pick<ManageContext, 'db'>,
  search: string | undefined,
  scope: JobScope = ALL_JOBS,
): CandidateListItem[] {
  const { db } = ctx;
  const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const interviewCounts = new Map(
    db
      .select({ id: interviews.candidateId, n: count() })
      .from(interviews)
      .where(jobCondition(scope, interviews.jobId))
      .groupBy(interviews.candidateId)
      .all()
      .map((r) => [r.id, r.n]),
  );
  return db
    .select()
    .from(candidates)
    .where(
      and(
        pattern
          ? or(
              sql`${candidates.fullName} LIKE ${pattern} ESCAPE '\\'`,
              sql`${candidates.email} LIKE ${pattern} ESCAPE '\\'`,
            )
          : undefined,
        candidateVisible(scope),
      ),
    )
    .orderBy(asc(candidates.fullName), asc(candidates.id))
    .limit(LIST_LIMIT)
    .all()
    .map((c) => ({
      id: c.id,
      fullName: c.fullName,
      email: c.email,
      createdAt: c.createdAt,
      interviewCount: interviewCounts.get(c.id) ?? 0,
    }));
}

export function createCandidate(ctx: ManageContext, fields: CandidateFields): { id: number } {
  const row = ctx.db.insert(candidates).values(fields).returning({ id: candidates.id }).get();
  auditChange(ctx, 'candidate_created', { type: 'candidate', id: row.id });
  return row;
}

export function updateCandidate(
  ctx: ManageContext,
  candidateId: number,
  fields: CandidateFields,
): void {
  found(
    ctx.db
      .select({ id: candidates.id })
      .from(candidates)
      .where(eq(candidates.id, candidateId))
      .get(),
    'candidate',
  );
  ctx.db.update(candidates).set(fields).where(eq(candidates.id, candidateId)).run();
  auditChange(ctx, 'candidate_updated', { type: 'candidate', id: candidateId });
}
