import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { and, asc, eq, inArray } from 'drizzle-orm';
import {
  answers,
  auditLog,
  interviews,
  media,
  questions,
  scores,
  sessions,
  sessionSegments,
  transcripts,
  transcriptSegments,
} from '../db/schema';
import { seedTestInterview } from '../db/test-db';
import { loadAccessCodeKey } from '../electron/core/access-code-key';
import { sealFile } from '../electron/core/sealed-file';
import { insertSession, loadInterviewQuestions } from '../electron/domain/session-store';
import { cachingQuestion, STRONG_CACHING_ANSWER } from '../electron/evaluation/test-rubrics';
import { makeClip } from '../electron/signals/worker/test-video';
import { openStationDb, stationFilesKey } from './fixtures/data';
import { signInFirstTime } from './fixtures/staff';
import { recruiterLogin } from './fixtures/station';
import { expect, test } from './fixtures/test';

const CANDIDATE = 'Grace Hopper';
const SESSION_MS = 90_000;
/** Where the spoken answer's first word falls on the session clock. */
const SPOKEN_FROM_MS = 30_000;

/**
 * A finished interview as the station leaves it, before the station starts: a written answer
 * and a spoken one with a transcript and word timings, both to questions with a rubric, and a
 * sealed session recording to replay. The station scores both at start (answers with words and
 * no suggestion), with the offline scorer.
 */
function seedFinishedInterview(dataDir: string) {
  const db = openStationDb(dataDir);
  try {
    const seeded = seedTestInterview(db, {
      questions: [
        {
          type: 'text',
          prompt: 'How would you cache the catalogue?',
          readingSeconds: 5,
          answerSeconds: 60,
        },
        {
          type: 'audio',
          prompt: 'Say how you would cache it.',
          readingSeconds: 5,
          answerSeconds: 60,
        },
        {
          type: 'text',
          prompt: 'How do entries stay fresh?',
          readingSeconds: 5,
          answerSeconds: 60,
        },
        // Recorded, not yet transcribed: nothing to score yet.
        { type: 'audio', prompt: 'Say it once more.', readingSeconds: 5, answerSeconds: 60 },
        {
          type: 'mcq',
          prompt: 'Which store is in memory?',
          options: ['Redis', 'S3'],
          correctOption: 0,
          readingSeconds: 5,
          answerSeconds: 60,
        },
        // Transcribed (nothing was said), its suggestion stored only once the replay is open.
        { type: 'audio', prompt: 'Anything else?', readingSeconds: 5, answerSeconds: 60 },
      ],
      candidateName: CANDIDATE,
      stationKey: loadAccessCodeKey(dataDir),
    });
    db.update(questions)
      .set({ rubric: cachingQuestion.rubric })
      .where(inArray(questions.id, seeded.questionIds))
      .run();
    const startedAt = Date.now() - 3_600_000;
    const questionList = loadInterviewQuestions(db, seeded.interviewId);
    const sessionId = insertSession(db, seeded.interviewId, questionList, startedAt);
    const [written, spoken, brief, untranscribed, mcq, late] = db
      .select()
      .from(answers)
      .where(eq(answers.sessionId, sessionId))
      .orderBy(asc(answers.position))
      .all();
    if (!written || !spoken || !brief || !untranscribed || !mcq || !late) {
      throw new Error('The session has too few answers.');
    }
    db.update(answers)
      .set({ status: 'submitted', text: 'Every entry gets a time to live.' })
      .where(eq(answers.id, brief.id))
      .run();
    db.update(answers).set({ status: 'submitted' }).where(eq(answers.id, untranscribed.id)).run();
    db.update(answers).set({ status: 'submitted', choice: 0 }).where(eq(answers.id, mcq.id)).run();
    const take = db
      .insert(media)
      .values({
        sessionId,
        kind: 'answer_audio',
        relativePath: path.join('media', 'late.wav'),
        mimeType: 'audio/wav',
        startMs: 80_000,
        endMs: 85_000,
      })
      .returning({ id: media.id })
      .get();
    db.update(answers)
      .set({ status: 'submitted', mediaId: take.id, startedMs: 80_000, endedMs: 85_000 })
      .where(eq(answers.id, late.id))
      .run();
    db.insert(transcripts).values({ sessionId, answerId: late.id, model: 'test' }).run();
    db.update(answers)
      .set({ status: 'submitted', text: STRONG_CACHING_ANSWER, startedMs: 5_000, endedMs: 25_000 })
      .where(eq(answers.id, written.id))
      .run();
    // Each spoken word 300 ms apart, as whisper's word timings give them.
    const words = STRONG_CACHING_ANSWER.split(/\s+/).map((word, i) => ({
      word,
      startMs: SPOKEN_FROM_MS + i * 300,
      endMs: SPOKEN_FROM_MS + i * 300 + 250,
    }));
    const lastMs = words.at(-1)?.endMs ?? SPOKEN_FROM_MS;
    db.update(answers)
      .set({
        status: 'submitted',
        transcript: STRONG_CACHING_ANSWER,
        startedMs: SPOKEN_FROM_MS - 1_000,
        endedMs: lastMs + 1_000,
      })
      .where(eq(answers.id, spoken.id))
      .run();
    const transcript = db
      .insert(transcripts)
      .values({ sessionId, answerId: spoken.id, model: 'test', language: 'en' })
      .returning({ id: transcripts.id })
      .get();
    db.insert(transcriptSegments)
      .values({
        transcriptId: transcript.id,
        startMs: SPOKEN_FROM_MS,
        endMs: lastMs,
        text: STRONG_CACHING_ANSWER,
        words,
      })
      .run();

    // The session's first segment (insertSession opens it) ran the whole interview.
    const segment = db
      .update(sessionSegments)
      .set({ startMs: 0, endMs: SESSION_MS })
      .where(and(eq(sessionSegments.sessionId, sessionId), eq(sessionSegments.ordinal, 0)))
      .returning({ id: sessionSegments.id })
      .get();
    if (!segment) throw new Error('The session has no segment.');
    const relativePath = path.join('media', `session-${sessionId}.mp4`);
    // The station serves recordings only from its media folder.
    mkdirSync(path.join(dataDir, 'media'), { recursive: true });
    const plain = makeClip(
      [{ seconds: SESSION_MS / 1000, image: null }],
      path.join(dataDir, 'session-plain.mp4'),
      {
        width: 320,
        height: 240,
        fps: 10,
      },
    );
    // Sealed, as the station records (encryption at rest); sealing removes the plain file.
    sealFile(plain, path.join(dataDir, relativePath), stationFilesKey(dataDir));
    db.insert(media)
      .values({
        sessionId,
        segmentId: segment.id,
        kind: 'recording',
        relativePath,
        mimeType: 'video/mp4',
        startMs: 0,
        endMs: SESSION_MS,
      })
      .run();
    db.update(sessions)
      .set({ status: 'completed', endedAt: startedAt + SESSION_MS, clockMs: SESSION_MS })
      .where(eq(sessions.id, sessionId))
      .run();
    db.update(interviews)
      .set({ status: 'completed', applicationStatus: 'Interviewed' })
      .where(eq(interviews.id, seeded.interviewId))
      .run();
    return { writtenId: written.id, spokenId: spoken.id, briefId: brief.id, lateId: late.id };
  } finally {
    db.$client.close();
  }
}

test('each answer shows its suggestion; a spoken quote plays the replay from there; accepting and ignoring are audited', async ({
  page,
  dataDir,
  startStation,
}) => {
  test.setTimeout(120_000);
  const { writtenId, spokenId, briefId, lateId } = seedFinishedInterview(dataDir);
  const station = await startStation();
  const db = openStationDb(dataDir);
  // The station scores the answers with words at start, in the background.
  const suggestionOf = (answerId: number) =>
    db
      .select()
      .from(scores)
      .where(and(eq(scores.answerId, answerId), eq(scores.scorerKind, 'rubric')))
      .get();
  const scored = [writtenId, spokenId, briefId];
  await expect.poll(() => scored.filter((id) => suggestionOf(id)).length).toBe(3);
  const spoken = suggestionOf(spokenId);
  const written = suggestionOf(writtenId);
  const timed = spoken?.criteria?.flatMap((c) => c.evidence).find((e) => e.startMs !== null);
  expect(timed?.startMs).toBeGreaterThanOrEqual(SPOKEN_FROM_MS);

  await signInFirstTime(page, station.url, recruiterLogin(station), 'a long review password');
  await page
    .getByRole('row', { name: new RegExp(CANDIDATE) })
    .getByRole('button', { name: new RegExp(`^(Open|Review) ${CANDIDATE}$`) })
    .click();
  await expect(page.getByRole('heading', { name: CANDIDATE })).toBeVisible();

  // The written answer: its suggestion, labelled as one, with the scorer that made it.
  const first = page.getByRole('region', { name: 'Suggested score for question 1' });
  await expect(first).toContainText(
    `Suggested score ${written?.score}/100 — a suggestion; you decide`,
  );
  await expect(first).toContainText('Offline scorer (offline-lexical, offline-lexical-1)');
  // Each criterion with its score and weight, as stored.
  const criteria = first.getByRole('list', { name: 'Criteria for question 1' });
  for (const criterion of written?.criteria ?? []) {
    await expect(
      criteria.locator('.suggestion-criterion-head').filter({ hasText: criterion.name }),
    ).toHaveText(`${criterion.name} ${criterion.score}/5 (weight ${criterion.weight})`);
  }
  await expect(first.locator('.suggestion-rationale')).toHaveText(written?.rationale ?? '');
  // A written quote has no time to play from.
  await expect(first.getByRole('button', { name: /^Play from/ })).toHaveCount(0);

  // The spoken answer: a quote plays the session recording from where it was said.
  const second = page.getByRole('region', { name: 'Suggested score for question 2' });
  const video = page.getByLabel('Session recording');
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 10_000 })
    .toBeGreaterThanOrEqual(1);
  const quoteSeconds = (timed?.startMs ?? 0) / 1000;
  await second
    .getByRole('button', { name: new RegExp(`Play from .*${escapeRegExp(timed?.quote ?? '')}`) })
    .first()
    .click();
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime))
    .toBeGreaterThanOrEqual(quoteSeconds - 0.5);
  const at = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
  // Near the quote: it plays on from there, so allow the time it takes to look.
  expect(at).toBeLessThanOrEqual(quoteSeconds + 3);
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => !v.paused)).toBe(true);
  await expect(second.getByRole('status')).toContainText(/Playing the recording from 0:\d\d/);
  await video.evaluate((v: HTMLVideoElement) => v.pause());

  // Accepting the written answer's suggestion makes it this recruiter's score, audited.
  await first.getByRole('button', { name: /^Accept suggestion/ }).click();
  await expect(first.getByRole('status')).toHaveText(
    `Accepted: your score is ${written?.score}/100.`,
  );
  await expect(first.getByText('Accepted by Recruiter')).toBeVisible();
  // The buttons are gone; keyboard focus stays in this suggestion, on its heading.
  await expect(
    first.getByRole('heading', { name: 'Suggested score for question 1' }),
  ).toBeFocused();
  await expect(first.getByRole('button', { name: /^Accept suggestion/ })).toHaveCount(0);
  await expect(page.getByLabel('Your score for question 1 (0–100)')).toHaveValue(
    String(written?.score),
  );
  const mine = db
    .select()
    .from(scores)
    .where(and(eq(scores.answerId, writtenId), eq(scores.scorerKind, 'recruiter')))
    .get();
  expect(mine?.score).toBe(written?.score);

  // "Use my own score" starts the recruiter's form from the suggestion; saving another score
  // records that the suggestion was changed.
  const third = page.getByRole('region', { name: 'Suggested score for question 3' });
  await third.getByRole('button', { name: 'Use my own score' }).click();
  const ownScore = page.getByLabel('Your score for question 3 (0–100)');
  await expect(ownScore).toBeFocused();
  await expect(ownScore).toHaveValue(String(suggestionOf(briefId)?.score));
  const changedTo = ((suggestionOf(briefId)?.score ?? 0) + 10) % 100;
  await ownScore.fill(String(changedTo));
  await page
    .getByRole('article', { name: /Question 3/ })
    .getByRole('button', { name: 'Save score' })
    .click();
  await expect(third.getByText('Changed by Recruiter')).toBeVisible();

  // Nothing to score yet, and nothing new on a multiple-choice answer.
  await expect(page.getByRole('article', { name: /Question 4/ })).toContainText(
    'No suggestion yet: waiting for the transcript.',
  );
  const choice = page.getByRole('article', { name: /Question 5/ });
  await expect(choice.getByRole('region')).toHaveCount(0);
  await expect(choice.getByText(/suggestion/i)).toHaveCount(0);

  // A suggestion stored after the transcript (the scorer runs just after it) still shows up
  // without reloading, with the reason the offline scorer stood in.
  const sixth = page.getByRole('article', { name: /Question 6/ });
  await expect(sixth).toContainText('No suggestion yet.');
  db.insert(scores)
    .values({
      answerId: lateId,
      scorerKind: 'rubric',
      score: 0,
      rationale: 'Nothing was said to score.',
      createdAt: Date.now(),
      model: 'offline-lexical',
      promptVersion: 'offline-lexical-1',
      criteria: [{ name: 'Cache design', score: 0, weight: 2, evidence: [] }],
      fallbackReason: 'Gemini did not answer in 20 s; scored offline',
      latencyMs: 3,
    })
    .run();
  const lateSuggestion = sixth.getByRole('region', { name: 'Suggested score for question 6' });
  await expect(lateSuggestion).toContainText('Gemini did not answer in 20 s; scored offline', {
    timeout: 15_000,
  });
  await expect(lateSuggestion).toContainText('No quote earned this criterion a point.');

  // Ignoring the spoken answer's suggestion is audited too, and says who did it.
  await second.getByRole('button', { name: 'Ignore suggestion' }).click();
  await expect(second.getByText('Ignored by Recruiter')).toBeVisible();
  await expect(second.getByRole('button', { name: 'Ignore suggestion' })).toHaveCount(0);

  const audited = db
    .select({ action: auditLog.action, subjectId: auditLog.subjectId })
    .from(auditLog)
    .where(
      inArray(auditLog.action, ['suggestion_accepted', 'suggestion_changed', 'suggestion_ignored']),
    )
    .all();
  expect(audited).toEqual([
    { action: 'suggestion_accepted', subjectId: writtenId },
    { action: 'suggestion_changed', subjectId: briefId },
    { action: 'suggestion_ignored', subjectId: spokenId },
  ]);
  db.$client.close();
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
