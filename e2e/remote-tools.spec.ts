import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { events } from '../db/schema';
import { writeSetting } from '../electron/core/setting-store';
import { checkInAndConsent } from './fixtures/candidate';
import { openStationDb, seedE2eInterview } from './fixtures/data';
import { signInFirstTime } from './fixtures/staff';
import { recruiterLogin } from './fixtures/station';
import { expect, test } from './fixtures/test';

/** A real process whose executable is named `name` (a copy of `sleep`), as a tool would run. */
function runNamed(name: string): ChildProcess {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'tool-')), name);
  copyFileSync('/bin/sleep', file);
  return spawn(file, ['600'], { stdio: 'ignore' });
}

const running: ChildProcess[] = [];
test.afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

test('set to block, a remote-desktop tool running stops check-in with a line for staff, until it is closed', async ({
  page,
  browser,
  dataDir,
  startStation,
}) => {
  test.setTimeout(90_000);
  const { accessCode } = seedE2eInterview(dataDir, [{ type: 'text', answerSeconds: 120 }]);
  const db = openStationDb(dataDir);
  try {
    writeSetting(db, 'kiosk.remoteTools', 'block');
  } finally {
    db.$client.close();
  }
  const anydesk = runNamed('anydesk');
  running.push(anydesk);
  const station = await startStation();

  const staffContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const staff = await staffContext.newPage();
  await signInFirstTime(staff, station.url, recruiterLogin(station));
  await staff.getByRole('button', { name: 'Station', exact: true }).click();
  const diagnostics = staff.getByRole('region', { name: 'Station diagnostics' });
  await expect(diagnostics.getByText(/AnyDesk is running \(anydesk\)/)).toBeVisible({
    timeout: 15_000,
  });
  await expect(
    diagnostics.getByText(/When one runs: interviews are refused meanwhile/),
  ).toBeVisible();

  await page.goto(station.url);
  await page.getByRole('textbox', { name: 'Interview code' }).fill(accessCode);
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(
    page.getByText(
      'The interview cannot start while AnyDesk is running on this station. Please ask a member of staff.',
    ),
  ).toBeVisible();

  anydesk.kill('SIGKILL');
  await expect
    .poll(
      async () => {
        await diagnostics.getByRole('button', { name: 'Check again' }).click();
        return diagnostics
          .getByText(/^No remote-desktop, meeting or recording tool running/)
          .isVisible();
      },
      { timeout: 20_000, intervals: [1_000] },
    )
    .toBe(true);
  // The next look at the processes (every 5 s) finds it gone: the same code now checks in.
  await expect
    .poll(
      async () => {
        const checkedIn = page.getByRole('button', { name: 'Continue' });
        if (await checkedIn.isVisible()) return true;
        await page.getByRole('button', { name: 'Check in' }).click();
        await checkedIn.waitFor({ timeout: 1_000 }).catch(() => {});
        return checkedIn.isVisible();
      },
      { timeout: 20_000, intervals: [1_000] },
    )
    .toBe(true);
  await staffContext.close();
});

test('by default, a meeting tool started mid-interview is noted on the session for as long as it runs', async ({
  page,
  dataDir,
  startStation,
}) => {
  test.setTimeout(90_000);
  const { accessCode } = seedE2eInterview(dataDir, [{ type: 'text', answerSeconds: 300 }]);
  const station = await startStation();
  await checkInAndConsent(page, station.url, accessCode);
  const zoom = runNamed('zoom');
  running.push(zoom);
  const remoteEvents = () => {
    const db = openStationDb(dataDir);
    try {
      return db.select().from(events).where(eq(events.type, 'remote_tool')).all();
    } finally {
      db.$client.close();
    }
  };
  await expect.poll(() => remoteEvents().length, { timeout: 15_000 }).toBe(1);
  expect(remoteEvents()[0]).toMatchObject({
    severity: 'high',
    endMs: null,
    details: { product: 'Zoom', category: 'meeting', executables: ['zoom'] },
  });
  zoom.kill('SIGKILL');
  await expect.poll(() => remoteEvents()[0]?.endMs ?? null, { timeout: 15_000 }).not.toBeNull();
  const [event] = remoteEvents();
  expect((event?.endMs ?? 0) - (event?.startMs ?? 0)).toBeGreaterThan(0);
  expect(station.process.exitCode).toBeNull();
});
