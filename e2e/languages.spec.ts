import { expect, test } from './fixtures/test';
import { axeViolations } from './fixtures/axe';
import { seedE2eInterview } from './fixtures/data';

// The welcome screen offers each shipped language named in itself; the document's lang and
// dir follow the choice, so Arabic lays out right to left.
test('a candidate reads the welcome screen in Spanish, then in Arabic right to left', async ({
  page,
  dataDir,
  startStation,
}) => {
  const { accessCode, candidateName } = seedE2eInterview(dataDir, [
    { type: 'text', answerSeconds: 60 },
    { type: 'text', answerSeconds: 60 },
  ]);
  const station = await startStation();
  await page.goto(station.url);
  await page.getByRole('textbox', { name: 'Interview code' }).fill(accessCode);
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByRole('heading', { name: `Hello, ${candidateName}` })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.getByRole('combobox', { name: 'Language' }).selectOption('es');
  await expect(page.getByRole('heading', { name: `Hola, ${candidateName}` })).toBeVisible();
  await expect(page.getByText('Preguntas', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Continuar' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await page.screenshot({ path: test.info().outputPath('welcome-es.png') });

  await page.getByRole('combobox', { name: 'Idioma' }).selectOption('ar');
  await expect(page.getByRole('heading', { name: `مرحبًا، ${candidateName}` })).toBeVisible();
  await expect(page.getByRole('button', { name: 'متابعة' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  // Right to left: the heading's text starts at the card's right edge.
  const align = await page
    .getByRole('heading', { name: /مرحبًا/ })
    .evaluate((el) => getComputedStyle(el).direction);
  expect(align).toBe('rtl');
  expect(await axeViolations(page, 'welcome in Arabic')).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('welcome-ar.png') });
});
