import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures/test';
import { signInFirstTime } from './fixtures/staff';
import { adminLogin } from './fixtures/station';

const KEY = 'AIzaSyE2ETESTKEY0123456789abcdefghijklmn';
const IT_KEY = 'AIzaSyE2EITKEY00123456789abcdefghijklmno';

test('an admin pastes the Gemini key: kept in main, never shown again, never sent back to the page', async ({
  page,
  dataDir,
  startStation,
}) => {
  // Everything main sends the page, to check the key never comes back.
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
  const card = page.locator('form', { has: page.getByRole('heading', { name: /Google Gemini/ }) });
  await expect(card.getByText('No key is configured')).toBeVisible();
  await expect(card.getByRole('button', { name: 'Save' })).toBeDisabled();

  const field = card.getByLabel('API key', { exact: true });
  await expect(field).toHaveAttribute('type', 'password');
  await field.fill(KEY);
  await card.getByRole('combobox', { name: 'Model' }).selectOption('gemini-2.5-pro');
  await card.getByRole('button', { name: 'Save' }).click();
  await expect(card.getByText('A key is configured; model gemini-2.5-pro.')).toBeVisible();
  await expect(card.getByRole('status')).toHaveText('Saved.');
  // The field is emptied: nothing on the screen holds the key any more.
  await expect(card.getByLabel(/New API key/)).toHaveValue('');
  expect(await page.content()).not.toContain(KEY);

  // Kept sealed in the data folder (this station encrypts at rest, as stations do by default).
  const keyFile = readFileSync(path.join(dataDir, 'gemini.key'));
  expect(keyFile.subarray(0, 8).toString('latin1')).toBe('ISSEALv1');
  expect(keyFile.toString('latin1')).not.toContain(KEY);

  await card.getByRole('button', { name: 'Remove the key' }).click();
  await expect(card.getByText('No key is configured')).toBeVisible();

  expect(received.length).toBeGreaterThan(0);
  expect(received.join('\n')).not.toContain(KEY);
  expect(station.output.join('\n')).not.toContain(KEY);
  // No file of the data folder holds the key in the clear (the database neither).
  for (const name of readdirSync(dataDir, { recursive: true, encoding: 'utf8' })) {
    const file = path.join(dataDir, name);
    try {
      expect(readFileSync(file).toString('latin1'), name).not.toContain(KEY);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EISDIR') throw error;
    }
  }
});

test('a key IT set in the environment is shown as set by IT, with nothing to change', async ({
  page,
  startStation,
}) => {
  const station = await startStation({
    GEMINI_API_KEY: IT_KEY,
    GEMINI_MODEL: 'gemini-2.5-flash-lite',
  });
  await signInFirstTime(page, station.url, adminLogin(station));
  await page
    .getByRole('navigation', { name: 'Staff areas' })
    .getByRole('button', { name: 'Settings' })
    .click();
  const card = page.locator('form', { has: page.getByRole('heading', { name: /Google Gemini/ }) });
  await expect(card.getByText('set by IT')).toBeVisible();
  await expect(card.getByText('A key is configured; model gemini-2.5-flash-lite.')).toBeVisible();
  await expect(card.getByRole('textbox')).toHaveCount(0);
  await expect(card.getByRole('button', { name: 'Remove the key' })).toHaveCount(0);
  expect(await page.content()).not.toContain(IT_KEY);
  expect(station.output.join('\n')).not.toContain(IT_KEY);
});
