import { and, desc, eq, gte, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { auditLog, users } from '../../db/schema';
import { recordAudit, type AuditEntry } from '../core/audit';
import type { Clock } from '../core/clock';
import { readSetting } from '../core/setting-store';
import { csvField } from '../review/interviews-csv';

export type ActorKind = AuditEntry['actorKind'];

/** What an admin narrows the audit log to; every part optional. */
export interface AuditFilter {
  /** A kind of actor, and optionally one staff account. */
  actorKind?: ActorKind;
  actorId?: number;
  action?: string;
  interviewId?: number;
  /** Wall-clock bounds, inclusive, in ms. */
  from?: number;
  to?: number;
}

export interface AuditRow {
  id: number;
  at: number;
  actorKind: ActorKind;
  actorId: number | null;
  /** The staff account's display name, when the actor was staff and still exists. */
  actorName: string | null;
  action: string;
  subjectType: string | null;
  subjectId: number | null;
  details: Record<string, unknown> | null;
}

/** Where a page ends: the next page holds entries strictly older (by time, then id). */
export interface AuditCursor {
  at: number;
  id: number;
}

export interface AuditPage {
  rows: AuditRow[];
  /** Pass as `cursor` for the next (older) page; null when there is none. */
  nextCursor: AuditCursor | null;
}

export const AUDIT_RETENTION_KEY = 'audit.retentionDays';
export const DEFAULT_AUDIT_RETENTION_DAYS = 1095;
const DAY_MS = 24 * 60 * 60 * 1000;
/** How many rows one export holds at most (a spreadsheet's comfortable size). */
export const AUDIT_EXPORT_LIMIT = 200_000;

const CSV_HEADER = [
  'Id',
  'Time (UTC)',
  'Actor',
  'Actor id',
  'Staff',
  'Action',
  'Subject',
  'Details',
];

/**
 * The audit log as admins read it: filtered, newest first, in pages that continue from the
 * last entry seen (keyset paging on time and id), so the 1,000th page costs what the first does; exported as
 * CSV; and kept only as long as the station's audit retention says.
 */
export class AuditLogService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  page(filter: AuditFilter, before: AuditCursor | null, limit: number): AuditPage {
    const rows = this.select(filter, before, limit + 1);
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return {
      rows: rows.slice(0, limit),
      nextCursor: last ? { at: last.at, id: last.id } : null,
    };
  }

  /** The actions written so far, for the filter's list. */
  actions(): string[] {
    return this.db
      .selectDistinct({ action: auditLog.action })
      .from(auditLog)
      .orderBy(auditLog.action)
      .all()
      .map((row) => row.action);
  }

  /** The filtered log as CSV (newest first), recorded as an export in the log itself. */
  exportCsv(actor: Pick<AuditEntry, 'actorKind' | 'actorId'>, filter: AuditFilter): string {
    const rows = this.select(filter, null, AUDIT_EXPORT_LIMIT);
    recordAudit(this.db, this.clock.now(), {
      ...actor,
      action: 'audit_log_exported',
      details: { rows: rows.length, filter: { ...filter } },
    });
    const lines = [CSV_HEADER.map(csvField).join(',')];
    for (const row of rows) {
      lines.push(
        [
          row.id,
          new Date(row.at).toISOString(),
          row.actorKind,
          row.actorId,
          row.actorName,
          row.action,
          row.subjectType ? `${row.subjectType} ${row.subjectId ?? ''}`.trim() : '',
          row.details ? JSON.stringify(row.details) : '',
        ]
          .map(csvField)
          .join(','),
      );
    }
    return `\uFEFF${lines.join('\r\n')}\r\n`;
  }

  /**
   * Deletes entries older than the audit retention (a station setting); the deletion itself is
   * the first entry after it. Returns how many were deleted.
   */
  prune(): number {
    const days = readSetting<number>(this.db, AUDIT_RETENTION_KEY) ?? DEFAULT_AUDIT_RETENTION_DAYS;
    const cutoff = this.clock.now() - days * DAY_MS;
    const deleted = this.db.delete(auditLog).where(lt(auditLog.at, cutoff)).run().changes;
    if (deleted > 0) {
      recordAudit(this.db, this.clock.now(), {
        actorKind: 'station',
        action: 'audit_log_pruned',
        details: { deleted, olderThanDays: days },
      });
    }
    return deleted;
  }

  private select(filter: AuditFilter, before: AuditCursor | null, limit: number): AuditRow[] {
    const where: (SQL | undefined)[] = [
      before === null
        ? undefined
        : or(
            lt(auditLog.at, before.at),
            and(eq(auditLog.at, before.at), lt(auditLog.id, before.id)),
          ),
      filter.actorKind ? eq(auditLog.actorKind, filter.actorKind) : undefined,
      filter.actorId === undefined ? undefined : eq(auditLog.actorId, filter.actorId),
      filter.action ? eq(auditLog.action, filter.action) : undefined,
      filter.interviewId === undefined
        ? undefined
        : and(eq(auditLog.subjectType, 'interview'), eq(auditLog.subjectId, filter.interviewId)),
      filter.from === undefined ? undefined : gte(auditLog.at, filter.from),
      filter.to === undefined ? undefined : lte(auditLog.at, filter.to),
    ];
    return (
      this.db
        .select({
          id: auditLog.id,
          at: auditLog.at,
          actorKind: auditLog.actorKind,
          actorId: auditLog.actorId,
          // Only staff actor ids name a user; a candidate's id is not a user's.
          actorName: sql<
            string | null
          >`case when ${auditLog.actorKind} in ('recruiter', 'admin') then ${users.displayName} end`,
          action: auditLog.action,
          subjectType: auditLog.subjectType,
          subjectId: auditLog.subjectId,
          details: auditLog.details,
        })
        .from(auditLog)
        .leftJoin(users, eq(users.id, auditLog.actorId))
        .where(and(...where))
        // The time index serves this order (SQLite keeps the row id in every index).
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(limit)
        .all()
    );
  }
}
