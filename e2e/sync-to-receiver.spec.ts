/**
 * The whole path of a finished interview off the station: the reference receiver running as
 * `npm run cloud` runs it (its own process, its embedded PostgreSQL), an admin enrolling the
 * station with a one-time code in Settings, a candidate answering, and the dashboard showing
 * the session received once the receiver's receipt lists all of it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startReceiver, sumOf, type Receiver } from '../bench/sync-receiver';
import { checkInAndConsent } from './fixtures/candidate';
import { seedE2eInterview } from './fixtures/data';
import { signInFirstTime } from './fixtures/staff';
import { adminLogin } from './fixtures/station';
import { expect, test } from './fixtures/test';

test('a finished interview reaches the reference receiver and the dashboard says it was received', async ({
  page,
  browser,
  dataDir,
  startStation,
}) => {
  test.setTimeout(120_000);
  execFileSync(process.execPath, ['scripts/build-cloud.mjs'], { stdio: 'inherit' });
  const cloudData = mkdtempSync(path.join(os.tmpdir(), 'e2e-cloud-'));
  let receiver: Receiver | null = null;
  try {
    receiver = await startReceiver(cloudData);
    const { accessCode, candidateName } = seedE2eInterview(dataDir, [
      { type: 'text', readingSeconds: 5, answerSeconds: 120 },
    ]);
    const station = await startStation();

    // An admin enrols the station with the receiver's address and a one-time code.
    const staffContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const staff = await staffContext.newPage();
    await signInFirstTime(staff, station.url, adminLogin(station));
    await staff
      .getByRole('navigation', { name: 'Staff areas' })
      .getByRole('button', { name: 'Settings' })
      .click();
    const card = staff.locator('form', {
      has: staff.getByRole('heading', { name: /organisation’s receiver/ }),
    });
    await card.getByLabel('Receiver address').fill(receiver.url);
    await card.getByLabel('One-time enrolment code').fill(await receiver.issueCode());
    await card.getByRole('button', { name: 'Enrol', exact: true }).click();
    await expect(card.getByText(`Enrolled with ${receiver.url}.`)).toBeVisible();

    // The candidate answers; the interview ends.
    await checkInAndConsent(page, station.url, accessCode);
    await page
      .getByRole('textbox', { name: 'Your answer' })
      .fill('I kept a queue of work and sent it in order, retrying with backoff.');
    await page.getByRole('button', { name: /Submit/ }).click();
    await expect(page.getByRole('heading', { name: /your interview is complete/ })).toBeVisible();

    // The dashboard follows it to "Received": the receiver's receipt lists all of it.
    await staff.getByRole('button', { name: 'Interviews', exact: true }).click();
    const row = staff.getByRole('row', { name: new RegExp(candidateName) });
    await expect(row.getByText('Received')).toBeVisible({ timeout: 60_000 });
    const metrics = await receiver.metrics();
    expect(sumOf(metrics, 'receiver_items_total', ['result="stored"'])).toBeGreaterThanOrEqual(3);
    expect(sumOf(metrics, 'receiver_items_total', ['result="rejected"'])).toBe(0);
    await staffContext.close();
  } finally {
    await receiver?.stop();
    rmSync(cloudData, { recursive: true, force: true });
  }
});
