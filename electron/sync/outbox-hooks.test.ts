import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterEach, expect, it } from 'vitest';
import { answers } from '../../db/schema';
import { syncItems } from '../../db/sync-schema';
import { createTestDb } from '../../db/test-db';
import { systemClock } from '../core/clock';
import { createTestStaff } from '../domain/test-staff';
import { Erasures } from '../privacy/erasure';
import { decide, scoreAnswer } from '../review/scoring';
import { enableOutbox, finishSession, tempDir } from './test-sync-fixture';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// The station's own writes, not the outbox called by hand: each one's outbox rows come with it.
it('a recruiter’s score and decision, and an erasure, write their outbox rows in their own transactions', async () => {
  const db = createTestDb();
  enableOutbox(db);
  const dir = tempDir('sync-hooks-');
  dirs.push(dir);
  const { sessionId, interviewId, candidateId } = finishSession(db, dir, randomBytes(32));
  const staffId = await createTestStaff(db, { role: 'recruiter' });
  const staff = {
    id: staffId,
    username: 'recruiter',
    displayName: 'R',
    role: 'recruiter' as const,
    mustChangePassword: false,
  };
  const answer = db.select().from(answers).where(eq(answers.sessionId, sessionId)).all()[1];
  if (!answer) throw new Error('no answer');
  const before = db.select().from(syncItems).all().length;

  scoreAnswer(db, Date.now(), staff, {
    answerId: answer.id,
    score: 70,
    notes: 'Clear.',
  });
  const score = db.select().from(syncItems).all().slice(before);
  expect(score.map((r) => [r.kind, r.payload])).toEqual([
    ['score', expect.objectContaining({ score: 70, scorerKind: 'recruiter', rationale: 'Clear.' })],
  ]);

  decide(db, Date.now(), staff, {
    interviewId,
    decision: 'Passed',
    overallScore: 80,
    notes: '',
  });
  const decided = db
    .select()
    .from(syncItems)
    .all()
    .slice(before + 1);
  expect(decided.map((r) => r.kind)).toEqual(['interview', 'decision']);
  expect(decided[0]?.revision).toBe(2);
  expect(decided[0]?.payload).toMatchObject({ applicationStatus: 'Passed' });
  expect(decided[1]?.payload).toMatchObject({ decision: 'Passed', overallScore: 80 });

  // Without a purge to run (no data folder) the request is recorded and finished later.
  await expect(
    new Erasures({ db, clock: systemClock, purgeNow: null }).erase(
      { actorKind: 'admin', actorId: staffId },
      candidateId,
      'Ada Lovelace',
    ),
  ).rejects.toThrow('recorded but not finished');
  const erasure = db.select().from(syncItems).where(eq(syncItems.kind, 'erasure')).all();
  expect(erasure).toHaveLength(1);
  expect(erasure[0]?.state).toBe('pending');
});
