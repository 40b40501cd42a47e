import { expect, test } from './fixtures/test';
import { TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../electron/api/router';
import { checkInAttempts } from '../db/schema';
import { connectClient } from './fixtures/client';
import { openStationDb } from './fixtures/data';
import { signInFirstTime } from './fixtures/staff';
import { demoCode, recruiterLogin } from './fixtures/station';

test('five wrong codes pause check-in for five minutes, even for the right code', async ({
  page,
  dataDir,
  startStation,
}) => {
  let station = await startStation();
  // Before any wrong code, the page must never claim a pause, not even for a moment.
  await page.addInitScript(() => {
    const seen = { pause: false };
    Object.assign(window, { seenPause: seen });
    new MutationObserver(() => {
      if (document.body.textContent?.includes('opens again')) seen.pause = true;
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto(station.url);
  const input = page.getByRole('textbox', { name: 'Interview code' });
  await expect(page.getByText('Staff', { exact: true })).toBeVisible();
  await page.waitForTimeout(1500);
  expect(
    await page.evaluate(
      () => (window as unknown as { seenPause: { pause: boolean } }).seenPause.pause,
    ),
  ).toBe(false);
  await expect(input).toBeEnabled();
  for (let attempt = 1; attempt <= 4; attempt++) {
    await input.fill(`WRNG-000${attempt}`);
    await page.getByRole('button', { name: 'Check in' }).click();
    await expect(page.getByRole('alert').first()).toContainText('not recognised');
  }
  await input.fill('WRNG-0005');
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByText(/check-in is paused for 5 minutes/)).toBeVisible();
  await expect(input).toBeDisabled();

  // A reload does not lift it: the cool-down lives in the station, not the page.
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Interview code' })).toBeDisabled();
  await expect(page.getByText(/Check-in opens again in \d+ s/)).toBeVisible();

  // Nor does going around the page: main refuses the right code too, and records it.
  const { client, close } = connectClient(station.url);
  const refusal = await client.candidate.checkIn
    .mutate({ code: demoCode(station) })
    .catch((e) => e);
  close();
  expect(refusal).toBeInstanceOf(TRPCClientError);
  expect((refusal as TRPCClientError<AppRouter>).data?.code).toBe('TOO_MANY_REQUESTS');
  await station.stop();

  const db = openStationDb(dataDir);
  const outcomes = db
    .select()
    .from(checkInAttempts)
    .all()
    .map((a) => a.outcome);
  expect(outcomes).toEqual([...Array<string>(5).fill('wrong_code'), 'cooldown']);
  db.$client.close();

  // A restart does not lift it either.
  station = await startStation();
  await page.goto(station.url);
  await expect(page.getByRole('textbox', { name: 'Interview code' })).toBeDisabled();
});

test('staff let candidates check in again before the pause ends', async ({
  page,
  context,
  startStation,
}) => {
  const station = await startStation();
  await page.goto(station.url);
  const input = page.getByRole('textbox', { name: 'Interview code' });
  for (let attempt = 1; attempt <= 5; attempt++) {
    await input.fill(`WRNG-000${attempt}`);
    await page.getByRole('button', { name: 'Check in' }).click();
  }
  await expect(input).toBeDisabled();

  const staff = await context.newPage();
  await signInFirstTime(staff, station.url, recruiterLogin(station));
  await staff.getByRole('button', { name: 'Station', exact: true }).click();
  const panel = staff.getByRole('region', { name: 'Check-in' });
  await expect(panel.getByRole('status')).toContainText('Paused after repeated wrong codes');
  await panel.getByRole('button', { name: 'Let candidates check in again' }).click();
  await expect(panel.getByRole('status')).toHaveText('Open: candidates can check in.');

  // The kiosk takes the right code at once, without waiting out the five minutes.
  await page.reload();
  await page.getByRole('textbox', { name: 'Interview code' }).fill(demoCode(station));
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible();
});
