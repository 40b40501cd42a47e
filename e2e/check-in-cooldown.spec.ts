import { expect, test } from './fixtures/test';
import { TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../electron/api/router';
import { checkInAttempts } from '../db/schema';
import { connectClient } from './fixtures/client';
import { openStationDb } from './fixtures/data';
import { signInFirstTime } from './fixtures/staff';
import { demoCode, recruiterLogin } from './fixtures/station';
import { STATION_MAX_MISSES } from '../electron/domain/check-in-pauses';

test('five wrong codes pause this screen; twenty from all screens pause everyone, across a restart', async ({
  page,
  dataDir,
  startStation,
}) => {
  let station = await startStation();
  // The page's own clock, so the end of a 5-minute pause can be reached without the wait.
  await page.clock.install();
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
    const alert = page.getByRole('alert').first();
    await expect(alert).toContainText('not recognised');
    // Each miss says how many are left before the pause.
    await expect(alert).toContainText(
      attempt === 4 ? 'One more try before check-in pauses' : `${5 - attempt} more tries before`,
    );
  }
  await input.fill('WRNG-0005');
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByText(/check-in is paused for 5 minutes/)).toBeVisible();
  await expect(input).toBeDisabled();
  // The wrong code is gone from the field, and the count starts at the pause's length.
  await expect(input).toHaveValue('');
  const opensIn = Number(
    /opens again in (\d+) s/.exec((await page.getByRole('alert').first().textContent()) ?? '')?.[1],
  );
  expect(opensIn).toBeGreaterThan(290);
  expect(opensIn).toBeLessThanOrEqual(300);
  // When the pause is over the screen is fresh for the next person: no message, an empty field.
  await page.clock.fastForward('05:02');
  await expect(input).toBeEnabled();
  await expect(page.getByRole('alert').first()).toHaveText('');
  await expect(input).toHaveValue('');

  // The pause is this screen's own: another connection is another attempt source, and the
  // right code gets in there.
  const other = connectClient(station.url);
  const welcome = await other.client.candidate.checkIn.mutate({ code: demoCode(station) });
  other.close();
  expect(welcome.interview.candidateName).toBe('Demo Candidate');

  // Opening a new connection for each guess does not beat the station-wide ceiling: 20
  // wrong codes from all sources pause everyone.
  const refusals: string[] = [];
  for (let guess = 5; guess < STATION_MAX_MISSES; guess++) {
    const { client, close } = connectClient(station.url);
    refusals.push(
      await client.candidate.checkIn.mutate({ code: `WRNG-${1000 + guess}` }).then(
        () => 'in',
        (e: TRPCClientError<AppRouter>) => e.data?.code ?? 'none',
      ),
    );
    close();
  }
  expect(refusals.at(-1)).toBe('TOO_MANY_REQUESTS');
  expect(refusals.slice(0, -1)).not.toContain('TOO_MANY_REQUESTS');
  await station.stop();

  const db = openStationDb(dataDir);
  const outcomes = db
    .select()
    .from(checkInAttempts)
    .all()
    .map((a) => a.outcome);
  expect(outcomes).toEqual([
    ...Array<string>(5).fill('wrong_code'),
    'accepted',
    ...Array<string>(STATION_MAX_MISSES - 5).fill('wrong_code'),
  ]);
  db.$client.close();

  // A restart does not lift it: the pauses live in the station database.
  station = await startStation();
  await page.goto(station.url);
  await expect(page.getByRole('textbox', { name: 'Interview code' })).toBeDisabled();
  await expect(page.getByText(/Check-in opens again in \d+ (s|min)/)).toBeVisible();
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
