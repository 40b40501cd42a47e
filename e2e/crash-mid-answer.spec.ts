import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';
import { eq } from 'drizzle-orm';
import { answers, media } from '../db/schema';
import { startTestPulse, writeSpeech } from '../electron/capture/test-pulse';
import { checkInAndConsent } from './fixtures/candidate';
import { faceCamera, probeSeconds } from './fixtures/media';
import { openStationDb, seedE2eInterview } from './fixtures/data';
import { recruiterLogin } from './fixtures/station';
import { signInFirstTime } from './fixtures/staff';

/** How long the page's own <audio> element says the element `label` plays, once loaded. */
async function playsFor(page: Page, label: string): Promise<number> {
  const audio = page.getByLabel(label);
  await expect
    .poll(() => audio.evaluate((a: HTMLAudioElement) => a.readyState), { timeout: 10_000 })
    .toBeGreaterThanOrEqual(1);
  return audio.evaluate((a: HTMLAudioElement) => a.duration);
}

test('a station killed mid-answer keeps what was said before, and the reviewer plays both parts', async ({
  page,
  dataDir,
  startStation,
}) => {
  test.setTimeout(180_000);
  const pulse = await startTestPulse();
  try {
    const sentence = path.join(dataDir, 'sentence.wav');
    await writeSpeech('I would start by measuring where the time goes.', sentence);
    const { accessCode, candidateName } = seedE2eInterview(dataDir, [
      { type: 'audio', readingSeconds: 20, answerSeconds: 90 },
    ]);
    const env = {
      ...pulse.env,
      STATION_CAMERA_FILE: faceCamera(dataDir, [[4, true]]),
      STATION_MIC_DEVICE: 'pulse',
    };
    let station = await startStation(env);
    // Printed at the first start only.
    const recruiter = recruiterLogin(station);
    await checkInAndConsent(page, station.url, accessCode, () => pulse.play(sentence));
    await page.getByRole('button', { name: 'Start recording' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: /Recording your spoken/ }),
    ).toBeVisible();
    await pulse.play(sentence);
    await page.waitForTimeout(1000);
    await station.kill();

    station = await startStation(env);
    expect(station.output.join('\n')).toContain(
      '1 answer part(s) recorded before an interruption kept.',
    );
    const db = openStationDb(dataDir);
    const [before] = db.select().from(media).where(eq(media.kind, 'answer_audio')).all();
    const beforeSeconds = probeSeconds(path.join(dataDir, before?.relativePath ?? ''));
    console.log(`killed mid-answer: ${beforeSeconds.toFixed(2)} s recorded before it kept`);
    expect(beforeSeconds).toBeGreaterThan(2);

    await page.goto(station.url);
    await page.getByRole('textbox', { name: 'Interview code' }).fill(accessCode);
    await page.getByRole('button', { name: /Resume/ }).click();
    await expect(
      page.getByRole('status').filter({ hasText: /Recording your spoken/ }),
    ).toBeVisible();
    await page.waitForTimeout(2500);
    await page.getByRole('button', { name: 'Submit and finish' }).click();
    await expect(page.getByRole('heading', { name: /your interview is complete/ })).toBeVisible();
    await expect
      .poll(() => db.select().from(answers).get()?.mediaId ?? before?.id, { timeout: 20_000 })
      .not.toBe(before?.id);
    db.$client.close();

    await signInFirstTime(page, station.url, recruiter);
    await page
      .getByRole('row', { name: new RegExp(candidateName) })
      .getByRole('button', { name: new RegExp(`^(Open|Review) ${candidateName}$`) })
      .click();
    const parts = page.getByRole('list', { name: 'Parts of audio answer to question 1' });
    await expect(parts.getByRole('listitem')).toHaveCount(2);
    await expect(parts.getByRole('listitem').nth(0)).toContainText(
      'Part 1: Recorded before the interruption',
    );
    await expect(parts.getByRole('listitem').nth(1)).toContainText(
      'Part 2: Recorded after the resume',
    );
    const first = await playsFor(page, 'Audio answer to question 1, part 1');
    const second = await playsFor(page, 'Audio answer to question 1, part 2');
    console.log(`the reviewer plays ${first.toFixed(2)} s + ${second.toFixed(2)} s`);
    expect(Math.abs(first - beforeSeconds)).toBeLessThan(0.05);
    expect(second).toBeGreaterThan(2);
  } finally {
    await pulse.stop();
  }
});
