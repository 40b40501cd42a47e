import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures/test';
import { signInFirstTime } from './fixtures/staff';
import { adminLogin } from './fixtures/station';
import { startTestReceiver } from '../electron/sync/test-receiver';

const CODE = 'E2E-ENROL-0123456789';

test('an admin enrols the station with a receiver by its one-time code; the credential never reaches the page', async ({
  page,
  startStation,
}) => {
  const storageDir = mkdtempSync(path.join(os.tmpdir(), 'e2e-sync-receiver-'));
  const receiver = await startTestReceiver({ storageDir, codes: [CODE] });
  try {
    const received: string[] = [];
    page.on('websocket', (socket) =>
      socket.on('framereceived', (frame) => received.push(String(frame.payload))),
    );
    const station = await startStation();
    await signInFirstTime(page, station.url, adminLogin(station));
    await page
      .getByRole('navigation', { name: 'Staff areas' })
      .getByRole('button', { name: 'Settings' })
      .click();
    const card = page.locator('form', {
      has: page.getByRole('heading', { name: /organisation’s receiver/ }),
    });
    await expect(card.getByText('Not enrolled: nothing leaves this station.')).toBeVisible();

    // Plain http to another machine is refused, in words.
    await card.getByLabel('Receiver address').fill('http://receiver.example.org');
    await card.getByLabel('One-time enrolment code').fill(CODE);
    await card.getByRole('button', { name: 'Enrol', exact: true }).click();
    await expect(card.getByRole('alert')).toContainText('https (TLS)');

    await card.getByLabel('Receiver address').fill(receiver.url);
    await card.getByLabel('One-time enrolment code').fill(CODE);
    await card.getByRole('button', { name: 'Enrol', exact: true }).click();
    await expect(card.getByRole('status')).toHaveText(/^Enrolled/);
    await expect(card.getByText(`Enrolled with ${receiver.url}.`)).toBeVisible();
    await expect(card.getByLabel('One-time enrolment code')).toHaveValue('');

    const [credential] = [...receiver.credentials];
    expect(credential).toBeTruthy();
    expect(received.join('\n')).not.toContain(credential ?? '');
    expect(station.output.join('\n')).not.toContain(credential ?? '');
    expect(station.output.join('\n')).not.toContain(CODE);

    await card.getByRole('button', { name: 'Forget the receiver' }).click();
    await expect(card.getByText('Not enrolled: nothing leaves this station.')).toBeVisible();
  } finally {
    await receiver.close();
    rmSync(storageDir, { recursive: true, force: true });
  }
});
