import { hashAccessCode } from '../electron/core/secrets';
import { loadAccessCodeKey } from '../electron/core/access-code-key';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { candidates, interviews } from '../db/schema';
import { selfIdentifications } from '../db/privacy-schema';
import { connectClient, staffSignInToken } from './fixtures/client';
import { openStationDb, seedE2eInterview } from './fixtures/data';
import { openStaffSignIn } from './fixtures/staff';
import { adminLogin } from './fixtures/station';
import { agreeToEverything } from './fixtures/candidate';
import { expect, test } from './fixtures/test';

/** Checks in and consents; lands on the optional self-identification step. */
async function checkInToSelfId(page: Page, url: string, code: string) {
  await page.goto(url);
  await page.getByRole('textbox', { name: 'Interview code' }).fill(code);
  await page.getByRole('button', { name: 'Check in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await agreeToEverything(page);
  // The screen's heading takes the focus, so a screen reader announces the new step.
  await expect(page.getByRole('heading', { name: 'Optional: about you' })).toBeFocused();
  await expect(page.getByText(/never shown to anyone who scores or decides/)).toBeVisible();
}

/** From the step's end: the device check where there is a camera, then the one question. */
async function answerTheQuestion(page: Page) {
  const question = page.getByText('Question 1 of 1');
  const deviceCheck = page.getByRole('heading', { name: /check the camera and microphone/ });
  await expect(question.or(deviceCheck)).toBeVisible();
  if (await deviceCheck.isVisible()) {
    await page.getByRole('button', { name: 'Start the interview' }).click();
  }
  await page.getByRole('button', { name: 'I am ready to answer' }).click();
  await page.getByRole('textbox', { name: 'Your answer' }).fill('Queues decouple services.');
  await page.getByRole('button', { name: 'Submit and finish' }).click();
  await expect(page.getByRole('heading', { name: /your interview is complete/ })).toBeVisible();
  await page.getByRole('button', { name: 'Finish' }).click();
  await expect(page.getByRole('textbox', { name: 'Interview code' })).toBeVisible();
}

test('with self-identification on, one candidate answers it, another skips it, and the admin reads the bias audit', async ({
  page,
  dataDir,
  startStation,
}) => {
  // Two interviews for one job: Ada's (seeded) and Grace's, on the same questionnaire.
  const seeded = seedE2eInterview(dataDir, [{ type: 'text', answerSeconds: 60 }]);
  const db = openStationDb(dataDir);
  const grace = db
    .insert(candidates)
    .values({ fullName: 'Grace Hopper' })
    .returning({ id: candidates.id })
    .get();
  const second = db
    .insert(interviews)
    .values({
      candidateId: grace.id,
      jobId: seeded.jobId,
      questionnaireId: seeded.questionnaireId,
      accessCodeHash: hashAccessCode(loadAccessCodeKey(dataDir), 'GRACE234'),
      expiresAt: Date.UTC(2100, 0, 1),
      alternativePath: seeded.alternativePath,
    })
    .returning({ id: interviews.id })
    .get();
  db.$client.close();

  const station = await startStation();
  const admin = adminLogin(station);
  // Signs in over the socket too (replacing the printed password), to record decisions later.
  const token = await staffSignInToken(station.url, admin);
  const signedInAdmin = { ...admin, password: `${admin.password} replaced` };

  // The setting is off by default; the admin turns it on in Settings.
  await openStaffSignIn(page, station.url, signedInAdmin);
  await page.getByRole('button', { name: 'Settings' }).click();
  const setting = page.getByRole('checkbox', { name: /self-identify/ });
  await expect(setting).not.toBeChecked();
  // The box shows the stored value: it turns checked once the station has saved it.
  await setting.click();
  await expect(setting).toBeChecked();
  await page.getByRole('button', { name: 'Sign out' }).click();

  // Ada answers both questions.
  await checkInToSelfId(page, station.url, seeded.accessCode);
  await page.getByRole('radio', { name: 'Female' }).check();
  await page.getByRole('radio', { name: 'Asian' }).check();
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await answerTheQuestion(page);

  // Grace skips the step, with the keyboard.
  await checkInToSelfId(page, station.url, 'GRACE234');
  await page.getByRole('button', { name: 'Skip this step' }).focus();
  await page.keyboard.press('Enter');
  await answerTheQuestion(page);

  const check = openStationDb(dataDir);
  const stored = check.select().from(selfIdentifications).all();
  check.$client.close();
  expect(stored.map((r) => [r.interviewId, r.sex, r.raceEthnicity])).toEqual([
    [seeded.interviewId, 'female', 'asian'],
  ]);

  // A recruiter's decisions: Ada passed (80), Grace not (40). What they read has no categories.
  const { client, close } = connectClient(station.url);
  await client.review.decide.mutate({
    token,
    interviewId: seeded.interviewId,
    decision: 'Passed',
    overallScore: 80,
  });
  await client.review.decide.mutate({
    token,
    interviewId: second.id,
    decision: 'Rejected',
    overallScore: 40,
  });
  const detail = await client.review.session.query({ token, interviewId: seeded.interviewId });
  expect(JSON.stringify(detail)).not.toMatch(/asian|female/i);
  close();

  await openStaffSignIn(page, station.url, signedInAdmin);
  await page.getByRole('button', { name: 'Manage' }).click();
  await page.getByRole('tab', { name: 'Bias audit' }).click();
  await page.getByLabel('Job').selectOption(String(seeded.jobId));
  await expect(page.getByText(/^2 interviews taken for /)).toBeVisible();
  await expect(page.getByText(/four-fifths rule of thumb \(29 CFR/)).toBeVisible();

  const sex = page.getByRole('table', { name: /^Sex:/ });
  const female = sex.getByRole('row', { name: /^Female/ });
  // 1 interview; selected 1 of 1; scored above the median (60) 1 of 1; the highest of both.
  await expect(female.getByRole('cell')).toHaveText([
    '1',
    '100.0 % (1 of 1)',
    '1.00',
    '100.0 % (1 of 1)',
    '1.00',
    /^0\.0 %/,
    '—',
  ]);
  // No men in this sample: counted as 0 and left out of the ratios.
  await expect(sex.getByRole('row', { name: /^Male/ }).getByRole('cell')).toHaveText([
    '0',
    '—',
    'Excluded',
    '—',
    'Excluded',
    '—',
    'Excluded',
  ]);
  await expect(
    page.getByText('Unknown or “prefer not to say”: 1 interview, not counted in any sex category.'),
  ).toBeVisible();
  const both = page.getByRole('table', { name: /^Sex and race\/ethnicity:/ });
  await expect(
    both
      .getByRole('row', { name: /^Female, Asian/ })
      .getByRole('cell')
      .first(),
  ).toHaveText('1');
  await page.screenshot({ path: '/tmp/bias-audit-tab.png', fullPage: true });

  await page.getByRole('button', { name: 'Export CSV' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: /^Download bias-report-.*\.csv$/ }).click();
  const lines = readFileSync(await (await downloading).path(), 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(lines[0]).toMatch(/^Dimension,Category,Interviews,/);
  expect(lines).toContain('Sex,Unknown or prefer not to say (not counted),1');
  expect(lines.some((l) => l.startsWith('Sex,Female,1,no,1,1.0000,1.0000,1,1,1.0000,1.0000'))).toBe(
    true,
  );
  expect(lines.join('\n')).not.toMatch(/Ada|Grace/);

  const audit = openStationDb(dataDir);
  const exported = audit.$client
    .prepare("SELECT count(*) FROM audit_log WHERE action = 'bias_report_exported'")
    .pluck()
    .get();
  audit.$client.close();
  expect(exported).toBe(1);
});
