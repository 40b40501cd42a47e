import { existsSync } from 'node:fs';
import { expect, test } from './fixtures/test';
import { legalHolds } from '../db/privacy-schema';
import { writeSetting } from '../electron/core/setting-store';
import { DAY_MS } from '../electron/privacy/retention-policy';
import { seedFinishedInterview } from '../electron/privacy/test-purge';
import { openStationDb } from './fixtures/data';
import { adminLogin } from './fixtures/station';
import { signInFirstTime } from './fixtures/staff';

/** Every row of every table as one string, to look for a candidate's traces in. */
function dump(dataDir: string): string {
  const db = openStationDb(dataDir);
  try {
    const tables = db.$client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .pluck()
      .all() as string[];
    return JSON.stringify(tables.map((t) => db.$client.prepare(`SELECT * FROM "${t}"`).all()));
  } finally {
    db.$client.close();
  }
}

test('an interview past retention is deleted at start, file and row, its aggregate kept, a held one kept', async ({
  page,
  dataDir,
  startStation,
}) => {
  test.setTimeout(90_000);
  // A first start seeds the staff accounts; the station is stopped to age the data.
  const first = await startStation();
  const admin = adminLogin(first);
  await first.stop();

  const now = Date.now();
  const db = openStationDb(dataDir);
  writeSetting(db, 'retention.days', 30);
  const aged = { startedAt: now - 400 * DAY_MS, endedAt: now - 400 * DAY_MS + 20 * 60_000 };
  const old = seedFinishedInterview(db, dataDir, {
    ...aged,
    candidateName: 'Grace Hopper',
    frames: 3000,
  });
  const held = seedFinishedInterview(db, dataDir, { ...aged, candidateName: 'Alan Turing' });
  db.insert(legalHolds)
    .values({ interviewId: held.interviewId, reason: 'Pending litigation', setBy: 1, setAt: now })
    .run();
  const recent = seedFinishedInterview(db, dataDir, {
    startedAt: now - 2 * DAY_MS,
    endedAt: now - 2 * DAY_MS + 60_000,
    candidateName: 'Edsger Dijkstra',
  });
  db.$client.close();
  expect(old.files.every((f) => existsSync(f))).toBe(true);

  const station = await startStation();
  await expect
    .poll(() => station.output.find((l) => l.startsWith('Retention purge:')), { timeout: 15_000 })
    .toMatch(/^Retention purge: 1 interview\(s\), 5 file\(s\), 0\.3 MB, \d+ row\(s\) in \d+ ms\.$/);

  // Every file of the aged interview is gone, and every row naming its candidate.
  expect(old.files.filter((f) => existsSync(f))).toEqual([]);
  const all = dump(dataDir);
  expect(all).not.toContain('Grace Hopper');
  expect(all).not.toContain('Grace-Hopper');
  // The held and the recent interviews keep everything.
  expect(held.files.every((f) => existsSync(f))).toBe(true);
  expect(recent.files.every((f) => existsSync(f))).toBe(true);
  expect(all).toContain('Alan Turing');

  const check = openStationDb(dataDir);
  const aggregates = check.$client.prepare('SELECT * FROM interview_aggregates').all();
  const audit = check.$client
    .prepare("SELECT details FROM audit_log WHERE action = 'retention_purge'")
    .pluck()
    .all() as string[];
  check.$client.close();
  expect(aggregates).toEqual([
    expect.objectContaining({
      job_id: old.jobId,
      status: 'completed',
      decision: 'Passed',
      overall_score: 82,
      event_counts: JSON.stringify({ looking_away: 2, no_face: 1 }),
    }),
  ]);
  expect(JSON.parse(audit[0] ?? '{}')).toMatchObject({ files: 5, bytes: old.bytes });

  // Staff see it: the Station tab reports the purge; the held interview shows its hold.
  await signInFirstTime(page, station.url, admin);
  await page.getByRole('button', { name: 'Station', exact: true }).click();
  const diagnostics = page.getByRole('region', { name: 'Station diagnostics' });
  await expect(diagnostics.getByText(/1 interview\(s\) deleted, 5 file\(s\)/)).toBeVisible();
  await expect(diagnostics.getByText('1 interview(s)', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Interviews', exact: true }).click();
  await page.getByRole('button', { name: /^(Open|Review) Alan Turing$/ }).click();
  const panel = page.getByRole('region', { name: 'Legal hold' });
  await expect(panel.getByText(/On hold.*Pending litigation/)).toBeVisible();
  // An admin lifts it from the keyboard alone: the labelled reason, then Tab and Enter.
  await panel.getByLabel('Reason for lifting the hold').fill('Litigation settled');
  await page.keyboard.press('Tab');
  await expect(panel.getByRole('button', { name: 'Lift legal hold' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(panel.getByText(/^Not on hold/)).toBeVisible();
  await expect(panel.getByText(/Earlier holds \(1\)/)).toBeVisible();
});
