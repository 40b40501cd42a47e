import { eq } from 'drizzle-orm';
import { auditLog, jobs } from '../db/schema';
import { openStationDb } from './fixtures/data';
import { signInFirstTime } from './fixtures/staff';
import { recruiterLogin } from './fixtures/station';
import { expect, test } from './fixtures/test';

test('a recruiter gives a job screening requirements, which the server checks and keeps', async ({
  page,
  dataDir,
  startStation,
}) => {
  const station = await startStation();
  await signInFirstTime(page, station.url, recruiterLogin(station), 'a long new staff password');
  await page.getByRole('button', { name: 'Manage' }).click();
  await page.getByRole('tab', { name: 'Jobs' }).click();
  await page.getByRole('button', { name: 'New job' }).click();
  const form = page.getByRole('region', { name: 'New job' });
  await form.getByLabel('Title').fill('Data Engineer');
  await form.getByLabel('Description').fill('Pipelines and warehousing.');
  await form.getByRole('button', { name: 'Add skill' }).click();
  await form.getByLabel('Skill 1', { exact: true }).fill('PostgreSQL');
  await form.getByLabel('Synonyms of skill 1').fill('Postgres, psql');
  await form.getByLabel('Skill 1 is a must-have').check();
  await form.getByRole('button', { name: 'Add skill' }).click();
  await form.getByLabel('Skill 2', { exact: true }).fill('Airflow');
  await form.getByLabel('Minimum years of experience').fill('3');
  // A threshold out of range is refused by the server, in words, and nothing is saved.
  await form.getByLabel('Interview threshold (0–100)').fill('150');
  await form.getByRole('button', { name: 'Add job' }).click();
  await expect(form.getByRole('alert')).toContainText('interviewThreshold');
  await form.getByLabel('Interview threshold (0–100)').fill('70');
  await form.getByRole('button', { name: 'Add job' }).click();
  await expect(form).toHaveCount(0);

  await page.getByRole('button', { name: 'Edit Data Engineer' }).click();
  const edit = page.getByRole('region', { name: 'Edit “Data Engineer”' });
  await expect(edit.getByLabel('Synonyms of skill 1')).toHaveValue('Postgres, psql');
  await expect(edit.getByLabel('Skill 1 is a must-have')).toBeChecked();
  await expect(edit.getByLabel('Skill 2 is a must-have')).not.toBeChecked();
  await expect(edit.getByLabel('Interview threshold (0–100)')).toHaveValue('70');
  await edit.getByRole('button', { name: 'Remove skill 2' }).click();
  await edit.getByRole('button', { name: 'Save job' }).click();
  await expect(edit).toHaveCount(0);

  const db = openStationDb(dataDir);
  try {
    const job = db.select().from(jobs).where(eq(jobs.title, 'Data Engineer')).get();
    expect(job?.description).toBe('Pipelines and warehousing.');
    expect(job?.requirements).toEqual({
      requirements: [{ skill: 'PostgreSQL', synonyms: ['Postgres', 'psql'], mustHave: true }],
      minYears: 3,
      interviewThreshold: 70,
    });
    const actions = db.select({ action: auditLog.action }).from(auditLog).all();
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['job_created', 'job_updated']),
    );
  } finally {
    db.$client.close();
  }
});
