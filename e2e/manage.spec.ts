import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';
import { eq } from 'drizzle-orm';
import { auditLog, interviews, questions } from '../db/schema';
import { openStationDb } from './fixtures/data';
import { openStaffSignIn, signInFirstTime, type StaffLogin } from './fixtures/staff';
import { adminLogin, recruiterLogin, type RunningStation } from './fixtures/station';
import { hashAccessCode } from '../electron/core/secrets';
import { loadAccessCodeKey } from '../electron/core/access-code-key';

const NEW_PASSWORD = 'a long new staff password';
const PROMPT = 'Which protocol secures traffic between a browser and a web server?';

/** Signs in from the attract screen with a printed password, choosing a new one first. */
async function signIn(page: Page, station: RunningStation, login: StaffLogin) {
  await signInFirstTime(page, station.url, login, NEW_PASSWORD);
  await page.getByRole('button', { name: 'Manage' }).click();
}

test('a recruiter builds a questionnaire, schedules a new candidate, and the code checks in', async ({
  page,
  dataDir,
  startStation,
}) => {
  const station = await startStation();
  await signIn(page, station, recruiterLogin(station));
  await expect(page.getByRole('tab', { name: 'Staff' })).toHaveCount(0);

  // A new multiple-choice question.
  await page.getByRole('tab', { name: 'Questions' }).click();
  await page.getByRole('button', { name: 'New question' }).click();
  const form = page.getByRole('region', { name: 'New question' });
  await form.getByLabel('Domain').selectOption({ label: 'Cybersecurity' });
  await form.getByLabel('Question', { exact: true }).fill(PROMPT);
  const options = ['FTP', 'TLS', 'SMTP', 'ARP'];
  for (const [i, option] of options.entries()) {
    await form.getByRole('textbox', { name: `Option ${i + 1}`, exact: true }).fill(option);
  }
  await form.getByRole('radio', { name: 'Option 2 is correct' }).check();
  await form.getByLabel('Answer time (seconds)').fill('45');
  await form.getByRole('button', { name: 'Add question' }).click();
  await expect(form).toHaveCount(0);
  await expect(page.getByRole('cell', { name: PROMPT })).toBeVisible();

  // An import with one bad item: refused with the reason, and nothing imported.
  const file = path.join(dataDir, 'questions.json');
  const good = 'Describe how you would rotate a leaked API key.';
  writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      questions: [
        {
          type: 'text',
          domain: 'cybersecurity',
          prompt: good,
          readingSeconds: 20,
          answerSeconds: 240,
        },
        {
          type: 'mcq',
          domain: 'cybersecurity',
          prompt: 'Which port does SSH use?',
          options: ['22', '23'],
          correctOption: 5,
          readingSeconds: 10,
          answerSeconds: 30,
        },
      ],
    }),
  );
  await page.getByLabel('Import a question file (JSON)').setInputFiles(file);
  const report = page.getByRole('alert').filter({ hasText: 'Nothing was imported' });
  await expect(report).toContainText('Question 2 — correctOption');
  await expect(report).toContainText('The correct option must be one of the options.');
  await page.getByLabel('Search the wording').fill('leaked API key');
  await expect(page.getByText('No questions match these filters.')).toBeVisible();

  // A job, and a questionnaire for it with two questions, reordered from the keyboard.
  await page.getByRole('tab', { name: 'Jobs' }).click();
  await page.getByRole('button', { name: 'New job' }).click();
  const jobForm = page.getByRole('region', { name: 'New job' });
  await jobForm.getByLabel('Title').fill('Security Analyst');
  await jobForm.getByLabel('Department').fill('Security');
  await jobForm.getByRole('button', { name: 'Add job' }).click();
  await expect(page.getByRole('rowheader', { name: 'Security Analyst' })).toBeVisible();

  await page.getByRole('tab', { name: 'Questionnaires' }).click();
  await page.getByRole('button', { name: 'New questionnaire' }).click();
  const newQuestionnaire = page.getByRole('region', { name: 'New questionnaire' });
  await newQuestionnaire.getByLabel('Title').fill('SOC screening');
  await newQuestionnaire.getByLabel('Job').selectOption({ label: 'Security Analyst' });
  await newQuestionnaire.getByRole('button', { name: 'Create questionnaire' }).click();
  const order = page.getByRole('region', { name: /^Questions \(\d+\)$/ });
  const add = order.getByLabel('Add a question from the bank');
  await add.selectOption({ label: `Cybersecurity · Multiple choice — ${PROMPT}` });
  await order.getByRole('button', { name: 'Add question' }).click();
  await expect(order.getByRole('listitem')).toHaveCount(1);
  await add.selectOption({ index: 1 });
  await order.getByRole('button', { name: 'Add question' }).click();
  await expect(order.getByRole('listitem')).toHaveCount(2);
  await order.getByRole('button', { name: 'Move question 2 up' }).focus();
  await page.keyboard.press('Enter');
  await expect(order.getByRole('listitem').nth(1)).toContainText(PROMPT);
  // Focus stays with the moved question: now first, so its "down" button.
  await expect(order.getByRole('button', { name: 'Move question 1 down' })).toBeFocused();

  // A new candidate, scheduled with extra time and notices off.
  await page.getByRole('tab', { name: 'Candidates' }).click();
  await page.getByRole('button', { name: 'New candidate' }).click();
  const candidateForm = page.getByRole('region', { name: 'New candidate' });
  await candidateForm.getByLabel('Full name').fill('Grace Hopper');
  await candidateForm.getByLabel('Email (optional)').fill('grace@example.com');
  await candidateForm.getByRole('button', { name: 'Add candidate' }).click();
  await page
    .getByRole('region', { name: 'Candidate added' })
    .getByRole('button', { name: 'Schedule an interview for Grace Hopper' })
    .click();

  await expect(page.getByRole('tab', { name: 'Interviews' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  const schedule = page.getByRole('region', { name: 'Schedule an interview' });
  await expect(
    schedule.getByLabel('Candidate', { exact: true }).locator('option:checked'),
  ).toHaveText('Grace Hopper (grace@example.com)');
  await schedule.getByLabel('Job', { exact: true }).selectOption({ label: 'Security Analyst' });
  await expect(schedule.getByLabel('Questionnaire')).toContainText('SOC screening (2 questions)');
  await schedule.getByLabel('Extra time (%)').fill('25');
  await schedule.getByLabel('Show on-screen proctoring notices to the candidate').uncheck();
  await schedule.getByRole('button', { name: 'Schedule interview' }).click();
  const done = page.getByRole('region', { name: 'Interview scheduled' });
  const code = (await done.locator('.big-code').textContent()) ?? '';
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  // The list says when the code was issued, never the code: the station keeps only a hash.
  const row = page.getByRole('row', { name: /Grace Hopper/ });
  await expect(row).toContainText('Code issued');
  await expect(row).not.toContainText(code);

  // The printable invitation shows the code.
  await done.getByRole('button', { name: 'Print invitation' }).click();
  const invitation = page.getByRole('article', { name: 'Interview invitation' });
  await expect(invitation).toContainText(code);
  await expect(invitation).toContainText('Dear Grace Hopper');
  await expect(invitation).toContainText('25% more time on every answer');
  await page.getByRole('button', { name: 'Back to interviews' }).click();

  // The invitation got lost: staff issue a new code, shown once on a new invitation.
  await row.getByRole('button', { name: 'New code for Grace Hopper' }).click();
  await row.getByRole('button', { name: 'Yes, new code' }).click();
  const newCode = (await invitation.locator('.code').textContent()) ?? '';
  expect(newCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  expect(newCode).not.toBe(code);
  await page.getByRole('button', { name: 'Back to interviews' }).click();

  // Back on the kiosk, the old code no longer works and the new one checks Grace in.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('textbox', { name: 'Interview code' }).fill(code);
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByRole('alert').first()).toContainText('not recognised');
  await page.getByRole('textbox', { name: 'Interview code' }).fill(newCode.toLowerCase());
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByRole('heading', { name: 'Hello, Grace Hopper' })).toBeVisible();
  await expect(page.getByText('Security Analyst')).toBeVisible();
  await expect(page.getByText('25% more time on every answer')).toBeVisible();

  const db = openStationDb(dataDir);
  try {
    const row = db
      .select()
      .from(interviews)
      .where(eq(interviews.accessCodeHash, hashAccessCode(loadAccessCodeKey(dataDir), newCode)))
      .get();
    expect(row?.accommodations).toEqual({ extraTimePercent: 25, candidateNotices: false });
    expect(db.select().from(questions).where(eq(questions.prompt, good)).all()).toEqual([]);
    const scheduled = db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'interview_scheduled'))
      .get();
    expect(scheduled).toMatchObject({ actorKind: 'recruiter', subjectId: row?.id });
  } finally {
    db.$client.close();
  }
});

test('an admin adds a staff account and sees its one-time password once', async ({
  page,
  startStation,
}) => {
  const station = await startStation();
  await signIn(page, station, adminLogin(station));
  await page.getByRole('tab', { name: 'Staff' }).click();
  const form = page.getByRole('region', { name: 'New account' });
  await form.getByLabel('Username').fill('sam');
  await form.getByLabel('Display name').fill('Sam Recruiter');
  await form.getByRole('button', { name: 'Create account' }).click();
  const issued = page.getByRole('region', { name: 'Account created' });
  const password = (await issued.locator('.big-code').textContent()) ?? '';
  expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
  await expect(page.getByRole('row', { name: /sam/ })).toContainText('Waiting for first sign-in');
  await issued.getByRole('button', { name: 'I have passed it on' }).click();
  await expect(page.getByText(password)).toHaveCount(0);

  // The new account signs in with it and must choose its own password first.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await openStaffSignIn(page, station.url, { username: 'sam', password });
  await expect(page.getByRole('heading', { name: 'Choose your own password' })).toBeVisible();
});

test('an admin switches a recruiter off, and the recruiter can no longer sign in', async ({
  page,
  startStation,
}) => {
  const station = await startStation();
  const recruiter = recruiterLogin(station);
  await signIn(page, station, adminLogin(station));
  await page.getByRole('tab', { name: 'Staff' }).click();
  const row = page.getByRole('row', { name: new RegExp(recruiter.username) });
  await row.getByRole('button', { name: `Switch off ${recruiter.username}` }).click();
  await expect(row).toContainText('Switched off: cannot sign in');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await openStaffSignIn(page, station.url, recruiter);
  await expect(page.getByRole('alert').first()).toContainText('This account has been switched off');
});
