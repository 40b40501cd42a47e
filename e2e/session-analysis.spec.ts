import { eq, inArray } from 'drizzle-orm';
import { expect, test } from './fixtures/test';
import { answers, media, questions, scores } from '../db/schema';
import { cachingQuestion, STRONG_CACHING_ANSWER } from '../electron/evaluation/test-rubrics';
import { checkInAndConsent } from './fixtures/candidate';
import { openStationDb, seedE2eInterview } from './fixtures/data';
import { faceCamera } from './fixtures/media';
import { signInFirstTime } from './fixtures/staff';
import { recruiterLogin } from './fixtures/station';

test('the replay shows the interview analysis from the suggested scores, and its links jump to the answer', async ({
  page,
  dataDir,
  startStation,
}) => {
  test.setTimeout(120_000);
  const { accessCode, candidateName, questionIds } = seedE2eInterview(dataDir, [
    { type: 'text', prompt: cachingQuestion.prompt, answerSeconds: 120 },
    { type: 'text', prompt: cachingQuestion.prompt, answerSeconds: 120 },
  ]);
  const seedDb = openStationDb(dataDir);
  seedDb
    .update(questions)
    .set({ rubric: cachingQuestion.rubric })
    .where(inArray(questions.id, questionIds))
    .run();
  seedDb.$client.close();
  const station = await startStation({ STATION_CAMERA_FILE: faceCamera(dataDir, [[3, true]]) });

  await checkInAndConsent(page, station.url, accessCode);
  await page.getByRole('button', { name: 'I am ready to answer' }).click();
  // Both answers typed, not pasted, so answer 2 starts seconds into the session recording and
  // the recording runs on past it.
  await page
    .getByRole('textbox', { name: 'Your answer' })
    .pressSequentially(STRONG_CACHING_ANSWER, { delay: 8 });
  await page.getByRole('button', { name: 'Submit answer' }).click();
  await expect(page.getByText('Question 2 of 2')).toBeVisible();
  await page.getByRole('button', { name: 'I am ready to answer' }).click();
  await page
    .getByRole('textbox', { name: 'Your answer' })
    .pressSequentially(
      'I would put Redis in front of the catalogue with the cache-aside pattern.',
      {
        delay: 40,
      },
    );
  await page.getByRole('button', { name: 'Submit and finish' }).click();
  await expect(page.getByRole('heading', { name: /your interview is complete/ })).toBeVisible();

  // The offline scorer suggests a score for each written answer once the session ends.
  const db = openStationDb(dataDir);
  await expect
    .poll(() => db.select().from(scores).where(eq(scores.scorerKind, 'rubric')).all().length, {
      timeout: 20_000,
    })
    .toBe(2);

  await signInFirstTime(page, station.url, recruiterLogin(station), 'a long analysis password');
  await page.getByRole('button', { name: new RegExp(`^(Open|Review) ${candidateName}$`) }).click();
  const analysis = page.getByRole('region', { name: 'Interview analysis — suggestion only' });
  await expect(analysis.getByText('Suggestion only — a recruiter decides')).toBeVisible();
  await expect(analysis.getByText(/^Suggested score \d+\/100/)).toBeVisible();
  await expect(analysis.getByText('(2 answers scored by the offline scorer.)')).toBeVisible();
  await expect(analysis.getByText(/over 2 of 2 open answers/)).toBeVisible();

  // The strong first answer's cache design is a strength, quoted; the second said nothing on
  // freshness, and the rubric's words say what to ask about.
  const strengths = analysis
    .getByRole('list')
    .filter({ hasText: 'Cache design (5 of 5) in answer 1' });
  await expect(strengths).toBeVisible();
  const area = analysis
    .getByRole('listitem')
    .filter({ hasText: 'Freshness' })
    .filter({ hasText: 'in answer 2' });
  await expect(area).toContainText('not mentioned — time to live; invalidate on write');
  const keyword = analysis
    .getByRole('list', { name: 'Keywords, most used first' })
    .getByRole('listitem')
    .filter({ hasText: /^redis/ });
  await expect(keyword).toHaveText('redis ×2 rubric · answers 1, 2');

  // The area's link seeks the replay to where answer 2 began.
  const second = db.select().from(answers).where(eq(answers.position, 1)).get();
  const recording = db.select().from(media).where(eq(media.kind, 'recording')).get();
  const expected = ((second?.startedMs ?? 0) - (recording?.startMs ?? 0)) / 1000;
  expect(expected).toBeGreaterThan(1);
  const video = page.getByLabel('Session recording');
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 10_000 })
    .toBeGreaterThanOrEqual(1);
  await area.getByRole('button', { name: 'Jump to answer 2' }).click();
  await expect
    .poll(async () =>
      Math.abs((await video.evaluate((v: HTMLVideoElement) => v.currentTime)) - expected),
    )
    .toBeLessThanOrEqual(0.5);
  db.$client.close();
});
