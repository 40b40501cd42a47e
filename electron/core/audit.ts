import type { Db } from '../../db/open';
import { auditLog } from '../../db/schema';

export interface AuditEntry {
  actorKind: 'station' | 'candidate' | 'recruiter' | 'admin';
  actorId?: number | null;
  action: string;
  subjectType?: string;
  subjectId?: number;
  details?: Record<string, unknown>;
}

/** Appends one line to the audit log. */
export function recordAudit(db: Db, at: number, entry: AuditEntry): void {
  db.insert(auditLog)
    .values({ at, ...entry })
    .run();
}
