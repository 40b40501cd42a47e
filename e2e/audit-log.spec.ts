import { readFileSync } from 'node:fs';
import { recordAudit } from '../electron/core/audit';
import { openStationDb } from './fixtures/data';
import { signInFirstTime } from './fixtures/staff';
import { adminLogin, recruiterLogin } from './fixtures/station';
import { expect, test } from './fixtures/test';

test('an admin reads the audit log page by page, filters it and downloads it as CSV', async ({
  page,
  dataDir,
  startStation,
}) => {
  const station = await startStation();
  // Written while the station runs, as another process would: 130 check-ins of interview 77.
  const db = openStationDb(dataDir);
  const start = Date.UTC(2026, 10, 2, 9);
  for (let i = 0; i < 130; i += 1) {
    recordAudit(db, start + i * 1000, {
      actorKind: 'candidate',
      action: 'check_in',
      subjectType: 'interview',
      subjectId: 77,
    });
  }
  db.$client.close();

  await signInFirstTime(page, station.url, recruiterLogin(station));
  await page.getByRole('button', { name: 'Manage' }).click();
  await expect(page.getByRole('tab', { name: 'Audit log' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signInFirstTime(page, station.url, adminLogin(station));
  await page.getByRole('button', { name: 'Manage' }).click();
  await page.getByRole('tab', { name: 'Audit log' }).click();
  const table = page.getByRole('table', { name: /Audit log entries/ });
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(50);
  // The newest first: the admin's own sign-in is on top.
  await expect(rows.first()).toContainText(/Admin/);

  await page.getByLabel('What').selectOption('check_in');
  await page.getByLabel('Interview number').fill('77');
  await expect(rows).toHaveCount(50);
  await expect(page.getByText(/50 entries shown; older ones follow/)).toBeVisible();
  await page.screenshot({ path: '/tmp/audit-tab.png', fullPage: false });
  await page.getByRole('button', { name: 'Show older entries' }).click();
  await expect(rows).toHaveCount(100);
  await page.getByRole('button', { name: 'Show older entries' }).click();
  await expect(rows).toHaveCount(130);
  await expect(page.getByRole('button', { name: 'Show older entries' })).toHaveCount(0);
  expect(await rows.filter({ hasText: 'interview 77' }).count()).toBe(130);

  await page.getByLabel('From').fill('2026-11-03');
  await expect(page.getByText('No entries match these filters.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(rows).toHaveCount(50);

  await page.getByLabel('What').selectOption('check_in');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download audit-log.csv' }).click();
  const file = await (await downloading).path();
  const lines = readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(lines[0]).toBe('Id,Time (UTC),Actor,Actor id,Staff,Action,Subject,Details');
  expect(lines).toHaveLength(131);
  expect(lines.slice(1).every((line) => line.includes(',check_in,interview 77,'))).toBe(true);
});
