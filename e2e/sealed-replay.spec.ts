import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { events, media, sessionSummaries } from '../db/schema';
import { checkInAndConsent } from './fixtures/candidate';
import { readStoredFileSync } from '../electron/core/sealed-read';
import { openStationDb, seedE2eInterview, stationFilesKey } from './fixtures/data';
import { faceCamera } from './fixtures/media';
import { signInFirstTime } from './fixtures/staff';
import { recruiterLogin } from './fixtures/station';
import { expect, test } from './fixtures/test';

// Encryption at rest: a recording sealed in AES-256-GCM chunks as it is recorded
// (capture/sealed-recording.ts) plays and seeks in the replay, the station decrypting only the
// chunks each range asks for.
test('a sealed session recording plays and seeks to an event in the replay', async ({
  page,
  dataDir,
  startStation,
}) => {
  test.setTimeout(120_000);
  const camera = faceCamera(dataDir, [
    [3, true],
    [5, false],
    [8, true],
  ]);
  const { accessCode, candidateName } = seedE2eInterview(dataDir, [
    {
      type: 'text',
      prompt: 'Describe a hard bug you fixed.',
      readingSeconds: 30,
      answerSeconds: 60,
    },
  ]);
  const station = await startStation({ STATION_CAMERA_FILE: camera });
  await checkInAndConsent(page, station.url, accessCode);
  // Through the clip's empty stretch, so the recording holds a no-face event.
  const notice = page.getByRole('status').filter({ hasText: /can’t see your face/ });
  await expect(notice).toBeVisible({ timeout: 15_000 });
  await expect(notice).toHaveCount(0, { timeout: 10_000 });
  await page.getByRole('button', { name: 'I am ready to answer' }).click();
  await page.getByRole('textbox', { name: 'Your answer' }).fill('I bisected a flaky cache.');
  await page.getByRole('button', { name: 'Submit and finish' }).click();
  await expect(page.getByRole('heading', { name: /your interview is complete/ })).toBeVisible();

  const db = openStationDb(dataDir);
  await expect
    .poll(() => db.select().from(sessionSummaries).all().length, { timeout: 20_000 })
    .toBe(1);
  const noFace = db.select().from(events).where(eq(events.type, 'no_face')).get();
  const recording = db.select().from(media).where(eq(media.kind, 'recording')).get();
  db.$client.close();
  expect(noFace).toBeDefined();
  const file = path.join(dataDir, recording?.relativePath ?? '');
  // Sealed as it was recorded: the camera's ffmpeg wrote it to a pipe, the station sealed it.
  const disk = readFileSync(file);
  const plainSize = readStoredFileSync(file, stationFilesKey(dataDir)).length;
  expect(disk.subarray(0, 8).toString('latin1')).toBe('ISSEALv1');
  expect(disk.includes(Buffer.from('ftyp'))).toBe(false);
  expect(disk.includes(Buffer.from('moof'))).toBe(false);
  const expectedSeconds = ((noFace?.startMs ?? 0) - (recording?.startMs ?? 0)) / 1000;

  await signInFirstTime(page, station.url, recruiterLogin(station), 'a long review password');
  const row = page.getByRole('row', { name: new RegExp(candidateName) });
  await row.getByRole('button', { name: new RegExp(`^(Open|Review) ${candidateName}$`) }).click();
  await expect(page.locator('.timeline-chart[data-ready="true"]')).toBeVisible();
  const video = page.getByLabel('Session recording');
  // The browser sees the plain recording: its size, a duration, a decodable first frame.
  const head = await page.request.fetch(await video.evaluate((v: HTMLVideoElement) => v.src), {
    method: 'HEAD',
  });
  expect(Number(head.headers()['content-length'])).toBe(plainSize);
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.duration), { timeout: 10_000 })
    .toBeGreaterThan(expectedSeconds);

  await page.locator(`.timeline-marker[data-event-id="${noFace?.id}"]`).click();
  await expect
    .poll(async () =>
      Math.abs((await video.evaluate((v: HTMLVideoElement) => v.currentTime)) - expectedSeconds),
    )
    .toBeLessThanOrEqual(0.5);
  // The frame there decoded: the seek read the chunks it needed and they decrypted.
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState))
    .toBeGreaterThanOrEqual(2);
  await video.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime))
    .toBeGreaterThan(expectedSeconds + 1);
  expect(await video.evaluate((v: HTMLVideoElement) => v.error?.message ?? null)).toBeNull();
});
