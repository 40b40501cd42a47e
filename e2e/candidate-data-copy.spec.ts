import { execFileSync } from 'node:child_process';
import { checkInAndConsent } from './fixtures/candidate';
import { seedE2eInterview } from './fixtures/data';
import { signInFirstTime } from './fixtures/staff';
import { recruiterLogin } from './fixtures/station';
import { expect, test } from './fixtures/test';

test('staff make a copy of everything held about a candidate and download it as one zip', async ({
  page,
  dataDir,
  startStation,
}) => {
  test.setTimeout(90_000);
  const { accessCode, candidateName } = seedE2eInterview(dataDir, [
    { type: 'text', answerSeconds: 120 },
  ]);
  const station = await startStation();
  await checkInAndConsent(page, station.url, accessCode);
  await page.getByRole('button', { name: 'I am ready to answer' }).click();
  await page.getByRole('textbox', { name: 'Your answer' }).fill('My answer, copied back to me.');
  await expect(page.getByText(/^Saved at/)).toBeVisible();
  await page.getByRole('button', { name: 'Submit and finish' }).click();
  await expect(page.getByRole('heading', { name: /your interview is complete/ })).toBeVisible();

  await signInFirstTime(page, station.url, recruiterLogin(station));
  await page.getByRole('button', { name: 'Manage' }).click();
  await page.getByRole('tab', { name: 'Candidates' }).click();
  await page.getByRole('button', { name: `Copy of data of ${candidateName}` }).click();
  const panel = page.getByRole('region', { name: `Copy of ${candidateName}'s data` });
  await panel.getByRole('button', { name: 'Make the copy' }).click();
  const link = panel.getByRole('link', { name: /^Download candidate-\d+-data\.zip$/ });
  await expect(link).toBeVisible({ timeout: 30_000 });
  await expect(panel.getByRole('status')).toContainText('The copy is ready');

  const downloading = page.waitForEvent('download');
  await link.click();
  const zip = (await (await downloading).path()) ?? '';
  const unzip = (...args: string[]) => execFileSync('unzip', args).toString();
  expect(unzip('-tq', zip)).toMatch(/No errors detected/);
  const names = unzip('-Z1', zip).trim().split('\n');
  expect(names).toEqual(
    expect.arrayContaining([
      'README.txt',
      'data/candidates.jsonl',
      'data/interviews.jsonl',
      'data/consents.jsonl',
      'data/answers.jsonl',
      'data/audit_log.jsonl',
    ]),
  );
  expect(unzip('-p', zip, 'data/answers.jsonl')).toContain('My answer, copied back to me.');
  expect(unzip('-p', zip, 'data/candidates.jsonl')).toContain(candidateName);
  expect(unzip('-p', zip, 'data/interviews.jsonl')).not.toContain(accessCode);
  // The report, printed by the station's own Chromium.
  const report = names.find((name) => /^reports\/interview-\d+\.pdf$/.test(name)) ?? '';
  expect(report).not.toBe('');
  expect(execFileSync('unzip', ['-p', zip, report]).subarray(0, 5).toString()).toBe('%PDF-');
});
