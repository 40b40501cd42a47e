import { eq } from 'drizzle-orm';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { questions } from '../db/schema';
import { openStationDb } from './fixtures/data';
import { openStaffSignIn, signInFirstTime } from './fixtures/staff';
import { recruiterLogin } from './fixtures/station';
import { expect, test } from './fixtures/test';

const NEW_PASSWORD = 'a long new staff password';
const SEEDED = 'Explain the principle of least privilege';
const SEEDED_PROMPT =
  'Explain the principle of least privilege, and give an example of how you would apply it to a service account that a backend application uses in the cloud.';

async function openSeededQuestion(page: Page) {
  await page.getByRole('button', { name: 'Manage' }).click();
  await page.getByRole('tab', { name: 'Questions' }).click();
  await page.getByLabel('Search the wording').fill(SEEDED);
  await page.getByRole('button', { name: /^Edit question \d+$/ }).click();
  return page.getByRole('region', { name: /^Edit question \d+$/ });
}

test('staff edit a seeded rubric, see it after a reload, and a one-criterion rubric is refused', async ({
  page,
  dataDir,
  startStation,
}) => {
  const station = await startStation();
  await signInFirstTime(page, station.url, recruiterLogin(station), NEW_PASSWORD);
  let form = await openSeededQuestion(page);

  // The seeded rubric is there, each criterion its own group.
  const rubric = form.getByRole('group', { name: 'Rubric' });
  const first = rubric.getByRole('group', { name: 'Criterion 1' });
  await expect(first.getByLabel('Name')).toHaveValue('The principle');
  await expect(rubric.getByRole('group', { name: /^Criterion \d$/ })).toHaveCount(3);

  // Rename and reweigh criterion 1, add a key point with synonyms and a level-2 anchor.
  await first.getByLabel('Name').fill('Definition');
  await first.getByLabel('Weight').fill('3');
  await first.getByRole('button', { name: 'Add key point' }).click();
  // Focus moves to the new key point, so typing goes there.
  await expect(first.getByLabel('Key point 4', { exact: true })).toBeFocused();
  await page.keyboard.type('separation of duties');
  await first
    .getByLabel('Synonyms for key point 4, separated by commas')
    .fill('segregation of duties, no single person controls everything');
  await first.getByLabel('Level 2').fill('Defines it but gives no reason.');
  await form.getByRole('button', { name: 'Save question' }).click();
  await expect(form).toHaveCount(0);

  // A reload signs staff out; signed in again, the edited rubric is what the form shows.
  await page.reload();
  await openStaffSignIn(page, station.url, {
    username: recruiterLogin(station).username,
    password: NEW_PASSWORD,
  });
  form = await openSeededQuestion(page);
  const again = form.getByRole('group', { name: 'Criterion 1' });
  await expect(again.getByLabel('Name')).toHaveValue('Definition');
  await expect(again.getByLabel('Weight')).toHaveValue('3');
  await expect(again.getByLabel('Key point 4', { exact: true })).toHaveValue(
    'separation of duties',
  );
  await expect(again.getByLabel('Synonyms for key point 4, separated by commas')).toHaveValue(
    'segregation of duties, no single person controls everything',
  );
  await expect(again.getByLabel('Level 2')).toHaveValue('Defines it but gives no reason.');

  // Down to one criterion: the station refuses it and says why; the saved rubric stays.
  const criteria = form.getByRole('group', { name: /^Criterion \d$/ });
  await form.getByRole('button', { name: 'Remove criterion 3' }).click();
  await form.getByRole('button', { name: 'Remove criterion 2' }).click();
  await expect(criteria).toHaveCount(1);
  await expect(form.getByRole('button', { name: 'Remove criterion 1' })).toBeDisabled();
  await form.getByRole('button', { name: 'Save question' }).click();
  await expect(form.getByRole('alert')).toContainText(
    'question.rubric.criteria: Give a rubric 2 to 5 criteria.',
  );

  const db = openStationDb(dataDir);
  try {
    const row = db.select().from(questions).where(eq(questions.prompt, SEEDED_PROMPT)).get();
    expect(row?.rubric?.criteria.map((c) => c.name)).toEqual([
      'Definition',
      'Applying it to a service account',
      'Keeping it least-privileged',
    ]);
    expect(row?.rubric?.criteria[0]?.weight).toBe(3);
  } finally {
    db.$client.close();
  }

  // An import whose rubric has one criterion is refused, naming the question and the field.
  await form.getByRole('button', { name: 'Close' }).click();
  const file = path.join(dataDir, 'rubric-import.json');
  writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      questions: [
        {
          type: 'audio',
          domain: 'cybersecurity',
          prompt: 'Explain what a security group does.',
          readingSeconds: 20,
          answerSeconds: 120,
          rubric: {
            criteria: [
              {
                name: 'Purpose',
                weight: 1,
                keyPoints: [{ point: 'virtual firewall', synonyms: ['filters traffic'] }],
                anchors: [{ level: 3, description: 'Says it filters traffic.' }],
              },
            ],
            modelAnswer: 'A stateful virtual firewall around cloud instances.',
          },
        },
      ],
    }),
  );
  await page.getByLabel('Import a question file (JSON)').setInputFiles(file);
  const report = page.getByRole('alert').filter({ hasText: 'Nothing was imported' });
  await expect(report).toContainText(
    'Question 1 — rubric.criteria: Give a rubric 2 to 5 criteria.',
  );

  // A file from before rubrics still imports; the list marks the question as having none.
  const older = 'Explain what a security group does, briefly.';
  writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      questions: [
        {
          type: 'text',
          domain: 'cybersecurity',
          prompt: older,
          readingSeconds: 20,
          answerSeconds: 240,
        },
      ],
    }),
  );
  await page.getByLabel('Import a question file (JSON)').setInputFiles(file);
  await page.getByLabel('Search the wording').fill(older);
  await expect(page.getByRole('cell', { name: older })).toContainText('No rubric');
  await page.getByLabel('Search the wording').fill(SEEDED);
  await expect(page.getByRole('cell', { name: SEEDED })).not.toContainText('No rubric');
});
