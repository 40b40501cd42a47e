import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { candidates, interviews, sessions } from '../../db/schema';
import { createTestDb } from '../../db/test-db';
import { loadQuestionBank } from './question-bank';
import { DEMO_CANDIDATE_NAME, ensureDemoInterview, seedFirstRun } from './seed';

const bankPath = fileURLToPath(new URL('../../resources/seed/question-bank.json', import.meta.url));

describe('the demo interview', () => {
  it('keeps one demo candidate however many demos are used and restarts follow', async () => {
    const db = createTestDb();
    const stationKey = randomBytes(32);
    let now = 1_800_000_000_000;
    await seedFirstRun(db, loadQuestionBank(bankPath), now);
    ensureDemoInterview(db, stationKey, now);
    for (let run = 0; run < 3; run++) {
      // The demo is taken: it has a session now, so the next start makes a new demo interview.
      const open = db.select().from(interviews).where(eq(interviews.status, 'scheduled')).get();
      if (!open) throw new Error('No demo interview to take.');
      db.update(interviews).set({ status: 'completed' }).where(eq(interviews.id, open.id)).run();
      db.insert(sessions)
        .values({ interviewId: open.id, startedAt: now, lastHeartbeatAt: now })
        .run();
      now += 60_000;
      ensureDemoInterview(db, stationKey, now);
    }
    const demos = db.select().from(interviews).where(eq(interviews.isDemo, true)).all();
    expect(demos).toHaveLength(4);
    expect(demos.filter((d) => d.status === 'scheduled')).toHaveLength(1);
    const named = db
      .select()
      .from(candidates)
      .where(eq(candidates.fullName, DEMO_CANDIDATE_NAME))
      .all();
    expect(named).toHaveLength(1);
    expect(new Set(demos.map((d) => d.candidateId))).toEqual(new Set([named[0]?.id]));
  });

  it('makes the demo candidate again when the last one was erased', async () => {
    const db = createTestDb();
    const stationKey = randomBytes(32);
    await seedFirstRun(db, loadQuestionBank(bankPath), 1);
    ensureDemoInterview(db, stationKey, 1);
    // As erasure leaves it: the interview and then the candidate gone.
    db.delete(interviews).run();
    db.delete(candidates).run();
    ensureDemoInterview(db, stationKey, 2);
    expect(
      db
        .select()
        .from(candidates)
        .all()
        .map((c) => c.fullName),
    ).toEqual([DEMO_CANDIDATE_NAME]);
  });
});
