import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { auditLog } from '../../db/schema';
import { createTestDb } from '../../db/test-db';
import { recordAudit } from '../core/audit';
import { writeSetting } from '../core/setting-store';
import { createTestStaff } from '../domain/test-staff';
import { AUDIT_RETENTION_KEY, AuditLogService, type AuditCursor } from './audit-log';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 1, 12);

describe('AuditLogService', () => {
  let db: Db;
  let log: AuditLogService;
  let adminId: number;
  const clock = { now: () => NOW };

  beforeEach(async () => {
    db = createTestDb();
    log = new AuditLogService(db, clock);
    adminId = await createTestStaff(db, { role: 'admin' });
    // 25 entries, one a day backwards: check-ins of interviews 1..5 and an admin's changes.
    for (let i = 0; i < 25; i += 1) {
      recordAudit(db, NOW - i * DAY, {
        ...(i % 5 === 0
          ? { actorKind: 'admin', actorId: adminId, action: 'setting_changed' }
          : { actorKind: 'candidate', action: 'check_in' }),
        subjectType: 'interview',
        subjectId: (i % 5) + 1,
        details: { n: i },
      });
    }
  });
  afterEach(() => db.$client.close());

  it('pages newest first from the last id seen, to the end', () => {
    const seen: number[] = [];
    let before: AuditCursor | null = null;
    let pages = 0;
    do {
      const page = log.page({}, before, 10);
      seen.push(...page.rows.map((r) => r.details?.n as number));
      before = page.nextCursor;
      pages += 1;
    } while (before !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual([...Array(25).keys()]);
  });

  it('filters by who, what, interview and date, and names staff actors only', () => {
    const byAdmin = log.page({ actorKind: 'admin', actorId: adminId }, null, 100).rows;
    expect(byAdmin.map((r) => r.details?.n)).toEqual([0, 5, 10, 15, 20]);
    expect(byAdmin.every((r) => r.actorName === 'Test Admin')).toBe(true);
    const checkIns = log.page({ action: 'check_in' }, null, 100).rows;
    expect(checkIns).toHaveLength(20);
    expect(checkIns.every((r) => r.actorName === null)).toBe(true);
    expect(log.page({ interviewId: 2 }, null, 100).rows.map((r) => r.details?.n)).toEqual([
      1, 6, 11, 16, 21,
    ]);
    const lastWeek = log.page({ from: NOW - 6 * DAY, to: NOW - 2 * DAY }, null, 100).rows;
    expect(lastWeek.map((r) => r.details?.n)).toEqual([2, 3, 4, 5, 6]);
    expect(log.actions()).toEqual(['check_in', 'setting_changed']);
  });

  it('exports the filtered log as CSV, and logs the export', () => {
    const csv = log.exportCsv({ actorKind: 'admin', actorId: adminId }, { interviewId: 1 });
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Id,Time (UTC),Actor,Actor id,Staff,Action,Subject,Details');
    expect(lines).toHaveLength(6);
    expect(lines[1]).toMatch(
      /^\d+,2026-12-01T12:00:00\.000Z,admin,\d+,Test Admin,setting_changed,interview 1,"\{""n"":0\}"$/,
    );
    const exported = log.page({ action: 'audit_log_exported' }, null, 10).rows;
    expect(exported).toHaveLength(1);
    expect(exported[0]?.details).toEqual({ rows: 5, filter: { interviewId: 1 } });
  });

  it('prunes entries older than the audit retention, and logs the pruning', () => {
    writeSetting(db, AUDIT_RETENTION_KEY, 30);
    expect(log.prune()).toBe(0);
    writeSetting(db, AUDIT_RETENTION_KEY, 10);
    expect(log.prune()).toBe(14);
    const left = db.select().from(auditLog).all();
    expect(left.filter((r) => r.action !== 'audit_log_pruned')).toHaveLength(11);
    expect(left.find((r) => r.action === 'audit_log_pruned')?.details).toEqual({
      deleted: 14,
      olderThanDays: 10,
    });
  });
});
