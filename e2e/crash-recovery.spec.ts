import { expect, test } from './fixtures/test';
import { asc } from 'drizzle-orm';
import { answers, events, sessionSegments, sessions } from '../db/schema';
import { checkInAndConsent, secondsLeft } from './fixtures/candidate';
import { openStationDb, seedE2eInterview } from './fixtures/data';

test('after SIGKILL mid-question the station resumes at that question with the time left', async ({
  page,
  dataDir,
  startStation,
}) => {
  const { accessCode } = seedE2eInterview(dataDir, [
    { type: 'text', answerSeconds: 90 },
    {
      type: 'mcq',
      options: ['A one', 'B two', 'C three', 'D four'],
      correctOption: 1,
      answerSeconds: 60,
    },
  ]);
  let station = await startStation();
  await checkInAndConsent(page, station.url, accessCode);
  await page.getByRole('button', { name: 'I am ready to answer' }).click();
  const box = page.getByRole('textbox', { name: 'Your answer' });
  await box.pressSequentially('Typed well before the crash.');
  // More than 2 s before the kill: this must survive.
  await page.waitForTimeout(2500);
  const leftAtKill = await secondsLeft(page);
  await station.kill();

  station = await startStation();
  expect(station.output.join('\n')).toContain('interrupted interview');
  await page.goto(station.url);
  await expect(page.getByText(/interrupted at question 1 of 2/)).toBeVisible();
  // Resuming takes the candidate's own code: a session id alone gives nobody an interview.
  await page.getByRole('textbox', { name: 'Interview code' }).fill(accessCode);
  await page.getByRole('button', { name: 'Resume my interview' }).click();
  await expect(page.getByText('Question 1 of 2')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Your answer' })).toHaveValue(
    'Typed well before the crash.',
  );
  const leftAfterResume = await secondsLeft(page);
  expect(Math.abs(leftAfterResume - leftAtKill)).toBeLessThanOrEqual(2);

  // The gap is on the record: a restart event and a second recording segment.
  const db = openStationDb(dataDir);
  const restart = db.select().from(events).all();
  expect(restart.map((e) => e.type)).toEqual(['restart']);
  expect(db.select().from(sessionSegments).all()).toHaveLength(2);
  expect(db.select().from(sessions).get()?.integrityFlags).toContain('interrupted');

  // Finish the interview; a completed session is not offered again and its code is spent.
  await page.getByRole('button', { name: 'Submit answer' }).click();
  await page.getByRole('button', { name: 'I am ready to answer' }).click();
  await page.getByRole('radio', { name: /B two/ }).check();
  await page.getByRole('button', { name: 'Submit and finish' }).click();
  await expect(page.getByRole('heading', { name: /your interview is complete/ })).toBeVisible();
  expect(db.select().from(answers).orderBy(asc(answers.position)).all()[0]?.text).toBe(
    'Typed well before the crash.',
  );
  db.$client.close();

  await station.stop();
  station = await startStation();
  await page.goto(station.url);
  await expect(page.getByRole('textbox', { name: 'Interview code' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Resume my interview' })).toHaveCount(0);
  await page.getByRole('textbox', { name: 'Interview code' }).fill(accessCode);
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByRole('alert')).toContainText('already been used');
});

test('a page reload mid-question offers the running interview back, clock still running', async ({
  page,
  context,
  dataDir,
  startStation,
}) => {
  const { accessCode } = seedE2eInterview(dataDir, [{ type: 'text', answerSeconds: 120 }]);
  const station = await startStation();
  await checkInAndConsent(page, station.url, accessCode);
  await page.getByRole('button', { name: 'I am ready to answer' }).click();
  await page.getByRole('textbox', { name: 'Your answer' }).pressSequentially('Kept across reload');

  // A second page, even with the right code, cannot take the session while the first is open.
  const other = await context.newPage();
  await other.goto(station.url);
  await other.getByRole('textbox', { name: 'Interview code' }).fill(accessCode);
  await other.getByRole('button', { name: 'Resume my interview' }).click();
  await expect(other.getByText(/open on another screen/)).toBeVisible();
  await other.close();
  await expect(page.getByRole('textbox', { name: 'Your answer' })).toHaveValue(
    'Kept across reload',
  );

  await page.waitForTimeout(1500);
  const before = await secondsLeft(page);

  await page.reload();
  await expect(page.getByText(/in progress on this station, at question 1 of 1/)).toBeVisible();
  // Resuming takes the candidate's own code: a session id alone gives nobody an interview.
  await page.getByRole('textbox', { name: 'Interview code' }).fill(accessCode);
  await page.getByRole('button', { name: 'Resume my interview' }).click();
  await expect(page.getByRole('textbox', { name: 'Your answer' })).toHaveValue(
    'Kept across reload',
  );
  expect(before - (await secondsLeft(page))).toBeLessThanOrEqual(3);

  // Nothing was interrupted: no restart event, still one recording segment.
  const db = openStationDb(dataDir);
  expect(db.select().from(events).all()).toHaveLength(0);
  expect(db.select().from(sessionSegments).all()).toHaveLength(1);
  db.$client.close();
});
