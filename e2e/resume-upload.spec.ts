import type { Page } from '@playwright/test';
import { auditLog } from '../db/schema';
import { openStationDb, seedE2eInterview, setJobRequirements } from './fixtures/data';
import { signInFirstTime } from './fixtures/staff';
import { recruiterLogin, type RunningStation } from './fixtures/station';
import { expect, test } from './fixtures/test';
import { printedPdf, scannedPdf } from '../electron/screening/test-resume-files';
import { promptOf, startFakeGemini } from '../electron/evaluation/test-fake-gemini';

/**
 * Signs the recruiter in, uploads `pdf` as the candidate's résumé and screens it for the
 * seeded job; returns the screening panel.
 */
async function uploadAndScreen(
  page: Page,
  station: RunningStation,
  candidateName: string,
  pdf: Buffer,
) {
  await signInFirstTime(page, station.url, recruiterLogin(station));
  await page.getByRole('button', { name: 'Manage' }).click();
  await page.getByRole('tab', { name: 'Candidates' }).click();
  await page.getByRole('button', { name: `Résumé of ${candidateName}` }).click();
  const upload = page.getByRole('region', { name: `Résumé of ${candidateName}` });
  await upload
    .getByLabel('Résumé (PDF or Word, up to 10 MB)')
    .setInputFiles({ name: 'cv.pdf', mimeType: 'application/pdf', buffer: pdf });
  await expect(upload.getByRole('status')).toHaveText(/^Résumé read: 1 page/);
  await page.getByRole('button', { name: `Screening of ${candidateName}` }).click();
  const screening = page.getByRole('region', { name: `Résumé screening: ${candidateName}` });
  await screening.getByLabel('Job to screen for').selectOption({ label: 'Backend Engineer' });
  await screening.getByRole('button', { name: 'Screen résumé' }).click();
  return screening;
}

test('staff upload a scheduled candidate’s résumé in Manage, read it, and a scan is refused', async ({
  page,
  dataDir,
  startStation,
}) => {
  test.setTimeout(90_000);
  const { candidateName } = seedE2eInterview(dataDir, [{ type: 'text', answerSeconds: 120 }]);
  const pdf = await printedPdf([
    'Staff engineer: Kotlin, Kafka and Cassandra.',
    'Ran the Northwind data platform.',
  ]);
  const scan = await scannedPdf('A scanned page');
  const station = await startStation();
  await signInFirstTime(page, station.url, recruiterLogin(station));
  await page.getByRole('button', { name: 'Manage' }).click();
  await page.getByRole('tab', { name: 'Candidates' }).click();
  await page.getByRole('button', { name: `Résumé of ${candidateName}` }).click();
  const panel = page.getByRole('region', { name: `Résumé of ${candidateName}` });
  const input = panel.getByLabel('Résumé (PDF or Word, up to 10 MB)');

  await input.setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: scan });
  await expect(panel.getByRole('alert')).toContainText('This PDF has no text layer');

  await input.setInputFiles({ name: 'cv.pdf', mimeType: 'application/pdf', buffer: pdf });
  await expect(panel.getByRole('status')).toHaveText(/^Résumé read: 2 pages, [\d,]+ characters$/);
  await panel.getByText(/^Résumé text: cv\.pdf/).click();
  await expect(panel.getByText(/Kotlin, Kafka and Cassandra/)).toBeVisible();

  // The schedule form shows the same résumé for the candidate chosen, and takes a new one.
  await page.getByRole('button', { name: `Schedule an interview for ${candidateName}` }).click();
  const form = page.getByRole('region', { name: 'Schedule an interview' });
  await expect(form.getByText(/^Résumé text: cv\.pdf/)).toBeVisible();
  await form
    .getByLabel('Résumé (PDF or Word, up to 10 MB)')
    .setInputFiles({ name: 'notes.txt', mimeType: 'application/pdf', buffer: Buffer.from('hi') });
  await expect(form.getByRole('alert').first()).toContainText('This is not a PDF or Word file.');

  const db = openStationDb(dataDir);
  try {
    const text = db.$client.prepare('SELECT text FROM resumes').pluck().get() as string;
    expect(text).toContain('Northwind data platform');
  } finally {
    db.$client.close();
  }
});

test('a recruiter screens an uploaded résumé against the job: score, keywords with their lines, accepted, on the dashboard', async ({
  page,
  dataDir,
  startStation,
}) => {
  test.setTimeout(90_000);
  const { candidateName, jobId } = seedE2eInterview(dataDir, [
    { type: 'text', answerSeconds: 120 },
  ]);
  setJobRequirements(dataDir, jobId, [
    { skill: 'Kotlin', synonyms: [], mustHave: true },
    { skill: 'Apache Kafka', synonyms: ['Kafka'], mustHave: true },
    { skill: 'PostgreSQL', synonyms: ['Postgres'], mustHave: false },
  ]);
  const pdf = await printedPdf([
    'Skills<br>Kotlin, Kafka and Cassandra<br>Experience<br>2016 – 2024: staff engineer at Northwind',
  ]);
  const station = await startStation();
  const screening = await uploadAndScreen(page, station, candidateName, pdf);
  const result = screening.getByRole('article', { name: 'Screening for Backend Engineer' });
  const heading = result.getByRole('heading', { name: /Backend Engineer: \d+\/100/ });
  await expect(heading).toBeVisible();
  const scored = /(\d+)\/100/.exec((await heading.textContent()) ?? '')?.[1] ?? '';
  // The skills found, each with the line it is on; the one missing, named.
  await expect(result.getByText(/Kotlin.*Kotlin, Kafka and Cassandra/)).toBeVisible();
  await expect(result.getByText(/Apache Kafka \(as “Kafka”\)/)).toBeVisible();
  await expect(result.getByText('PostgreSQL', { exact: true })).toBeVisible();
  await expect(result.getByText(/Suggested: Interview Required/)).toBeVisible();
  await result.getByRole('button', { name: 'Accept “Interview Required”' }).click();
  await expect(result.getByText(/Set by staff: Interview Required/)).toBeVisible();

  // The dashboard shows the score in its own sortable column.
  await page.getByRole('button', { name: 'Interviews', exact: true }).click();
  const row = page.getByRole('row', { name: new RegExp(candidateName) });
  await expect(row.getByRole('cell', { name: scored, exact: true })).toBeVisible();
  // Sortable: the column's header button orders by the score.
  await page.getByRole('button', { name: /^Screening/ }).click();
  await expect(row.getByRole('cell', { name: scored, exact: true })).toBeVisible();
  const check = openStationDb(dataDir);
  try {
    const actions = check.select({ action: auditLog.action }).from(auditLog).all();
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['resume_uploaded', 'resume_screened', 'screening_accepted']),
    );
  } finally {
    check.$client.close();
  }
});

test('with Gemini configured, a recruiter adds a summary of fit; the résumé goes without the candidate’s name or contact details', async ({
  page,
  dataDir,
  startStation,
}) => {
  test.setTimeout(90_000);
  const fake = await startFakeGemini({
    kind: 'reply',
    json: {
      summary: 'Solid streaming background; Kotlin and Kafka both in production.',
      strengths: ['Kafka at scale'],
      gaps: ['No PostgreSQL mentioned'],
      instructionsInResume: false,
    },
  });
  try {
    const { candidateName, jobId } = seedE2eInterview(dataDir, [
      { type: 'text', answerSeconds: 120 },
    ]);
    setJobRequirements(dataDir, jobId, [
      { skill: 'Kotlin', synonyms: [], mustHave: true },
      { skill: 'PostgreSQL', synonyms: ['Postgres'], mustHave: false },
    ]);
    const pdf = await printedPdf([
      `${candidateName}<br>e2e.candidate@example.org · +34 612 345 678<br>Skills<br>Kotlin and Kafka`,
    ]);
    const station = await startStation({
      GEMINI_API_KEY: 'e2e-test-key-not-a-real-one',
      GEMINI_BASE_URL: fake.baseUrl,
    });
    const screening = await uploadAndScreen(page, station, candidateName, pdf);
    const result = screening.getByRole('article', { name: 'Screening for Backend Engineer' });
    await result.getByRole('button', { name: 'Ask Gemini for a summary of fit' }).click();
    const fit = result.getByRole('region', { name: 'Summary of fit' });
    await expect(fit.getByText(/Solid streaming background/)).toBeVisible();
    await expect(fit.getByText(/Gaps: No PostgreSQL mentioned/)).toBeVisible();
    await expect(
      fit.getByText(
        /By Gemini \(gemini-[\w.-]+\) from the résumé with [1-9]\d* contact details? taken out/,
      ),
    ).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('screening-fit.png'), fullPage: true });

    expect(fake.requests).toHaveLength(1);
    const sent = fake.requests[0]?.raw ?? '';
    for (const part of [...candidateName.split(' '), 'e2e.candidate', '612 345 678']) {
      expect(sent).not.toContain(part);
    }
    expect(promptOf(fake.requests[0] ?? ({ body: { contents: [] } } as never))).toContain(
      'Kotlin and Kafka',
    );
  } finally {
    await fake.close();
  }
});
