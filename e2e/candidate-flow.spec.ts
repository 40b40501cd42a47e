import { expect, test } from './fixtures/test';
import { asc, eq } from 'drizzle-orm';
import { answers, consents, interviews, scores, sessions } from '../db/schema';
import { checkInAndConsent } from './fixtures/candidate';
import { openStationDb, seedE2eInterview } from './fixtures/data';
import { faceCamera } from './fixtures/media';

test('a candidate completes a questionnaire: right and wrong MCQ, text, and a time-out', async ({
  page,
  dataDir,
  startStation,
}) => {
  const { accessCode, candidateName, interviewId } = seedE2eInterview(dataDir, [
    { type: 'mcq', options: ['HTTP', 'FTP', 'TLS', 'SMTP'], correctOption: 2, answerSeconds: 60 },
    { type: 'mcq', options: ['Yes', 'No', 'Maybe', 'Never'], correctOption: 0, answerSeconds: 60 },
    { type: 'text', answerSeconds: 120 },
    { type: 'text', answerSeconds: 4 },
  ]);
  const station = await startStation();
  await checkInAndConsent(page, station.url, accessCode);

  // 1: the right option.
  await page.getByRole('button', { name: 'I am ready to answer' }).click();
  await page.getByRole('radio', { name: /TLS/ }).check();
  await expect(page.getByText(/^Saved at/)).toBeVisible();
  await page.getByRole('button', { name: 'Submit answer' }).click();

  // 2: a wrong option.
  await expect(page.getByText('Question 2 of 4')).toBeVisible();
  await page.getByRole('button', { name: 'I am ready to answer' }).click();
  await page.getByRole('radio', { name: /Maybe/ }).check();
  await page.getByRole('button', { name: 'Submit answer' }).click();

  // 3: text, submitted.
  await expect(page.getByText('Question 3 of 4')).toBeVisible();
  await page.getByRole('button', { name: 'I am ready to answer' }).click();
  await page
    .getByRole('textbox', { name: 'Your answer' })
    .fill('Indexes trade write speed for reads.');
  await page.getByRole('button', { name: 'Submit answer' }).click();

  // 4: text, left to time out; main saves what was typed and ends the interview.
  await expect(page.getByText('Question 4 of 4')).toBeVisible();
  await page.getByRole('button', { name: 'I am ready to answer' }).click();
  await page.getByRole('textbox', { name: 'Your answer' }).pressSequentially('Out of time');
  await expect(page.getByRole('heading', { name: /your interview is complete/ })).toBeVisible({
    timeout: 15_000,
  });

  await page.getByRole('button', { name: 'Finish' }).click();
  await expect(page.getByRole('textbox', { name: 'Interview code' })).toBeVisible();
  await expect(page.locator('body')).not.toContainText(candidateName);

  const db = openStationDb(dataDir);
  const rows = db.select().from(answers).orderBy(asc(answers.position)).all();
  expect(rows.map((a) => a.status)).toEqual(['submitted', 'submitted', 'submitted', 'timed_out']);
  expect(rows.map((a) => a.choice)).toEqual([2, 2, null, null]);
  expect(rows[2]?.text).toBe('Indexes trade write speed for reads.');
  expect(rows[3]?.text).toBe('Out of time');
  const autoScores = db.select().from(scores).orderBy(asc(scores.answerId)).all();
  expect(autoScores.map((s) => [s.scorerKind, s.score])).toEqual([
    ['auto', 100],
    ['auto', 0],
  ]);
  const session = db.select().from(sessions).get();
  expect(session?.status).toBe('completed');
  const interview = db.select().from(interviews).where(eq(interviews.id, interviewId)).get();
  expect(interview?.status).toBe('completed');
  db.$client.close();
});

test('declining consent is recorded, offers the alternative path and records nothing', async ({
  page,
  dataDir,
  startStation,
}) => {
  const { accessCode, alternativePath, interviewId } = seedE2eInterview(dataDir, [
    { type: 'text', answerSeconds: 60 },
  ]);
  // A station with a camera, whose notice asks for recording and signals.
  const station = await startStation({ STATION_CAMERA_FILE: faceCamera(dataDir, [[3, true]]) });
  await page.goto(station.url);
  await page.getByRole('textbox', { name: 'Interview code' }).fill(accessCode.toLowerCase());
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByRole('heading', { name: 'Hello, Ada Lovelace' })).toBeVisible();
  await page.getByRole('button', { name: 'Continue' }).click();
  // Recording yes, face and voice signals no: separate choices, stored as given.
  await page.getByRole('checkbox', { name: /video recording of my answers/ }).check();
  await expect(page.getByRole('button', { name: 'Agree and start the interview' })).toBeDisabled();
  await page.getByRole('button', { name: 'I do not agree' }).click();
  await expect(page.getByRole('heading', { name: /nothing has been recorded/ })).toBeVisible();
  await expect(page.getByText(alternativePath)).toBeVisible();
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('textbox', { name: 'Interview code' })).toHaveValue('');

  const db = openStationDb(dataDir);
  const consent = db.select().from(consents).get();
  expect(consent).toMatchObject({
    kind: 'notice',
    recording: true,
    signals: false,
    agreed: false,
    noticeVersion: expect.any(String),
  });
  expect(consent?.decidedAt).toBeGreaterThan(0);
  expect(db.select().from(sessions).all()).toHaveLength(0);
  const interview = db.select().from(interviews).where(eq(interviews.id, interviewId)).get();
  expect(interview?.status).toBe('declined');
  db.$client.close();
});

test('the declined screen says when it clears and returns to the start by itself after 30 s', async ({
  page,
  dataDir,
  startStation,
}) => {
  const { accessCode } = seedE2eInterview(dataDir, [{ type: 'text', answerSeconds: 60 }]);
  const station = await startStation();
  await page.clock.install();
  await page.goto(station.url);
  await page.getByRole('textbox', { name: 'Interview code' }).fill(accessCode);
  await page.getByRole('button', { name: 'Check in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'I do not agree' }).click();
  await expect(page.getByRole('heading', { name: /nothing has been recorded/ })).toBeVisible();
  await expect(page.getByText(/returns to the start by itself in 30 seconds/)).toBeVisible();
  await page.clock.fastForward('00:20');
  await expect(page.getByRole('heading', { name: /nothing has been recorded/ })).toBeVisible();
  await page.clock.fastForward('00:11');
  await expect(page.getByRole('textbox', { name: 'Interview code' })).toHaveValue('');
});
