import { expect, test } from './fixtures/test';
import { axeViolations } from './fixtures/axe';
import { agreeToEverything, calibrateOrSkip } from './fixtures/candidate';
import { faceCamera } from './fixtures/media';
import { signInFirstTime } from './fixtures/staff';
import { seedE2eInterview } from './fixtures/data';
import { adminLogin, recruiterLogin } from './fixtures/station';

test('every candidate screen and every staff screen has no WCAG 2.2 A/AA violation (axe-core)', async ({
  page,
  browser,
  dataDir,
  startStation,
}) => {
  test.setTimeout(180_000);
  const { accessCode } = seedE2eInterview(dataDir, [
    {
      type: 'mcq',
      prompt: 'Which structure gives O(1) average lookup?',
      options: ['Linked list', 'Hash map', 'Binary heap', 'Stack'],
      answerSeconds: 60,
    },
    { type: 'text', prompt: 'Describe a hard bug you fixed.', answerSeconds: 60 },
  ]);
  const station = await startStation();
  const found: string[] = [];
  const check = async (screen: string) => found.push(...(await axeViolations(page, screen)));

  // The candidate's screens, in the order a candidate meets them.
  await page.goto(station.url);
  const code = page.getByRole('textbox', { name: 'Interview code' });
  await expect(code).toBeVisible();
  await check('attract');
  await code.fill('WRNG-0001');
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByRole('alert').first()).toContainText('not recognised');
  await check('attract after a wrong code');
  await code.fill(accessCode);
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible();
  await check('welcome');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: /what this station records/ })).toBeVisible();
  await check('consent');
  await agreeToEverything(page);
  await expect(page.getByText(/^Question 1 of 2$/)).toBeVisible();
  await check('question reading time');
  await page.getByRole('button', { name: 'I am ready to answer' }).click();
  await expect(page.getByRole('radio', { name: /Hash map/ })).toBeVisible();
  await check('multiple-choice answer');
  await page.getByRole('radio', { name: /Hash map/ }).check();
  await page.getByRole('button', { name: 'Submit answer' }).click();
  await page.getByRole('button', { name: 'I am ready to answer' }).click();
  await page.getByRole('textbox', { name: 'Your answer' }).fill('I bisected a flaky cache.');
  await check('written answer');
  await page.getByRole('button', { name: 'Submit and finish' }).click();
  await expect(page.getByRole('heading', { name: /your interview is complete/ })).toBeVisible();
  await check('done');

  // Staff: the sign-in, then every area and every Manage tab, as the admin sees them.
  const staffContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const staff = await staffContext.newPage();
  const checkStaff = async (screen: string) => found.push(...(await axeViolations(staff, screen)));
  await staff.goto(station.url);
  await staff.getByRole('button', { name: 'Staff', exact: true }).click();
  await staff.getByRole('button', { name: 'Staff sign-in' }).click();
  await expect(staff.getByLabel('Username')).toBeVisible();
  await checkStaff('staff sign-in');
  const admin = adminLogin(station);
  await staff.getByLabel('Username').fill(admin.username);
  await staff.getByLabel('Password').fill(admin.password);
  await staff.getByRole('button', { name: 'Sign in' }).click();
  await expect(staff.getByLabel('Current password')).toBeVisible();
  await checkStaff('first sign-in: choose a password');
  await staff.getByLabel('Current password').fill(admin.password);
  await staff.getByLabel('New password', { exact: true }).fill('a long new staff password');
  await staff.getByLabel('New password again').fill('a long new staff password');
  await staff.getByRole('button', { name: 'Save password' }).click();
  await expect(staff.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(staff.getByRole('heading', { name: 'Interviews' })).toBeVisible();
  await checkStaff('interviews dashboard');
  await staff
    .getByRole('button', { name: /^Review/ })
    .first()
    .click();
  await expect(staff.getByRole('heading', { level: 1 })).toBeVisible();
  await staff.waitForTimeout(1000);
  await checkStaff('replay');
  const nav = staff.getByRole('navigation', { name: 'Staff areas' });
  await nav.getByRole('button', { name: 'Manage' }).click();
  // Every staff area has one top-level heading (the Manage area had none).
  await expect(staff.getByRole('heading', { name: 'Manage', level: 1 })).toBeAttached();
  const tabs = staff.getByRole('tablist', { name: 'Manage' }).getByRole('tab');
  await expect(tabs.first()).toBeVisible();
  for (const tab of await tabs.all()) {
    const name = (await tab.textContent()) ?? '';
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
    await staff.waitForTimeout(300);
    await checkStaff(`manage: ${name}`);
  }
  await nav.getByRole('button', { name: 'Station' }).click();
  await expect(staff.getByRole('heading', { name: 'Station', level: 1 })).toBeVisible();
  await checkStaff('station');
  await nav.getByRole('button', { name: 'Settings' }).click();
  await expect(staff.getByRole('heading', { level: 1 })).toBeVisible();
  await checkStaff('settings');
  await staffContext.close();

  expect(found).toEqual([]);
});

test('with a camera: the device check, calibration, proctoring notices and a replay with events have no violation', async ({
  page,
  browser,
  dataDir,
  startStation,
}) => {
  test.setTimeout(180_000);
  // A face for 3 s, nobody for 5 s, then the face again: a No face event for the replay.
  const camera = faceCamera(dataDir, [
    [3, true],
    [5, false],
    [8, true],
  ]);
  const { accessCode, candidateName } = seedE2eInterview(dataDir, [
    {
      type: 'text',
      prompt: 'Describe a hard bug you fixed.',
      readingSeconds: 30,
      answerSeconds: 60,
    },
  ]);
  const station = await startStation({ STATION_CAMERA_FILE: camera });
  const found: string[] = [];
  await page.goto(station.url);
  await page.getByRole('textbox', { name: 'Interview code' }).fill(accessCode);
  await page.getByRole('button', { name: 'Check in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: /what this station records/ })).toBeVisible();
  found.push(...(await axeViolations(page, 'consent with a camera')));
  await agreeToEverything(page);
  await expect(
    page.getByRole('heading', { name: /check the camera and microphone/ }),
  ).toBeVisible();
  await expect(page.getByRole('img', { name: /camera sees/ })).toBeVisible({ timeout: 15_000 });
  found.push(...(await axeViolations(page, 'device check')));
  await calibrateOrSkip(page);
  found.push(...(await axeViolations(page, 'device check after calibration')));
  await page.getByRole('button', { name: 'Start the interview' }).click();
  await expect(page.getByText(/^Question 1 of 1$/)).toBeVisible();
  // Through the clip's empty stretch: the candidate's notice that the face is not seen.
  const notice = page.getByRole('status').filter({ hasText: /can’t see your face/ });
  await expect(notice).toBeVisible({ timeout: 15_000 });
  found.push(...(await axeViolations(page, 'question with a proctoring notice')));
  await expect(notice).toHaveCount(0, { timeout: 10_000 });
  await page.getByRole('button', { name: 'I am ready to answer' }).click();
  await page.getByRole('textbox', { name: 'Your answer' }).fill('I bisected a flaky cache.');
  await page.getByRole('button', { name: 'Submit and finish' }).click();
  await expect(page.getByRole('heading', { name: /your interview is complete/ })).toBeVisible();

  const staffContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const staff = await staffContext.newPage();
  await signInFirstTime(staff, station.url, recruiterLogin(station));
  await staff.getByRole('button', { name: `Review ${candidateName}` }).click();
  await expect(staff.getByRole('button', { name: /^No face \d:\d{2}/ })).toBeVisible({
    timeout: 20_000,
  });
  await staff.waitForTimeout(1000);
  found.push(...(await axeViolations(staff, 'replay with events')));
  await staffContext.close();
  expect(found).toEqual([]);
});
