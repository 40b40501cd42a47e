import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';
import { asc, eq } from 'drizzle-orm';
import { answers, events, media, sessions, sessionSegments } from '../db/schema';
import { readRegistry, type ProcessEntry } from '../electron/capture/process-registry';
import { alignPcm, startTestPulse, writeSpeech } from '../electron/capture/test-pulse';
import { checkInAndConsent } from './fixtures/candidate';
import { faceCamera, probeSeconds, readStationPcm16 } from './fixtures/media';
import { secretOf, staffSignInToken } from './fixtures/client';
import { openStationDb, seedE2eInterview } from './fixtures/data';
import { recruiterLogin } from './fixtures/station';

/** A raw GET, so a path with `..` reaches the station as written. */
function rawGet(origin: string, urlPath: string): Promise<number> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: hostname, port, path: urlPath, agent: false, headers: { Connection: 'close' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** How long the page's own <video>/<audio> element says a media file plays. */
async function playableSeconds(page: Page, src: string, tag: 'video' | 'audio'): Promise<number> {
  return page.evaluate(
    ({ src, tag }) =>
      new Promise<number>((resolve, reject) => {
        const element = document.createElement(tag);
        element.preload = 'metadata';
        element.onloadedmetadata = () => resolve(element.duration);
        element.onerror = () => reject(new Error(`cannot play ${src}`));
        element.src = src;
      }),
    { src, tag },
  );
}

test('a candidate answers an audio and a video question, recorded by the station, and both play back', async ({
  page,
  dataDir,
  startStation,
}) => {
  test.setTimeout(180_000);
  const pulse = await startTestPulse();
  try {
    const sentence = path.join(dataDir, 'sentence.wav');
    await writeSpeech('Good morning, my name is Ada Lovelace.', sentence);
    const spokenFile = path.join(dataDir, 'spoken.wav');
    const spoken = await writeSpeech(
      'I would start by measuring where the time goes, then fix the slowest query first.',
      spokenFile,
    );
    // The test rig's PulseAudio null sink drops the first ~100 ms of a new playback stream;
    // leading silence keeps that loss off the speech.
    const answerFile = path.join(dataDir, 'answer.wav');
    execFileSync('sox', [spokenFile, answerFile, 'pad', '0.3', '0']);
    const { accessCode } = seedE2eInterview(
      dataDir,
      [
        { type: 'audio', readingSeconds: 20, answerSeconds: 60 },
        { type: 'video', readingSeconds: 20, answerSeconds: 60 },
      ],
      1,
    );
    const station = await startStation({
      ...pulse.env,
      STATION_CAMERA_FILE: faceCamera(dataDir, [[4, true]]),
      STATION_MIC_DEVICE: 'pulse',
    });
    await checkInAndConsent(page, station.url, accessCode, () => pulse.play(sentence));

    // Question 1: a spoken answer, with the speech played into the station's microphone.
    await page.getByRole('button', { name: 'Start recording' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: /Recording your spoken/ }),
    ).toBeVisible();
    await expect(page.getByRole('meter', { name: 'Microphone level' })).toBeVisible();
    await page.waitForTimeout(500);
    await pulse.play(answerFile);
    await page.waitForTimeout(700);
    await page.getByRole('button', { name: 'Submit answer' }).click();

    // Question 2: a video answer, recorded twice (the questionnaire allows one retake).
    await expect(page.getByText('Question 2 of 2')).toBeVisible();
    await page.getByRole('button', { name: 'Start recording' }).click();
    await expect(page.getByRole('img', { name: /camera sees/ })).toBeVisible({ timeout: 10_000 });
    await page.waitForTimeout(2000);
    await page.getByRole('button', { name: /Start this answer again \(1 time left\)/ }).click();
    await expect(page.getByText('(take 2)')).toBeVisible();
    await expect(page.getByRole('button', { name: /Start this answer again/ })).toHaveCount(0);
    await page.waitForTimeout(4000);
    await page.getByRole('button', { name: 'Submit and finish' }).click();
    await expect(page.getByRole('heading', { name: /your interview is complete/ })).toBeVisible();

    const db = openStationDb(dataDir);
    const rows = () => db.select().from(answers).orderBy(asc(answers.position)).all();
    await expect
      .poll(() => rows().every((a) => a.mediaId !== null), { timeout: 30_000 })
      .toBe(true);
    const [audio, video] = rows();
    if (!audio || !video) throw new Error('answers missing');
    expect(video.attempts).toBe(2);
    // The device check calibrated on the camera feed, and the session measured from it.
    const { calibration } =
      db.select({ calibration: sessions.calibration }).from(sessions).get() ?? {};
    expect(calibration?.frames).toBeGreaterThanOrEqual(20);
    const mediaRow = (id: number | null) =>
      db
        .select()
        .from(media)
        .where(eq(media.id, id ?? -1))
        .get();
    const audioMedia = mediaRow(audio.mediaId);
    const videoMedia = mediaRow(video.mediaId);
    expect(audioMedia?.kind).toBe('answer_audio');
    expect(videoMedia?.kind).toBe('answer_video');

    // Durations within 5% of the answering time main measured.
    for (const [answer, row] of [
      [audio, audioMedia],
      [video, videoMedia],
    ] as const) {
      const answeredSeconds = ((answer.endedMs ?? 0) - (answer.startedMs ?? 0)) / 1000;
      const seconds = probeSeconds(path.join(dataDir, row?.relativePath ?? ''));
      console.log(
        `${row?.kind}: ${seconds.toFixed(2)} s for ${answeredSeconds.toFixed(2)} s of answering`,
      );
      expect(Math.abs(seconds - answeredSeconds) / answeredSeconds).toBeLessThan(0.05);
    }
    expect(((video.endedMs ?? 0) - (video.startedMs ?? 0)) / 1000).toBeLessThan(6);

    // The spoken answer is what was played into the microphone.
    const captured = await readStationPcm16(path.join(dataDir, audioMedia?.relativePath ?? ''));
    const found = alignPcm(captured, spoken, 0, captured.length - spoken.length);
    console.log(`audio answer correlation with what was played: ${found.correlation.toFixed(4)}`);
    expect(found.correlation).toBeGreaterThan(0.99);

    // Both play in Chromium through the station's media route, addressed by id only, for a
    // signed-in recruiter.
    const secret = encodeURIComponent(secretOf(station.url));
    const staff = encodeURIComponent(await staffSignInToken(station.url, recruiterLogin(station)));
    const audioSeconds = await playableSeconds(
      page,
      `/media/${audioMedia?.id}?k=${secret}&s=${staff}`,
      'audio',
    );
    const videoSeconds = await playableSeconds(
      page,
      `/media/${videoMedia?.id}?k=${secret}&s=${staff}`,
      'video',
    );
    expect(audioSeconds).toBeGreaterThan(1);
    expect(videoSeconds).toBeGreaterThan(3);
    // The candidate's page holds the secret but no staff sign-in: no recordings for it.
    expect(await rawGet(station.origin, `/media/${audioMedia?.id}?k=${secret}`)).toBe(401);
    // Paths are never accepted, with or without the secret.
    for (const attempt of [
      `/media/../station.db?k=${secret}&s=${staff}`,
      `/media/..%2F..%2Fetc%2Fpasswd?k=${secret}&s=${staff}`,
      `/media/${audioMedia?.relativePath ?? ''}?k=${secret}&s=${staff}`,
      `/media/${audioMedia?.id}`,
    ]) {
      expect([400, 401, 403, 404], attempt).toContain(await rawGet(station.origin, attempt));
    }
    db.$client.close();
  } finally {
    await pulse.stop();
  }
});

test('a station killed while recording leaves a playable file, and a resume records a new segment', async ({
  page,
  dataDir,
  startStation,
}) => {
  test.setTimeout(120_000);
  const camera = faceCamera(dataDir, [[4, true]]);
  const { accessCode } = seedE2eInterview(dataDir, [
    { type: 'text', readingSeconds: 10, answerSeconds: 120 },
  ]);
  let station = await startStation({ STATION_CAMERA_FILE: camera });
  await checkInAndConsent(page, station.url, accessCode);
  await page.getByRole('button', { name: 'I am ready to answer' }).click();
  await page.getByRole('textbox', { name: 'Your answer' }).fill('Halfway through my answer');
  await page.waitForTimeout(6000);
  const killedAt = Date.now();
  await station.kill();
  // The children the killed run had started (its camera's ffmpeg at least).
  const leftovers = readRegistry(dataDir);
  expect(leftovers.map((entry) => entry.what)).toContain('camera');

  const db = openStationDb(dataDir);
  const [first] = db.select().from(media).where(eq(media.kind, 'recording')).all();
  const firstFile = path.join(dataDir, first?.relativePath ?? '');
  const startedAt = db.select().from(sessionSegments).get()?.startedAt ?? 0;
  const recordedSeconds = probeSeconds(firstFile);
  const expectedSeconds = (killedAt - startedAt - (first?.startMs ?? 0)) / 1000;
  console.log(
    `killed after ~${expectedSeconds.toFixed(1)} s of recording: ${recordedSeconds.toFixed(2)} s play`,
  );
  expect(recordedSeconds).toBeGreaterThan(expectedSeconds - 2);
  db.$client.close();

  station = await startStation({ STATION_CAMERA_FILE: camera });
  // No orphans: none of the killed run's children is still running once the station is back.
  // ffmpeg often exits by itself when its pipes close, so this holds the outcome, not the
  // start-up reaper; process-registry.test.ts shows the reaper ending a live leftover.
  expect(leftovers.filter(stillRunning).map((entry) => entry.what)).toEqual([]);
  await page.goto(station.url);
  // Resuming takes the candidate's own code: a session id alone gives nobody an interview.
  await page.getByRole('textbox', { name: 'Interview code' }).fill(accessCode);
  await page.getByRole('button', { name: /Resume/ }).click();
  await expect(page.getByRole('textbox', { name: 'Your answer' })).toBeVisible();
  await page.waitForTimeout(3000);
  await page.getByRole('button', { name: 'Submit and finish' }).click();
  await expect(page.getByRole('heading', { name: /your interview is complete/ })).toBeVisible();

  const after = openStationDb(dataDir);
  await expect
    .poll(
      () =>
        after
          .select()
          .from(media)
          .where(eq(media.kind, 'recording'))
          .all()
          .filter((m) => m.endMs !== null).length,
      { timeout: 20_000 },
    )
    .toBe(1);
  const recordings = after.select().from(media).where(eq(media.kind, 'recording')).all();
  const segments = after.select().from(sessionSegments).all();
  expect(recordings).toHaveLength(2);
  expect(segments).toHaveLength(2);
  expect(recordings[1]?.segmentId).toBe(segments[1]?.id);
  expect(probeSeconds(path.join(dataDir, recordings[1]?.relativePath ?? ''))).toBeGreaterThan(1);
  expect(after.select().from(events).where(eq(events.type, 'restart')).all()).toHaveLength(1);
  after.$client.close();
});

/** Whether a registered child still runs: its pid alive with the very argv it was started with. */
function stillRunning(entry: ProcessEntry): boolean {
  try {
    const argv = readFileSync(`/proc/${entry.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return argv.join('\0') === entry.argv.join('\0');
  } catch {
    return false;
  }
}
