/**
 * Issue 14's promise end to end: a spoken answer is transcribed on the station and scored
 * against its rubric — through Gemini (the real SDK, a fake Gemini server at the HTTP
 * boundary) only for a candidate who consented, offline otherwise — and a recruiter sees the
 * suggestion with its evidence, changes it and decides. A failing Gemini opens the circuit and
 * offline scores appear with the reason.
 */
import type { Page } from '@playwright/test';
import { eq, inArray } from 'drizzle-orm';
import { answers, auditLog, evaluations, interviews, media, questions, scores } from '../db/schema';
import { startTestPulse, type TestPulse } from '../electron/capture/test-pulse';
import {
  promptOf,
  startFakeGemini,
  type FakeGemini,
  type FakeGeminiRequest,
} from '../electron/evaluation/test-fake-gemini';
import { cachingQuestion } from '../electron/evaluation/test-rubrics';
import { checkInAndConsent } from './fixtures/candidate';
import { E2E_CANDIDATE, openStationDb, seedE2eInterview } from './fixtures/data';
import { interviewAloud } from './fixtures/spoken-interview';
import { signInFirstTime } from './fixtures/staff';
import { recruiterLogin, type RunningStation } from './fixtures/station';
import { expect, test } from './fixtures/test';
import { provisionTestModel } from './fixtures/transcription';

/** A "model" that quotes the first words of the answer it was sent, as evidence. */
function quotingReply(request: FakeGeminiRequest) {
  const answer = /BEGIN ANSWER [0-9a-f]+\n([\s\S]*?)\n/.exec(promptOf(request))?.[1] ?? '';
  return {
    criteria: cachingQuestion.rubric.criteria.map((c, i) => ({
      name: c.name,
      score: 4 - i,
      evidence: i === 0 ? [answer.split(/\s+/).slice(0, 4).join(' ')] : [],
    })),
    rationale: 'Covers the main points of the rubric.',
    instructionsInAnswer: false,
  };
}

/** The station's environment for a Gemini key set by IT and the fake server as Gemini. */
const geminiEnv = (fake: FakeGemini) => ({
  GEMINI_API_KEY: 'e2e-test-key-not-a-real-one',
  GEMINI_BASE_URL: fake.baseUrl,
});

/** The rubric on every seeded question, and AI scoring allowed for the interview. */
function allowAiScoring(dataDir: string, seeded: { interviewId: number; questionIds: number[] }) {
  const db = openStationDb(dataDir);
  try {
    db.update(questions)
      .set({ rubric: cachingQuestion.rubric })
      .where(inArray(questions.id, seeded.questionIds))
      .run();
    db.update(interviews)
      .set({ aiScoring: true })
      .where(eq(interviews.id, seeded.interviewId))
      .run();
  } finally {
    db.$client.close();
  }
}

/** The stored suggestions (scores of the offline scorer or Gemini), oldest first. */
function suggestionRows(dataDir: string) {
  const db = openStationDb(dataDir);
  try {
    return db
      .select()
      .from(scores)
      .where(inArray(scores.scorerKind, ['rubric', 'gemini']))
      .orderBy(scores.id)
      .all();
  } finally {
    db.$client.close();
  }
}

/** Where the session recording starts on the session clock. */
function recordingStart(dataDir: string): number {
  const db = openStationDb(dataDir);
  try {
    return db.select().from(media).where(eq(media.kind, 'recording')).get()?.startMs ?? 0;
  } finally {
    db.$client.close();
  }
}

async function openReplay(page: Page, running: RunningStation, candidateName: string) {
  await signInFirstTime(page, running.url, recruiterLogin(running));
  await page
    .getByRole('row', { name: new RegExp(candidateName) })
    .getByRole('button', { name: new RegExp(`^(Open|Review) ${candidateName}$`) })
    .click();
  await expect(page.getByRole('heading', { name: candidateName })).toBeVisible();
}

test.describe('AI-assisted evaluation of a spoken answer', () => {
  let pulse: TestPulse;
  let fake: FakeGemini;
  test.beforeEach(async () => {
    pulse = await startTestPulse();
    fake = await startFakeGemini({ kind: 'reply', json: quotingReply });
  });
  test.afterEach(async () => {
    await fake.close();
    await pulse.stop();
  });

  test('a consenting candidate is scored through Gemini; the recruiter follows the evidence, changes the score and decides', async ({
    page,
    dataDir,
    startStation,
  }) => {
    test.setTimeout(300_000);
    const { env: modelEnv } = provisionTestModel(dataDir);
    const { running, candidateName } = await interviewAloud(
      page,
      pulse,
      dataDir,
      startStation,
      { ...modelEnv, ...geminiEnv(fake) },
      { prepare: (seeded) => allowAiScoring(dataDir, seeded) },
    );
    await expect
      .poll(() => suggestionRows(dataDir).length, { timeout: 180_000 })
      .toBeGreaterThan(0);
    const [suggestion] = suggestionRows(dataDir);
    expect(suggestion).toMatchObject({ scorerKind: 'gemini', model: 'gemini-2.5-flash' });
    // One request, shaped as the scorer must send it, with nothing about the candidate.
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.problems).toEqual([]);
    expect(fake.requests[0]?.raw).not.toContain(E2E_CANDIDATE);
    // The quote is the transcript's own words, at their session-clock times.
    const evidence = suggestion?.criteria?.[0]?.evidence[0];
    expect(evidence?.startMs).toEqual(expect.any(Number));

    await openReplay(page, running, candidateName);
    const panel = page.getByRole('region', { name: /Suggested score for question 1/ });
    await expect(panel).toBeVisible();
    await expect(panel.getByText(/Gemini/)).toBeVisible();
    await expect(panel.getByText(/a suggestion/i)).toBeVisible();
    // A quote seeks the replay to where it was said.
    const video = page.getByLabel('Session recording');
    await expect
      .poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(1);
    await panel
      .getByRole('button', { name: /Play from/ })
      .first()
      .click();
    // Where the quote was said, in the session recording's own time.
    const expectedSeconds = ((evidence?.startMs ?? 0) - recordingStart(dataDir)) / 1000;
    await expect
      .poll(
        async () =>
          Math.abs(
            (await video.evaluate((v: HTMLVideoElement) => v.currentTime)) - expectedSeconds,
          ),
        { timeout: 10_000 },
      )
      .toBeLessThanOrEqual(1);

    // The recruiter's own score differs from the suggestion: the change is audited.
    await panel.getByRole('button', { name: 'Use my own score' }).click();
    const own = page.getByRole('spinbutton', { name: /Your score for question 1/ });
    await expect(own).toBeFocused();
    await own.fill(String(Math.max(0, (suggestion?.score ?? 50) - 20)));
    await page.getByRole('button', { name: 'Save score' }).first().click();
    await expect(panel.getByText(/Changed by/)).toBeVisible();
    const db = openStationDb(dataDir);
    try {
      const actions = db.select({ action: auditLog.action }).from(auditLog).all();
      expect(actions.map((a) => a.action)).toContain('suggestion_changed');
    } finally {
      db.$client.close();
    }
    await page
      .getByRole('combobox', { name: 'Application status' })
      .selectOption({ label: 'Passed' });
    await page.getByRole('button', { name: 'Save decision' }).click();
    // The recruiter's decision is the one recorded, and the interview moved with it.
    const decided = openStationDb(dataDir);
    try {
      await expect
        .poll(() => decided.select().from(evaluations).get()?.decision ?? null)
        .toBe('Passed');
      const interviewId = decided.select().from(evaluations).get()?.interviewId ?? -1;
      const interview = decided.select().from(interviews).where(eq(interviews.id, interviewId));
      expect(interview.get()?.applicationStatus).toBe('Passed');
    } finally {
      decided.$client.close();
    }
  });

  test('a candidate who did not consent is scored offline only: Gemini gets no request', async ({
    page,
    dataDir,
    startStation,
  }) => {
    test.setTimeout(300_000);
    const { env: modelEnv } = provisionTestModel(dataDir);
    await interviewAloud(
      page,
      pulse,
      dataDir,
      startStation,
      { ...modelEnv, ...geminiEnv(fake) },
      { prepare: (seeded) => allowAiScoring(dataDir, seeded), declineAi: true },
    );
    await expect
      .poll(() => suggestionRows(dataDir).length, { timeout: 180_000 })
      .toBeGreaterThan(0);
    const [suggestion] = suggestionRows(dataDir);
    expect(suggestion?.scorerKind).toBe('rubric');
    expect(suggestion?.fallbackReason).toMatch(/consent/i);
    expect(fake.requests).toHaveLength(0);
  });
});

test('with Gemini failing, the circuit opens and offline scores appear with the reason', async ({
  page,
  dataDir,
  startStation,
}) => {
  test.setTimeout(240_000);
  const fake = await startFakeGemini({ kind: 'status', status: 503 });
  try {
    const text = (n: number) => ({
      type: 'text' as const,
      prompt: `${cachingQuestion.prompt} (${n})`,
      answerSeconds: 60,
    });
    const seeded = seedE2eInterview(dataDir, [text(1), text(2), text(3), text(4)]);
    allowAiScoring(dataDir, seeded);
    const running = await startStation(geminiEnv(fake));
    await checkInAndConsent(page, running.url, seeded.accessCode);
    for (let n = 1; n <= 4; n++) {
      await expect(page.getByText(`Question ${n} of 4`)).toBeVisible();
      await page.getByRole('button', { name: 'I am ready to answer' }).click();
      await page
        .getByRole('textbox', { name: 'Your answer' })
        .fill('I would use the cache-aside pattern with Redis and a time to live on every entry.');
      await page
        .getByRole('button', { name: n < 4 ? 'Submit answer' : 'Submit and finish' })
        .click();
    }
    await expect(page.getByRole('heading', { name: /your interview is complete/ })).toBeVisible();
    await expect.poll(() => suggestionRows(dataDir).length, { timeout: 120_000 }).toBe(4);
    const rows = suggestionRows(dataDir);
    expect(rows.every((r) => r.scorerKind === 'rubric')).toBe(true);
    expect(rows.every((r) => /scored offline/i.test(r.fallbackReason ?? ''))).toBe(true);
    // Three failed calls (each retried) open the circuit: the fourth asks Gemini nothing.
    const requestsWhileClosed = fake.requests.length;
    expect(rows.filter((r) => /paused/.test(r.fallbackReason ?? ''))).toHaveLength(1);
    expect(requestsWhileClosed).toBeLessThanOrEqual(9);
    const db = openStationDb(dataDir);
    try {
      expect(
        db
          .select()
          .from(answers)
          .all()
          .filter((a) => a.text).length,
      ).toBe(4);
    } finally {
      db.$client.close();
    }
    await openReplay(page, running, seeded.candidateName);
    await expect(page.getByText(/scored offline/i).first()).toBeVisible();
  } finally {
    await fake.close();
  }
});
