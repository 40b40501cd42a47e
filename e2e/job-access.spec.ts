import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';
import { openStationDb } from './fixtures/data';
import { seedTestInterview } from '../db/test-db';
import { signInFirstTime } from './fixtures/staff';
import { adminLogin, recruiterLogin } from './fixtures/station';

const NEW_PASSWORD = 'a long job access password';
const ALPHA = { jobTitle: 'Alpha Analyst', candidateName: 'Ada Lovelace' };
const BETA = { jobTitle: 'Beta Builder', candidateName: 'Grace Hopper' };

/** In Manage, Staff: ticks exactly `titles` as the account's jobs and saves. */
async function assignJobs(page: Page, username: string, titles: string[]) {
  await page.getByRole('button', { name: `Jobs of ${username}` }).click();
  const form = page
    .locator('form')
    .filter({ has: page.getByRole('button', { name: 'Save jobs' }) });
  // The first job has keyboard focus, so an admin can tick with Space and Tab on.
  await expect(form.getByRole('checkbox').first()).toBeFocused();
  for (const box of await form.getByRole('checkbox').all()) {
    const label = (await box.getAttribute('id')) ?? '';
    const title = (await form.locator(`label[for="${label}"]`).textContent()) ?? '';
    await box.setChecked(titles.includes(title));
  }
  await form.getByRole('button', { name: 'Save jobs' }).click();
  await expect(form).toHaveCount(0);
}

test('two recruiters of two jobs each see only their own job’s interviews', async ({
  page,
  dataDir,
  startStation,
}) => {
  const db = openStationDb(dataDir);
  for (const seed of [ALPHA, BETA]) {
    seedTestInterview(db, {
      ...seed,
      questions: [{ type: 'text', readingSeconds: 5, answerSeconds: 30 }],
    });
  }
  db.$client.close();
  const station = await startStation();
  const recruiter = recruiterLogin(station);

  // The admin adds a second recruiter and gives each recruiter one job.
  await signInFirstTime(page, station.url, adminLogin(station), NEW_PASSWORD);
  await page.getByRole('button', { name: 'Manage' }).click();
  await page.getByRole('tab', { name: 'Staff' }).click();
  const form = page.getByRole('region', { name: 'New account' });
  await form.getByLabel('Username').fill('bea');
  await form.getByLabel('Display name').fill('Bea Builder');
  await form.getByRole('button', { name: 'Create account' }).click();
  const issued = page.getByRole('region', { name: 'Account created' });
  const beaPassword = (await issued.locator('.big-code').textContent()) ?? '';
  await issued.getByRole('button', { name: 'I have passed it on' }).click();
  // The station's own recruiter kept every job the station had (the one-time grant).
  const ownRow = page.getByRole('row', { name: new RegExp(`^${recruiter.username}`) });
  await expect(ownRow).toContainText(ALPHA.jobTitle);
  await expect(ownRow).toContainText(BETA.jobTitle);
  await expect(page.getByRole('row', { name: /^bea/ })).toContainText('No jobs');

  await assignJobs(page, recruiter.username, [ALPHA.jobTitle]);
  await assignJobs(page, 'bea', [BETA.jobTitle]);
  await expect(ownRow).not.toContainText(BETA.jobTitle);
  await expect(page.getByRole('row', { name: /^bea/ })).toContainText(BETA.jobTitle);
  await page.getByRole('button', { name: 'Sign out' }).click();

  for (const [login, own, other] of [
    [recruiter, ALPHA, BETA],
    [{ username: 'bea', password: beaPassword }, BETA, ALPHA],
  ] as const) {
    await signInFirstTime(page, station.url, login, NEW_PASSWORD);
    await expect(page.getByRole('heading', { name: 'Interviews' })).toBeVisible();
    await expect(page.getByRole('row', { name: new RegExp(own.candidateName) })).toBeVisible();
    await expect(page.getByText(other.candidateName)).toHaveCount(0);
    await expect(page.getByText(other.jobTitle)).toHaveCount(0);
    await page.getByRole('button', { name: 'Sign out' }).click();
  }
});
