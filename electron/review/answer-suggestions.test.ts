import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { auditLog, consents, scores } from '../../db/schema';
import { createTestDb } from '../../db/test-db';
import {
  promptOf,
  startFakeGemini,
  type FakeGemini,
  type FakeGeminiRequest,
} from '../evaluation/test-fake-gemini';
import type { StaffUser } from '../domain/staff-auth';
import { STRONG_CACHING_ANSWER } from '../evaluation/test-rubrics';
import { ignoreSuggestion, scoreAnswer } from './scoring';
import { loadSessionDetail } from './session-detail';
import { seedAnsweredSession, testSuggestions } from './test-answered-session';

const SPOKEN =
  'I would put Redis in front of the catalogue with the cache-aside pattern and give every entry a time to live';
const recruiter: StaffUser = {
  id: 0,
  role: 'recruiter',
  username: 'r',
  displayName: 'Rita',
  mustChangePassword: false,
};

describe('suggested scores for spoken and written answers', () => {
  let db: Db;
  let interviewId: number;
  let sessionId: number;
  let textAnswer: number;
  let spokenAnswer: number;
  let fake: FakeGemini | null = null;
  let geminiKey: { apiKey: string; model: string; baseUrl?: string } | null = null;

  beforeEach(() => {
    db = createTestDb();
    const user = db.$client
      .prepare(
        "INSERT INTO users (username, display_name, password_hash, role) VALUES ('rita', 'Rita', 'x', 'recruiter') RETURNING id",
      )
      .get() as { id: number };
    recruiter.id = user.id;
    const session = seedAnsweredSession(db, {
      spoken: SPOKEN,
      candidateName: 'Grace Hopper',
      aiScoring: true,
    });
    ({ sessionId, textAnswer, spokenAnswer } = session);
    interviewId = session.seeded.interviewId;
    geminiKey = null;
  });
  afterEach(async () => {
    await fake?.close();
    fake = null;
    db.$client.close();
  });

  const suggestions = () => testSuggestions(db, () => geminiKey);
  const consent = (aiScoring: boolean) =>
    db
      .insert(consents)
      .values({
        interviewId,
        noticeVersion: 'v1',
        recording: true,
        signals: true,
        agreed: true,
        aiScoring,
        decidedAt: 1,
      })
      .run();

  it('scores written and spoken answers offline with quoted evidence; spoken quotes carry their times', async () => {
    const service = suggestions();
    service.sessionEnded(sessionId);
    await service.settle();
    const detail = loadSessionDetail(db, interviewId);
    const [written, spoken, mcq] = detail.answers;
    expect(mcq?.suggestion).toBeNull();
    expect(written?.suggestion).toMatchObject({ provider: 'offline', model: 'offline-lexical' });
    expect(written?.suggestion?.score).toBeGreaterThan(70);
    const writtenQuotes = written?.suggestion?.criteria.flatMap((c) => c.evidence) ?? [];
    expect(writtenQuotes.length).toBeGreaterThan(0);
    for (const e of writtenQuotes) {
      expect(STRONG_CACHING_ANSWER).toContain(e.quote);
      expect(e.startMs).toBeNull();
    }
    const spokenQuotes = spoken?.suggestion?.criteria.flatMap((c) => c.evidence) ?? [];
    expect(spokenQuotes.length).toBeGreaterThan(0);
    for (const e of spokenQuotes) {
      expect(e.startMs).toBeGreaterThanOrEqual(20_000);
      expect(e.endMs).toBeLessThanOrEqual(20_000 + SPOKEN.split(' ').length * 300);
    }
    expect(spoken?.suggestion?.criteria.map((c) => c.weight)).toEqual([2, 1]);
    // Scored once: a second end (or a restart's catch-up) adds nothing.
    service.sessionEnded(sessionId);
    expect(service.catchUp()).toBe(0);
    await service.settle();
    expect(db.select().from(scores).where(eq(scores.scorerKind, 'rubric')).all()).toHaveLength(2);
  });

  it('asks Gemini only for a consenting candidate, with no personal data, else scores offline', async () => {
    fake = await startFakeGemini({
      kind: 'reply',
      json: (request: FakeGeminiRequest) => {
        const answer = /BEGIN ANSWER [0-9a-f]+\n([\s\S]*?)\n/.exec(promptOf(request))?.[1] ?? '';
        const quote = answer.split(' ').slice(0, 6).join(' ');
        return {
          criteria: [
            { name: 'Cache design', score: 4, evidence: [quote] },
            { name: 'Freshness', score: 3, evidence: [] },
          ],
          rationale: 'Names the pattern and the store.',
          instructionsInAnswer: false,
        };
      },
    });
    geminiKey = { apiKey: 'test-key', model: 'gemini-2.5-flash', baseUrl: fake.baseUrl };
    consent(false);
    const service = suggestions();
    await service.suggest(textAnswer);
    expect(fake.requests).toHaveLength(0);
    expect(loadSessionDetail(db, interviewId).answers[0]?.suggestion?.fallbackReason).toMatch(
      /consent/i,
    );

    consent(true);
    await service.suggest(spokenAnswer);
    expect(fake.requests).toHaveLength(1);
    const body = fake.requests[0]?.raw ?? '';
    expect(body).not.toContain('Grace');
    expect(body).not.toContain('ada@example.com');
    expect(fake.requests[0]?.problems).toEqual([]);
    const spoken = loadSessionDetail(db, interviewId).answers[1]?.suggestion;
    expect(spoken).toMatchObject({ provider: 'gemini', model: 'gemini-2.5-flash' });
  });

  it('accepting, changing or ignoring a suggestion is recorded once and audited', async () => {
    const service = suggestions();
    service.sessionEnded(sessionId);
    await service.settle();
    const [written, spoken] = loadSessionDetail(db, interviewId).answers;
    const writtenId = written?.suggestion?.scoreId ?? 0;
    scoreAnswer(db, 10, recruiter, {
      answerId: textAnswer,
      score: written?.suggestion?.score ?? 0,
      notes: '',
      suggestionId: writtenId,
    });
    ignoreSuggestion(db, 11, recruiter, {
      answerId: spokenAnswer,
      scoreId: spoken?.suggestion?.scoreId ?? 0,
    });
    const after = loadSessionDetail(db, interviewId).answers;
    expect(after[0]?.suggestion?.response).toEqual({ kind: 'accepted', byName: 'Rita', at: 10 });
    expect(after[1]?.suggestion?.response).toMatchObject({ kind: 'ignored' });
    expect(after[0]?.recruiterScores[0]?.score).toBe(written?.suggestion?.score);
    const actions = db
      .select({ action: auditLog.action })
      .from(auditLog)
      .all()
      .map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining(['suggestion_accepted', 'suggestion_ignored', 'answer_scored']),
    );
    // Responded once: again is a conflict, another answer's suggestion is not found.
    expect(() =>
      scoreAnswer(db, 12, recruiter, {
        answerId: textAnswer,
        score: 5,
        notes: '',
        suggestionId: writtenId,
      }),
    ).toThrow(/already responded/);
    expect(() =>
      ignoreSuggestion(db, 12, recruiter, { answerId: spokenAnswer, scoreId: writtenId }),
    ).toThrow(/no such suggestion/);
  });
});
