import { expect, test } from './fixtures/test';
import { asc, eq } from 'drizzle-orm';
import { consents, events, interviews, media, sessions, signalFrames } from '../db/schema';
import { checkInAndConsent } from './fixtures/candidate';
import { openStationDb, seedE2eInterview } from './fixtures/data';
import { faceCamera } from './fixtures/media';
import { signInFirstTime } from './fixtures/staff';
import { recruiterLogin } from './fixtures/station';

/** Signal fields that only face landmarks (face geometry) produce. */
const LANDMARK_FIELDS = [
  'earLeft',
  'earRight',
  'earAvg',
  'blink',
  'pitch',
  'yaw',
  'roll',
  'gazeX',
  'gazeY',
  'lookingAway',
] as const;
/** Events that only face landmarks can raise. */
const LANDMARK_EVENTS = ['looking_away', 'eyes_closed'];

test('a candidate on a station without a camera reads no video or face wording', async ({
  page,
  dataDir,
  startStation,
}) => {
  const { accessCode } = seedE2eInterview(dataDir, [{ type: 'text', answerSeconds: 60 }]);
  const station = await startStation();
  await page.goto(station.url);
  await page.getByRole('textbox', { name: 'Interview code' }).fill(accessCode);
  await page.getByRole('button', { name: 'Check in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  const notice = page.getByRole('region', { name: /what this station records/ });
  await expect(notice).toContainText('records no video or sound');
  const text = (await notice.innerText()).toLowerCase();
  expect(text).not.toMatch(/records video|video and audio|from its camera|face|biometric/);
  await expect(page.getByRole('group', { name: 'Your choices' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Agree and start the interview' }).click();
  await expect(page.getByText('Question 1 of 1')).toBeVisible();

  // The record says which words were read.
  const db = openStationDb(dataDir);
  const rows = db.select().from(consents).all();
  expect(rows.map((row) => [row.kind, row.agreed])).toEqual([['notice', true]]);
  expect(rows[0]?.noticeVersion).toMatch(/^notice-/);
  expect(rows[0]?.noticeText).toContain('records no video or sound');
  expect(rows[0]?.noticeText).not.toMatch(/records video/);
  db.$client.close();
});

test('a candidate who declines the biometric release is recorded without face geometry', async ({
  page,
  dataDir,
  startStation,
}) => {
  test.setTimeout(120_000);
  const { accessCode } = seedE2eInterview(dataDir, [
    { type: 'text', readingSeconds: 30, answerSeconds: 60 },
  ]);
  const station = await startStation({ STATION_CAMERA_FILE: faceCamera(dataDir, [[4, true]]) });
  await page.goto(station.url);
  await page.getByRole('textbox', { name: 'Interview code' }).fill(accessCode);
  await page.getByRole('button', { name: 'Check in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: /Biometric release/ })).toBeVisible();
  // The screen says what declining means before the candidate goes on.
  await expect(page.getByText(/measures nothing of your face/).first()).toBeVisible();
  for (const box of await page
    .getByRole('group', { name: 'Your choices' })
    .getByRole('checkbox')
    .all()) {
    await box.check();
  }
  await expect(
    page.getByRole('checkbox', { name: /face-geometry measurements/ }),
  ).not.toBeChecked();
  await page.getByRole('button', { name: 'Agree and start the interview' }).click();
  await expect(page.getByRole('img', { name: /camera sees/ })).toBeVisible({ timeout: 15_000 });
  // No calibration either: it measures the face's pose.
  await expect(page.getByRole('button', { name: 'Start the interview' })).toBeEnabled();
  await expect(page.getByRole('heading', { name: /Look at the screen/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Start the interview' }).click();
  await expect(page.getByText('Question 1 of 1')).toBeVisible();
  // Long enough for the signal worker to have analysed a few seconds of the face.
  await page.waitForTimeout(4000);
  await page.getByRole('button', { name: 'I am ready to answer' }).click();
  await page.getByRole('textbox', { name: 'Your answer' }).fill('No face measurements, please.');
  await page.getByRole('button', { name: 'Submit and finish' }).click();
  await expect(page.getByRole('heading', { name: /your interview is complete/ })).toBeVisible();

  const db = openStationDb(dataDir);
  await expect
    .poll(() => db.select().from(media).where(eq(media.kind, 'recording')).get()?.endMs ?? null, {
      timeout: 20_000,
    })
    .not.toBeNull();
  const release = db.select().from(consents).where(eq(consents.kind, 'biometric')).get();
  expect(release).toMatchObject({ agreed: false, noticeVersion: expect.stringMatching(/^bipa-/) });
  const frames = db.select().from(signalFrames).all();
  // Face detection still ran (a face is in view), but nothing of the face was measured.
  expect(frames.some((frame) => frame.faceCount > 0)).toBe(true);
  for (const field of LANDMARK_FIELDS) {
    expect(
      frames.filter((frame) => frame[field] !== null),
      field,
    ).toEqual([]);
  }
  const types = db.select({ type: events.type }).from(events).all();
  expect(types.filter((e) => LANDMARK_EVENTS.includes(e.type))).toEqual([]);
  expect(db.select({ calibration: sessions.calibration }).from(sessions).get()).toEqual({
    calibration: null,
  });
  db.$client.close();
});

test('a candidate withdraws mid-interview keeping their answers; recording stops; review shows it', async ({
  page,
  dataDir,
  startStation,
}) => {
  test.setTimeout(150_000);
  const { accessCode, candidateName } = seedE2eInterview(dataDir, [
    { type: 'text', prompt: 'Describe a hard bug you fixed.', answerSeconds: 60 },
    { type: 'text', prompt: 'What would you do differently?', answerSeconds: 60 },
  ]);
  const station = await startStation({ STATION_CAMERA_FILE: faceCamera(dataDir, [[4, true]]) });
  await checkInAndConsent(page, station.url, accessCode);
  await page.getByRole('button', { name: 'I am ready to answer' }).click();
  await page.getByRole('textbox', { name: 'Your answer' }).fill('I bisected a flaky cache.');
  await page.getByRole('button', { name: 'Submit answer' }).click();
  await expect(page.getByText('Question 2 of 2')).toBeVisible();
  // Withdraw once the station is recording and analysing the camera.
  const live = openStationDb(dataDir);
  await expect
    .poll(() => live.select().from(signalFrames).all().length, { timeout: 20_000 })
    .toBeGreaterThan(15);
  live.$client.close();

  // Keyboard only: Tab reaches the control, Enter opens the dialog, which explains the choice.
  const withdraw = page.getByRole('button', { name: 'Withdraw consent' });
  for (
    let i = 0;
    i < 10 && !(await withdraw.evaluate((el) => el === document.activeElement));
    i++
  ) {
    await page.keyboard.press('Tab');
  }
  await expect(withdraw).toBeFocused();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Withdraw your consent?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('stops recording and computing signals at once');
  await expect(dialog.getByRole('radio', { name: /Keep my answers so far/ })).toBeChecked();
  await dialog.getByRole('button', { name: 'Withdraw and end the interview' }).click();
  await expect(page.getByRole('heading', { name: /consent is withdrawn/ })).toBeVisible();
  await expect(page.getByText(/kept for your application/)).toBeVisible();
  await expect(page.getByText('Question 2 of 2')).toHaveCount(0);

  const db = openStationDb(dataDir);
  await expect
    .poll(() => db.select().from(media).where(eq(media.kind, 'recording')).get()?.endMs ?? null, {
      timeout: 20_000,
    })
    .not.toBeNull();
  const withdrawal = db.select().from(consents).where(eq(consents.kind, 'withdrawal')).get();
  expect(withdrawal).toMatchObject({ agreed: false, keepAnswers: true });
  const recording = db.select().from(media).where(eq(media.kind, 'recording')).get();
  // The recording ends where the candidate withdrew (within the capture's stop time).
  expect(Math.abs((recording?.endMs ?? 0) - (withdrawal?.atMs ?? 0))).toBeLessThan(2000);
  expect(db.select().from(sessions).get()?.status).toBe('completed');
  const interview = db.select().from(interviews).get();
  expect(interview?.erasureRequestedAt).toBeNull();
  // Signals until the withdrawal, none after it.
  const frames = db.select().from(signalFrames).orderBy(asc(signalFrames.tMs)).all();
  expect(frames.length).toBeGreaterThan(15);
  // This candidate signed the release: face geometry was measured until then.
  expect(frames.some((frame) => frame.earAvg !== null)).toBe(true);
  expect(frames.at(-1)?.tMs ?? 0).toBeLessThanOrEqual((withdrawal?.atMs ?? 0) + 500);
  expect((recording?.endMs ?? 0) - (recording?.startMs ?? 0)).toBeGreaterThan(1000);
  db.$client.close();

  // Done leaves nothing of the candidate on screen.
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('textbox', { name: 'Interview code' })).toBeVisible();
  await signInFirstTime(page, station.url, recruiterLogin(station), 'a long review password');
  const row = page.getByRole('row', { name: new RegExp(candidateName) });
  await row.getByRole('button', { name: new RegExp(`^(Open|Review) ${candidateName}$`) }).click();
  const banner = page.getByRole('note', { name: 'Consent withdrawn' });
  await expect(banner).toContainText(/Consent withdrawn at \d+:\d{2}/);
  await expect(banner).toContainText('keep the answers given so far');
  await expect(page.getByText('I bisected a flaky cache.')).toBeVisible();
});
