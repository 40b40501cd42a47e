import { openStationDb, seedE2eInterview } from './fixtures/data';
import { signInFirstTime } from './fixtures/staff';
import { recruiterLogin } from './fixtures/station';
import { expect, test } from './fixtures/test';
import { printedPdf, scannedPdf } from '../electron/screening/test-resume-files';

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
