import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { auditLog } from '../../db/schema';
import { createTestDb } from '../../db/test-db';
import { recordAudit } from '../core/audit';
import { createTestStaff } from '../domain/test-staff';
import type { Services } from './services';
import { codeOf, createTestServices, signInStaff, stationCaller } from './test-router';

describe('audit router', () => {
  let db: Db;
  let services: Services;

  beforeEach(async () => {
    db = createTestDb();
    services = createTestServices(db);
    await createTestStaff(db, { role: 'recruiter' });
    await createTestStaff(db, { role: 'admin' });
    for (let i = 0; i < 120; i += 1) {
      recordAudit(db, Date.UTC(2026, 10, 1) + i * 60_000, {
        actorKind: 'candidate',
        action: 'check_in',
        subjectType: 'interview',
        subjectId: (i % 3) + 1,
      });
    }
  });
  afterEach(() => {
    services.sessions.close();
    db.$client.close();
  });

  const caller = () => stationCaller(services);

  it('gives an admin the log page by page, and its actions', async () => {
    const token = await signInStaff(services, 'admin');
    const first = await caller().audit.page({ token, filter: { interviewId: 2 }, limit: 25 });
    expect(first.rows).toHaveLength(25);
    expect(first.rows.every((r) => r.subjectId === 2)).toBe(true);
    const second = await caller().audit.page({
      token,
      filter: { interviewId: 2 },
      limit: 25,
      cursor: first.nextCursor,
    });
    expect(second.rows).toHaveLength(15);
    expect(second.nextCursor).toBeNull();
    expect(second.rows[0]?.at).toBeLessThan(first.rows.at(-1)?.at ?? 0);
    expect(await caller().audit.actions({ token })).toContain('check_in');
  });

  it('exports CSV for an admin, logging the export without the sign-in token', async () => {
    const token = await signInStaff(services, 'admin');
    const csv = await caller().audit.exportCsv({ token, filter: { action: 'check_in' } });
    expect(csv.trim().split('\r\n')).toHaveLength(121);
    const rows = JSON.stringify(db.select().from(auditLog).all());
    expect(rows).toContain('audit_log_exported');
    expect(rows).not.toContain(token);
  });

  it('refuses recruiters, and filters that make no sense', async () => {
    const recruiter = await signInStaff(services, 'recruiter');
    const calls = [
      () => caller().audit.page({ token: recruiter, filter: {}, limit: 10 }),
      () => caller().audit.actions({ token: recruiter }),
      () => caller().audit.exportCsv({ token: recruiter, filter: {} }),
    ];
    for (const call of calls)
      expect(codeOf(await call().catch((e: unknown) => e))).toBe('FORBIDDEN');
    const admin = await signInStaff(services, 'admin');
    const backwards = await caller()
      .audit.page({ token: admin, filter: { from: 2, to: 1 }, limit: 10 })
      .catch((e: unknown) => e);
    expect(codeOf(backwards)).toBe('BAD_REQUEST');
    expect((backwards as Error).message).toMatch(/start of the date range/);
  });
});
