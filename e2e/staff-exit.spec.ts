import { expect, test } from './fixtures/test';

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
