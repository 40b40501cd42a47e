import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startTestPulse } from '../electron/capture/test-pulse';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';
import { eq, isNull } from 'drizzle-orm';
import { answers, media, transcripts, transcriptSegments } from '../db/schema';
import { openStationDb } from './fixtures/data';
import { signInFirstTime } from './fixtures/staff';
import { recruiterLogin, type RunningStation } from './fixtures/station';
import { provisionTestModel } from './fixtures/transcription';
import { interviewAloud } from './fixtures/spoken-interview';

/** The start-up lines about the transcription model. */
const modelLines = (running: RunningStation) =>
  running.output.filter((line) => /^(No transcription model|Transcription model)/.test(line));

/** Signs in as the recruiter (first run) and opens the candidate's replay. */
async function openReplay(page: Page, running: RunningStation, candidateName: string) {
  await signInFirstTime(page, running.url, recruiterLogin(running));
  await expect(page.getByRole('heading', { name: 'Interviews' })).toBeVisible();
  await page
    .getByRole('row', { name: new RegExp(candidateName) })
    .getByRole('button', { name: new RegExp(`^(Open|Review) ${candidateName}$`) })
    .click();
  await expect(page.getByRole('heading', { name: candidateName })).toBeVisible();
}

test('a spoken answer is transcribed on the station, and a recruiter follows its transcript in the replay', async ({
  page,
  dataDir,
  startStation,
}) => {
  test.setTimeout(300_000);
  const pulse = await startTestPulse();
  try {
    const { env: modelEnv } = provisionTestModel(dataDir);
    const { running, candidateName } = await interviewAloud(
      page,
      pulse,
      dataDir,
      startStation,
      modelEnv,
    );
    expect(running.output.join('\n')).toMatch(/Managed config .*transcription\.modelPath/);

    // The model's state is printed once, and it is the real one: loaded, not "loading".
    await expect.poll(() => modelLines(running).length).toBe(1);
    expect(modelLines(running)[0]).toMatch(/^Transcription model ready/);

    const db = openStationDb(dataDir);
    try {
      const answer = () => db.select().from(answers).get();
      const transcriptOf = (answerId: number) =>
        db.select().from(transcripts).where(eq(transcripts.answerId, answerId)).get();
      await expect.poll(() => answer()?.mediaId ?? null, { timeout: 30_000 }).not.toBeNull();
      const answerId = answer()?.id ?? 0;
      await expect
        .poll(() => transcriptOf(answerId) !== undefined, { timeout: 180_000 })
        .toBe(true);
      const transcript = transcriptOf(answerId);
      const answerMedia = db
        .select()
        .from(media)
        .where(eq(media.id, answer()?.mediaId ?? -1))
        .get();
      if (!transcript || !answerMedia) throw new Error('transcript or answer media missing');
      const segments = db
        .select()
        .from(transcriptSegments)
        .where(eq(transcriptSegments.transcriptId, transcript.id))
        .orderBy(transcriptSegments.startMs)
        .all();
      expect(segments.length).toBeGreaterThan(0);
      // On the session clock, inside the answer's recording (its end is when capture stopped).
      const from = answerMedia.startMs;
      const to = answerMedia.endMs ?? Number.POSITIVE_INFINITY;
      console.log(
        `answer media ${from}–${to} ms; segments ${segments.map((s) => `${s.startMs}–${s.endMs}`).join(', ')}`,
      );
      for (const segment of segments) {
        expect(segment.startMs).toBeGreaterThanOrEqual(from);
        expect(segment.endMs).toBeLessThanOrEqual(to);
        expect(segment.words?.length).toBeGreaterThan(0);
        for (const word of segment.words ?? []) {
          expect(word.startMs).toBeGreaterThanOrEqual(segment.startMs);
          expect(word.endMs).toBeLessThanOrEqual(segment.endMs);
        }
      }
      const analytics = transcript.analytics as {
        durationMs: number;
        speakingMs: number;
        wordCount: number;
      } | null;
      expect(analytics?.durationMs).toBeGreaterThan(1000);
      // Speech was played into the microphone: the answer has speaking time.
      expect(analytics?.speakingMs).toBeGreaterThan(1000);
      expect(analytics?.wordCount).toBe(segments.reduce((n, s) => n + (s.words?.length ?? 0), 0));

      // The whole-session recording heard the answer too (it includes the microphone).
      await expect
        .poll(
          () =>
            db.select().from(transcripts).where(isNull(transcripts.answerId)).get() !== undefined,
          { timeout: 180_000 },
        )
        .toBe(true);
      const sessionTranscript = db
        .select()
        .from(transcripts)
        .where(isNull(transcripts.answerId))
        .get();
      const repeated = db
        .select()
        .from(transcriptSegments)
        .where(eq(transcriptSegments.transcriptId, sessionTranscript?.id ?? -1))
        .all()
        .filter((s) => s.startMs < to && s.endMs > from);
      console.log(`session transcript segments over the answer: ${repeated.length}`);
      expect(repeated.length).toBeGreaterThan(0);

      await openReplay(page, running, candidateName);

      // The answer card says it was transcribed and shows its speech figures.
      const card = page.getByRole('article', { name: /Question 1/ });
      await expect(card.getByText(/^Transcribed\./)).toBeVisible();
      await expect(card.getByText(/Speaking time/)).toBeVisible();
      await expect(card.getByText(/Words per minute/)).toBeVisible();
      await expect(card.getByText(/Longest pause/)).toBeVisible();
      await expect(card.getByText(/Filler words/)).toBeVisible();

      // The transcript panel shows that speech once: the answer's segments, not the session's.
      const list = page.getByRole('list', { name: 'Transcript' });
      for (const segment of segments) {
        await expect(list.locator(`[data-segment-id="${segment.id}"]`)).toHaveCount(1);
      }
      for (const segment of repeated) {
        await expect(list.locator(`[data-segment-id="${segment.id}"]`)).toHaveCount(0);
      }

      // Clicking a segment seeks the session video to where it was said.
      const video = page.getByLabel('Session recording');
      await expect
        .poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 10_000 })
        .toBeGreaterThanOrEqual(1);
      const target = segments[segments.length - 1];
      const recording = db
        .select()
        .from(media)
        .where(eq(media.kind, 'recording'))
        .all()
        .find((r) => r.startMs <= (target?.startMs ?? 0));
      expect(recording).toBeDefined();
      const expectedSeconds = ((target?.startMs ?? 0) - (recording?.startMs ?? 0)) / 1000;
      await list.locator(`[data-segment-id="${target?.id}"]`).getByRole('button').click();
      await expect
        .poll(async () =>
          Math.abs(
            (await video.evaluate((v: HTMLVideoElement) => v.currentTime)) - expectedSeconds,
          ),
        )
        .toBeLessThanOrEqual(0.5);
      // Still once, after the answers and the session were transcribed.
      expect(modelLines(running)).toHaveLength(1);
    } finally {
      db.$client.close();
    }
  } finally {
    await pulse.stop();
  }
});

test('without a model, a spoken answer is kept for later and the recruiter is told why it has no transcript', async ({
  page,
  dataDir,
  startStation,
}) => {
  test.setTimeout(180_000);
  const pulse = await startTestPulse();
  try {
    // An empty managed config, so no machine-wide one can pin a model; resources/ holds none.
    const config = path.join(dataDir, 'it-config.json');
    writeFileSync(config, '{}');
    const { running, candidateName } = await interviewAloud(page, pulse, dataDir, startStation, {
      STATION_CONFIG: config,
    });
    // Said once at start, not again by the banner.
    expect(modelLines(running)).toHaveLength(1);
    expect(modelLines(running)[0]).toMatch(/^No transcription model: answers are recorded/);

    await openReplay(page, running, candidateName);
    const card = page.getByRole('article', { name: /Question 1/ });
    await expect(card.getByText('Not transcribed yet.')).toBeVisible();
    await expect(
      card.getByText(/no transcription model; it will be transcribed once IT/),
    ).toBeVisible();
    await expect(page.getByText('No transcript for this session.')).toBeVisible();
  } finally {
    await pulse.stop();
  }
});
