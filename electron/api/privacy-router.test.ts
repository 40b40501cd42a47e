import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { auditLog } from '../../db/schema';
import { legalHolds } from '../../db/privacy-schema';
import { createTestDb, seedTestInterview } from '../../db/test-db';
import { createTestStaff } from '../domain/test-staff';
import type { Services } from './services';
import { codeOf, createTestServices, signInStaff, stationCaller } from './test-router';

describe('privacy router: legal holds', () => {
  let db: Db;
  let services: Services;
  let now = Date.UTC(2030, 2, 1, 10);
  let interviewId: number;

  beforeEach(async () => {
    db = createTestDb();
    services = createTestServices(db, { clock: { now: () => now } });
    await createTestStaff(db, { role: 'recruiter' });
    await createTestStaff(db, { role: 'admin' });
    ({ interviewId } = seedTestInterview(db, {
      questions: [{ type: 'text', readingSeconds: 5, answerSeconds: 5 }],
    }));
  });
  afterEach(() => {
    services.sessions.close();
    db.$client.close();
  });

  const privacy = () => stationCaller(services).privacy;

  it('lets a recruiter set a hold with a reason, and only an admin lift it, audited without the reason', async () => {
    const recruiter = await signInStaff(services, 'recruiter');
    const admin = await signInStaff(services, 'admin');
    const reason = 'Litigation hold, case 2030-17';

    const held = await privacy().setHold({ token: recruiter, interviewId, reason });
    expect(held.current).toMatchObject({ reason, setByName: 'Test Recruiter', setAt: now });
    expect(await privacy().setHold({ token: admin, interviewId, reason }).catch(codeOf)).toBe(
      'CONFLICT',
    );
    expect(
      await privacy()
        .liftHold({ token: recruiter, interviewId, reason: 'Case settled' })
        .catch(codeOf),
    ).toBe('FORBIDDEN');

    now += 60_000;
    const lifted = await privacy().liftHold({ token: admin, interviewId, reason: 'Case settled' });
    expect(lifted.current).toBeNull();
    expect(lifted.earlier).toEqual([
      expect.objectContaining({ reason, liftReason: 'Case settled', liftedByName: 'Test Admin' }),
    ]);
    expect(
      await privacy().liftHold({ token: admin, interviewId, reason: 'Again' }).catch(codeOf),
    ).toBe('CONFLICT');

    const audits = db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subjectType, 'interview'))
      .all()
      .filter((a) => a.action.startsWith('legal_hold'));
    expect(audits.map((a) => [a.action, a.actorKind, a.subjectId])).toEqual([
      ['legal_hold_set', 'recruiter', interviewId],
      ['legal_hold_lifted', 'admin', interviewId],
    ]);
    expect(JSON.stringify(audits)).not.toMatch(/Litigation|settled/);
  });

  it('refuses a hold without a reason, on an unknown interview, or on one being purged', async () => {
    const token = await signInStaff(services, 'recruiter');
    expect(await privacy().setHold({ token, interviewId, reason: '   ' }).catch(codeOf)).toBe(
      'BAD_REQUEST',
    );
    expect(
      await privacy().setHold({ token, interviewId: 999, reason: 'Litigation' }).catch(codeOf),
    ).toBe('NOT_FOUND');
    db.$client
      .prepare("INSERT INTO purges (interview_id, started_at, files) VALUES (?, ?, '[]')")
      .run(interviewId, now);
    expect(
      await privacy().setHold({ token, interviewId, reason: 'Litigation' }).catch(codeOf),
    ).toBe('CONFLICT');
    expect(db.select().from(legalHolds).all()).toEqual([]);
  });
});
