import type { Locator, Page } from '@playwright/test';
import { checkInAndConsent } from './fixtures/candidate';
import { seedE2eInterview } from './fixtures/data';
import { faceCamera } from './fixtures/media';
import { expect, test } from './fixtures/test';

type Box = { x: number; y: number; width: number; height: number };

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not laid out');
  return box;
}

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Both boxes on screen, apart: the candidate reads the notice and where they are at once. */
async function expectApartOnScreen(page: Page, notice: Locator, others: Locator[]) {
  const viewport = page.viewportSize() ?? { width: 0, height: 0 };
  const a = await boxOf(notice);
  for (const other of others) {
    const b = await boxOf(other);
    expect(overlap(a, b), `notice ${JSON.stringify(a)} over ${JSON.stringify(b)}`).toBe(false);
    for (const box of [a, b]) {
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    }
  }
}

test('the proctoring notice covers neither "Question N of M" nor the timer, at 1024×600, 1280×720 and 1280×800', async ({
  page,
  dataDir,
  startStation,
}, testInfo) => {
  test.setTimeout(120_000);
  // A face for the device check, then nobody for a minute: the face notice stays up meanwhile.
  const camera = faceCamera(dataDir, [
    [3, true],
    [60, false],
  ]);
  const { accessCode } = seedE2eInterview(dataDir, [
    {
      type: 'text',
      prompt: 'Describe a hard bug you fixed.',
      readingSeconds: 60,
      answerSeconds: 120,
    },
    { type: 'text', prompt: 'What would you change about it now?', answerSeconds: 60 },
  ]);
  const station = await startStation({ STATION_CAMERA_FILE: camera });
  await page.setViewportSize({ width: 1024, height: 600 });
  await checkInAndConsent(page, station.url, accessCode);
  const notice = page.getByRole('status').filter({ hasText: /can’t see your face/ });
  await expect(notice).toBeVisible({ timeout: 20_000 });
  const progress = page.getByText('Question 1 of 2', { exact: true });
  const timer = page.getByRole('timer');
  await expectApartOnScreen(page, notice, [progress, timer]);
  await page.screenshot({ path: testInfo.outputPath('notice-1024x600.png') });

  await page.setViewportSize({ width: 1280, height: 720 });
  await expect(notice).toBeVisible();
  await expectApartOnScreen(page, notice, [progress, timer]);
  await page.screenshot({ path: testInfo.outputPath('notice-1280x720.png') });

  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(notice).toBeVisible();
  await expectApartOnScreen(page, notice, [progress, timer]);
  await page.screenshot({ path: testInfo.outputPath('notice-1280x800.png') });
});
