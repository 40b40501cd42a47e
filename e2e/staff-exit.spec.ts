import { expect, test } from './fixtures/test';
import { signInFirstTime } from './fixtures/staff';
import { adminLogin } from './fixtures/station';

test('staff leave the kiosk only with the admin PIN printed at first run', async ({
  page,
  startStation,
}) => {
  const station = await startStation();
  const pinLine = station.output.find((line) => line.includes('Admin PIN'));
  const pin = /(\d{6})\s*$/.exec(pinLine ?? '')?.[1];
  expect(pin, 'the first run prints the admin PIN once').toBeDefined();
  await page.goto(station.url);
  await page.getByRole('button', { name: 'Staff' }).click();
  const pinBox = page.getByLabel('Admin PIN');
  await pinBox.fill(pin === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Close station' }).click();
  await expect(page.getByText('That PIN is not correct.')).toBeVisible();
  expect(station.process.exitCode).toBeNull();

  const exited = new Promise<number | null>((resolve) => station.process.once('exit', resolve));
  await pinBox.fill(pin ?? '');
  await page.getByRole('button', { name: 'Close station' }).click();
  await expect(page.getByText('Closing the station…')).toBeVisible();
  expect(await exited).toBe(0);
});

test('an admin changes the PIN in Settings; the printed one stops closing the station', async ({
  page,
  startStation,
}) => {
  const station = await startStation();
  const pinLine = station.output.find((line) => line.includes('Admin PIN'));
  const printed = /(\d{6})\s*$/.exec(pinLine ?? '')?.[1] ?? '';
  expect(printed, 'the first run prints the admin PIN once').toMatch(/^\d{6}$/);
  const chosen = printed === '24681357' ? '97531864' : '24681357';
  await signInFirstTime(page, station.url, adminLogin(station));
  await page.getByRole('button', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Kiosk exit PIN' });
  const fill = async (current: string, next: string, again = next) => {
    await form.getByLabel('Current PIN').fill(current);
    await form.getByLabel('New PIN (6 to 12 digits)').fill(next);
    await form.getByLabel('New PIN again').fill(again);
    await form.getByRole('button', { name: 'Change the PIN' }).click();
  };
  // Mistakes are explained where the admin typed them, in an alert.
  await fill(printed, '12ab');
  await expect(form.getByRole('alert')).toHaveText(/6 to 12 digits/);
  await fill(printed, chosen, `${chosen}0`);
  await expect(form.getByRole('alert')).toHaveText(/The two new PINs differ/);
  await fill(printed === '000000' ? '111111' : '000000', chosen);
  await expect(form.getByRole('alert')).toHaveText('That PIN is not correct.');
  await fill(printed, chosen);
  await expect(form.getByRole('status')).toHaveText(/The PIN is changed/);
  await expect(form.getByRole('alert')).toHaveText('');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Staff', exact: true }).click();
  const pinBox = page.getByLabel('Admin PIN');
  await pinBox.fill(printed);
  await page.getByRole('button', { name: 'Close station' }).click();
  await expect(page.getByText('That PIN is not correct.')).toBeVisible();
  expect(station.process.exitCode).toBeNull();
  const exited = new Promise<number | null>((resolve) => station.process.once('exit', resolve));
  await pinBox.fill(chosen);
  await page.getByRole('button', { name: 'Close station' }).click();
  await expect(page.getByText('Closing the station…')).toBeVisible();
  expect(await exited).toBe(0);
});
