import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { checkInAndConsent } from './fixtures/candidate';
import { openStationDb, seedE2eInterview } from './fixtures/data';
import { signInFirstTime } from './fixtures/staff';
import { adminLogin, recruiterLogin } from './fixtures/station';
import { expect, test } from './fixtures/test';

test('staff copy everything held about a candidate into one zip, then an admin erases them and nothing is left', async ({
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

  // Then the erasure: an admin reads what goes, types the name, and it is gone.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signInFirstTime(page, station.url, adminLogin(station));
  await page.getByRole('button', { name: 'Manage' }).click();
  await page.getByRole('tab', { name: 'Candidates' }).click();
  await page.getByRole('button', { name: `Erase ${candidateName}` }).click();
  const erase = page.getByRole('region', { name: `Erase ${candidateName}` });
  await expect(erase).toContainText('Erasing deletes 1 interview, 1 session');
  await erase.getByLabel(`Type “${candidateName}” to confirm`).fill('Someone Else');
  await erase.getByRole('button', { name: `Erase ${candidateName}` }).click();
  await expect(erase.getByRole('alert')).toContainText('does not match');
  await erase.getByLabel(`Type “${candidateName}” to confirm`).fill(candidateName);
  await erase.getByRole('button', { name: `Erase ${candidateName}` }).click();
  await expect(page.getByRole('status')).toContainText('Everything the station held about them');

  const db = openStationDb(dataDir);
  try {
    const left = (table: string) =>
      db.$client.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
    expect(left('candidates WHERE full_name = ' + "'" + candidateName + "'")).toBe(0);
    for (const table of ['sessions', 'answers', 'media', 'signal_frames', 'consents', 'events']) {
      expect(left(table), table).toBe(0);
    }
    expect(left("audit_log WHERE action = 'candidate_erased'")).toBe(1);
    expect(left('interview_aggregates')).toBe(1);
  } finally {
    db.$client.close();
  }
  const mediaDir = path.join(dataDir, 'media');
  const mediaLeft = existsSync(mediaDir) ? readdirSync(mediaDir, { recursive: true }) : [];
  expect(mediaLeft.filter((name) => String(name).includes('.'))).toEqual([]);
  // The code no longer checks anyone in.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.goto(station.url);
  await page.getByRole('textbox', { name: 'Interview code' }).fill(accessCode);
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByText(/not recognised/)).toBeVisible();
});
