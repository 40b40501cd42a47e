import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { facePhotos } from '../electron/signals/test-media';
import { makeClip } from '../electron/signals/test-video';
import { checkInAndConsent } from './fixtures/candidate';
import { seedE2eInterview } from './fixtures/data';
import {
  freshDataDir,
  recruiterLogin,
  repoRoot,
  startStation,
  type RunningStation,
} from './fixtures/station';

let station: RunningStation | undefined;
// Playwright finds fixtures by destructuring the first parameter; this hook needs none.
// eslint-disable-next-line no-empty-pattern
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach('station output', { body: station?.output.join('\n') ?? '' });
  }
  await station?.stop();
  station = undefined;
});

const NEW_PASSWORD = 'a long monitoring password';

/** Signs in from the attract screen's staff corner, choosing a password on first sign-in. */
async function signInAsRecruiter(page: Page, running: RunningStation) {
  const { username, password } = recruiterLogin(running);
  await page.goto(running.url);
  await page.getByRole('button', { name: 'Staff', exact: true }).click();
  await page.getByRole('button', { name: 'Staff sign-in' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Current password').fill(password);
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('New password again').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Save password' }).click();
  await expect(page.getByRole('heading', { name: 'Interviews' })).toBeVisible();
}

test('a recruiter watches the running interview live: who, where, signals and a No face event', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const dataDir = freshDataDir();
  const [photo = ''] = facePhotos();
  const face = { x: 235, y: 295, width: 560, height: 420 };
  // The file camera loops: a face for 3 s, nobody for 5 s, then the face again.
  const camera = makeClip(
    [
      { seconds: 3, image: photo, crop: face },
      { seconds: 5, image: null },
      { seconds: 8, image: photo, crop: face },
    ],
    path.join(dataDir, 'camera.mp4'),
  );
  const { accessCode, candidateName } = seedE2eInterview(dataDir, [
    {
      type: 'text',
      prompt: 'Describe a hard bug you fixed.',
      readingSeconds: 40,
      answerSeconds: 60,
    },
  ]);
  station = await startStation(dataDir, { STATION_CAMERA_FILE: camera });

  // The recruiter, in a browser of their own on the same station, opens the Station tab.
  const staffContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const staff = await staffContext.newPage();
  await signInAsRecruiter(staff, station);
  await staff.getByRole('button', { name: 'Station', exact: true }).click();
  await expect(staff.getByRole('heading', { name: 'Station', level: 1 })).toBeVisible();
  const live = staff.getByRole('region', { name: 'Live interview' });
  await expect(live.getByText('No interview is running on this station now.')).toBeVisible();
  // Diagnostics: the plain model sentence, the camera, the disk.
  const diagnostics = staff.getByRole('region', { name: 'Station diagnostics' });
  await expect(diagnostics.getByText(/No transcription model/)).toBeVisible();
  await expect(diagnostics.getByText(/free of/)).toBeVisible();

  // The candidate starts; the recruiter's panel follows without a reload.
  await checkInAndConsent(page, station.url, accessCode);
  await expect(live.getByText(candidateName, { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(live.getByRole('status')).toHaveText(`Interview started: ${candidateName}.`);
  await expect(live.getByText(/1 of 1 · Reading time/)).toBeVisible();
  const faces = live.locator('.indicator', { hasText: 'Faces in view' });
  await expect(faces.locator('dd')).toHaveText(/^(1|None)/, { timeout: 15_000 });
  await expect(live.getByText(/per second/)).toBeVisible();
  await expect(diagnostics.getByText('Working').first()).toBeVisible({ timeout: 15_000 });

  // Through the clip's empty stretch: the event arrives while the interview runs, as a prompt.
  const events = live.getByRole('list', { name: 'Events for review' });
  const noFace = events.getByRole('listitem').filter({ hasText: 'No face' });
  await expect(noFace).toBeVisible({ timeout: 25_000 });
  await expect(noFace).toContainText('Worth a look in the recording.');
  await expect(noFace).toContainText(/\d:\d{2}–\d:\d{2}/);
  await expect(live.getByRole('status')).toContainText('New for review: No face');
  await expect(page.getByText(/^Question 1 of 1$/)).toBeVisible(); // still running
  await staff.screenshot({ path: path.join(repoRoot, 'out', 'shots', 'station-tab.png') });

  // The candidate finishes: the panel says so, and keeps nothing of them.
  await page.getByRole('button', { name: 'I am ready to answer' }).click();
  await page.getByRole('textbox', { name: 'Your answer' }).fill('A race in the cache.');
  await page.getByRole('button', { name: 'Submit and finish' }).click();
  await expect(live.getByText('No interview is running on this station now.')).toBeVisible();
  await expect(live.getByText(candidateName, { exact: true })).toHaveCount(0);
  await staffContext.close();
});
