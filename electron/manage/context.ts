import type { Db } from '../../db/open';
import { recordAudit } from '../core/audit';
import { StationError } from '../core/errors';

/** The staff member a management change is recorded against. */
export interface StaffActor {
  actorKind: 'recruiter' | 'admin';
  actorId: number;
}

/** What every management service works with: the database, the time of the call, who calls. */
export interface ManageContext {
  db: Db;
  now: number;
  actor: StaffActor;
}

/** Writes one audit line for a management change, against the staff member making it. */
export function auditChange(
  ctx: ManageContext,
  action: string,
  subject: { type: string; id: number },
  details?: Record<string, unknown>,
): void {
  recordAudit(ctx.db, ctx.now, {
    ...ctx.actor,
    action,
    subjectType: subject.type,
    subjectId: subject.id,
    ...(details ? { details } : {}),
  });
}

/** Returns the row, or refuses with NOT_FOUND in words the screen can show. */
export function found<T>(row: T | undefined, what: string): T {
  if (row === undefined) {
    throw new StationError('NOT_FOUND', `That ${what} no longer exists. Refresh the list.`);
  }
  return row;
}

/** Singular or plural: `plural(2, 'interview')` → "2 interviews". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
