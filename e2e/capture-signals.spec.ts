import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';
import { eq } from 'drizzle-orm';
import { events, media, sessions, sessionSummaries, signalFrames } from '../db/schema';
import { startTestPulse, writeSpeech } from '../electron/capture/test-pulse';
import { checkInAndConsent } from './fixtures/candidate';
import { faceCamera, probeSeconds } from './fixtures/media';
import { openStationDb, seedE2eInterview } from './fixtures/data';
import type { RunningStation } from './fixtures/station';

/**
 * Answers the interview's one text question, then waits until capture has finalised in the
 * background (the session summary is its last write) and returns the station database.
 */
async function answerAndWaitForCapture(page: Page, dataDir: string, answer: string) {
  await page.getByRole('button', { name: 'I am ready to answer' }).click();
  await page.getByRole('textbox', { name: 'Your answer' }).fill(answer);
  await page.getByRole('button', { name: 'Submit and finish' }).click();
  await expect(page.getByRole('heading', { name: /your interview is complete/ })).toBeVisible();
  const db = openStationDb(dataDir);
  await expect
    .poll(() => db.select().from(sessionSummaries).all().length, { timeout: 20_000 })
    .toBe(1);
  return db;
}

test('a live session records the camera and stores signals and events that line up with it', async ({
  page,
  dataDir,
  startStation,
}) => {
  test.setTimeout(120_000);
  // The file camera loops: a face for 3 s, nobody for 5 s, then the face again.
  const camera = faceCamera(dataDir, [
    [3, true],
    [5, false],
    [8, true],
  ]);
  const { accessCode } = seedE2eInterview(dataDir, [
    { type: 'text', readingSeconds: 30, answerSeconds: 60 },
  ]);
  const station = await startStation({ STATION_CAMERA_FILE: camera });
  await checkInAndConsent(page, station.url, accessCode);
  // Through the clip's empty stretch: after 3 s without a face the candidate gets a calm
  // notice, and it goes once the face is back.
  const notice = page.getByRole('status').filter({ hasText: /can’t see your face/ });
  await expect(notice).toBeVisible({ timeout: 15_000 });
  await expect(notice).toHaveCount(0, { timeout: 10_000 });
  const db = await answerAndWaitForCapture(page, dataDir, 'Recorded while answering.');
  const recording = db.select().from(media).where(eq(media.kind, 'recording')).get();
  expect(recording?.endMs).not.toBeNull();
  const file = path.join(dataDir, recording?.relativePath ?? '');
  expect(existsSync(file)).toBe(true);
  const recordedMs = (recording?.endMs ?? 0) - (recording?.startMs ?? 0);
  expect(Math.abs(probeSeconds(file) * 1000 - recordedMs)).toBeLessThan(1500);

  // Signals on the same clock: frames through the recording, the empty stretch as an event.
  const frames = db.select().from(signalFrames).all();
  expect(frames.length).toBeGreaterThan((recordedMs / 1000) * 15 * 0.6);
  expect(frames[0]?.tMs).toBeGreaterThanOrEqual((recording?.startMs ?? 0) - 100);
  const noFace = db.select().from(events).where(eq(events.type, 'no_face')).all();
  expect(noFace.length).toBeGreaterThanOrEqual(1);
  const offset = (noFace[0]?.startMs ?? 0) - (recording?.startMs ?? 0);
  expect(Math.abs(offset - 3000)).toBeLessThanOrEqual(700);
  expect(noFace[0]?.thumbnailMediaId).not.toBeNull();
  db.$client.close();
});

test('speech during reading time is heard through the microphone and becomes an event', async ({
  page,
  dataDir,
  startStation,
}) => {
  test.setTimeout(120_000);
  const pulse = await startTestPulse();
  let station: RunningStation | undefined;
  try {
    const camera = faceCamera(dataDir, [[4, true]]);
    const speech = path.join(dataDir, 'speech.wav');
    await writeSpeech('Excuse me, could you tell me the answer to this question please.', speech);
    const { accessCode } = seedE2eInterview(dataDir, [
      { type: 'text', readingSeconds: 30, answerSeconds: 60 },
    ]);
    station = await startStation({
      ...pulse.env,
      STATION_CAMERA_FILE: camera,
      STATION_MIC_DEVICE: 'pulse',
    });
    const sentence = path.join(dataDir, 'sentence.wav');
    await writeSpeech('My name is Ada and I am here for the engineering role.', sentence);
    await checkInAndConsent(page, station.url, accessCode, () => pulse.play(sentence));
    await page.waitForTimeout(3000); // capture is up and listening
    const playedAt = Date.now();
    await pulse.play(speech);
    await page.waitForTimeout(1500);
    const db = await answerAndWaitForCapture(page, dataDir, 'Quiet now.');
    const startedAt = db.select().from(sessions).get()?.startedAt ?? 0;
    const heard = db.select().from(events).where(eq(events.type, 'speech_during_reading')).all();
    expect(heard).toHaveLength(1);
    expect(Math.abs((heard[0]?.startMs ?? 0) - (playedAt - startedAt))).toBeLessThanOrEqual(700);
    // Its evidence: the camera's frame of that moment, as for the face events.
    const picture = db
      .select()
      .from(media)
      .where(eq(media.id, heard[0]?.thumbnailMediaId ?? -1))
      .get();
    expect(picture).toMatchObject({ kind: 'thumbnail', startMs: heard[0]?.startMs });
    const voiced = db
      .select()
      .from(signalFrames)
      .all()
      .filter((f) => f.voiceActive);
    expect(voiced.length).toBeGreaterThan(15); // over a second of frames with voice
    // The camera is a still photo: the voice is not from the candidate's (unmoving) mouth, so it
    // is also speech while the mouth is still, with the frame it started on as evidence.
    const others = db.select().from(events).where(eq(events.type, 'other_voice')).all();
    expect(
      others.some((e) => Math.abs(e.startMs - (playedAt - startedAt)) <= 1500),
      JSON.stringify(others),
    ).toBe(true);
    for (const other of others) expect(other.thumbnailMediaId).not.toBeNull();
    expect(db.select().from(events).where(eq(events.type, 'mic_lost')).all()).toEqual([]);
    db.$client.close();
  } finally {
    // The station lets go of the test rig's microphone before the rig goes.
    await station?.stop();
    await pulse.stop();
  }
});
