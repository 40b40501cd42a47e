import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures/test';
import { checkInAndConsent } from './fixtures/candidate';
import { seedE2eInterview } from './fixtures/data';
import { faceCamera } from './fixtures/media';
import { signInFirstTime } from './fixtures/staff';
import { adminLogin, demoCode, recruiterLogin, repoRoot } from './fixtures/station';

test('a recruiter watches the running interview live: who, where, signals and a No face event', async ({
  page,
  browser,
  dataDir,
  startStation,
}) => {
  test.setTimeout(120_000);
  // The file camera loops: a face for 3 s, nobody for 5 s, then the face again.
  const camera = faceCamera(dataDir, [
    [3, true],
    [5, false],
    [8, true],
  ]);
  const { accessCode, candidateName } = seedE2eInterview(dataDir, [
    {
      type: 'text',
      prompt: 'Describe a hard bug you fixed.',
      readingSeconds: 40,
      answerSeconds: 60,
    },
  ]);
  // CI runs on a virtual machine: IT's config sets that check aside here, so the live status
  // line this test reads is not overtaken by a "Virtual machine" event (vm-check.test.ts has it).
  const config = path.join(dataDir, 'it-config.json');
  writeFileSync(config, JSON.stringify({ 'kiosk.virtualMachine': 'ignore' }));
  const station = await startStation({ STATION_CAMERA_FILE: camera, STATION_CONFIG: config });

  // The recruiter, in a browser of their own on the same station, opens the Station tab.
  const staffContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const staff = await staffContext.newPage();
  await signInFirstTime(staff, station.url, recruiterLogin(station));
  await staff.getByRole('button', { name: 'Station', exact: true }).click();
  await expect(staff.getByRole('heading', { name: 'Station', level: 1 })).toBeVisible();
  const live = staff.getByRole('region', { name: 'Live interview' });
  await expect(live.getByText('No interview is running on this station now.')).toBeVisible();
  // Diagnostics: the plain model sentence, the camera, the disk.
  const diagnostics = staff.getByRole('region', { name: 'Station diagnostics' });
  await expect(diagnostics.getByText(/No transcription model/)).toBeVisible();
  await expect(diagnostics.getByText(/free of/)).toBeVisible();
  // The support bundle holds the whole station's logs and settings: admins only.
  await expect(diagnostics.getByRole('button', { name: 'Make a diagnostics bundle' })).toHaveCount(
    0,
  );

  // The candidate starts; the recruiter's panel follows without a reload.
  await checkInAndConsent(page, station.url, accessCode);
  await expect(live.getByText(candidateName, { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(live.getByRole('status')).toHaveText(`Interview started: ${candidateName}.`);
  await expect(live.getByText(/1 of 1 · Reading time/)).toBeVisible();
  const faces = live.locator('.indicator', { hasText: 'Faces in view' });
  await expect(faces.locator('dd')).toHaveText(/^(1|None)/, { timeout: 15_000 });
  const gaze = live.locator('.indicator', { hasText: 'Gaze' });
  // Measured while the face is in view (the clip's first and last stretches).
  await expect(gaze.locator('dd')).toHaveText(/^(Centre|To their left|To their right|Up|Down)$/, {
    timeout: 15_000,
  });
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
  await staff.screenshot({
    path: path.join(repoRoot, 'out', 'shots', 'station-tab.png'),
    fullPage: true,
  });

  // The candidate finishes: the panel says so, and keeps nothing of them.
  await page.getByRole('button', { name: 'I am ready to answer' }).click();
  await page.getByRole('textbox', { name: 'Your answer' }).fill('A race in the cache.');
  await page.getByRole('button', { name: 'Submit and finish' }).click();
  await expect(live.getByText('No interview is running on this station now.')).toBeVisible();
  await expect(live.getByText(candidateName, { exact: true })).toHaveCount(0);
  await staffContext.close();
});

test('an admin sees IT’s managed config errors in diagnostics and downloads a bundle with no candidate data', async ({
  page,
  browser,
  dataDir,
  startStation,
}) => {
  test.setTimeout(90_000);
  const { accessCode, candidateName } = seedE2eInterview(dataDir, [
    { type: 'text', readingSeconds: 5, answerSeconds: 60 },
  ]);
  // One good key, one the station refuses; the $schema key editors use is ignored.
  const config = path.join(dataDir, '..', `${path.basename(dataDir)}-config.json`);
  writeFileSync(
    config,
    JSON.stringify({
      $schema: '../resources/managed-config.schema.json',
      'retention.days': 90,
      'kiosk.displays': 'sometimes',
    }),
  );
  const station = await startStation({ STATION_CONFIG: config });
  await checkInAndConsent(page, station.url, accessCode);
  await expect(page.getByRole('button', { name: 'I am ready to answer' })).toBeVisible();

  // The admin, in a browser of their own, while the candidate's interview runs.
  const adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const admin = await adminContext.newPage();
  await signInFirstTime(admin, station.url, adminLogin(station));
  await admin.getByRole('button', { name: 'Station', exact: true }).click();
  const diagnostics = admin.getByRole('region', { name: 'Station diagnostics' });
  const errors = diagnostics.getByRole('list', { name: 'Managed config errors' });
  await expect(errors.getByRole('listitem')).toHaveText([/^kiosk\.displays: Invalid option/]);
  await expect(diagnostics.getByText(/1 setting\(s\) applied/)).toBeVisible();
  await expect(errors).not.toContainText('sometimes');

  await diagnostics.getByRole('button', { name: 'Make a diagnostics bundle' }).click();
  const link = diagnostics.getByRole('link', { name: /^Download station-diagnostics-.*\.zip$/ });
  const downloading = admin.waitForEvent('download');
  await link.click();
  const zip = (await (await downloading).path()) ?? '';
  const unzip = (...args: string[]) => execFileSync('unzip', args).toString();
  expect(unzip('-Z1', zip).trim().split('\n')).toEqual(
    expect.arrayContaining(['README.txt', 'diagnostics.json', 'settings.json', 'logs/station.log']),
  );
  const all = ['README.txt', 'diagnostics.json', 'settings.json', 'logs/station.log']
    .map((name) => unzip('-p', zip, name))
    .join('\n');
  expect(all).toContain('kiosk.displays');
  // The candidate seeded (test-db.ts gives them this e-mail), their code, the admin password.
  const personal = [candidateName, 'ada@example.com', accessCode, demoCode(station)];
  for (const secret of [...personal, adminLogin(station).password]) {
    expect(all).not.toContain(secret);
  }
  await adminContext.close();
});
