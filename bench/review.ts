/**
 * npm run bench:review — prints (never asserts) how the replay copes with a 60-minute session:
 * 54,000 signal frames at 15 fps, a one-hour recording, events and a transcript. Opens the
 * replay in headless Chromium against the built browser station and reports the time to
 * render the timeline and the frame rate while scrubbing it. Budgets: ≤ 300 ms, 60 fps.
 * BENCH_SMOKE=1: a 3-minute session, opened twice, short drags.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
// Renamed: a bundled `performance` import would also rename the page's own inside evaluate().
import { performance as nodeTime } from 'node:perf_hooks';
import { chromium, type Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../playwright.config';
import {
  answers,
  events,
  interviews,
  media,
  sessions,
  sessionSegments,
  sessionSummaries,
  transcripts,
  transcriptSegments,
} from '../db/schema';
import { insertSession, loadInterviewQuestions } from '../electron/domain/session-store';
import { readTimelineSignals } from '../electron/review/timeline-signals';
import { SignalWriter } from '../electron/signals/store/signal-store';
import { E2E_CANDIDATE as CANDIDATE, openStationDb, seedE2eInterview } from '../e2e/fixtures/data';
import { freshDataDir, recruiterLogin, startStation } from '../e2e/fixtures/station';
import { signInFirstTime } from '../e2e/fixtures/staff';
import { announceSmoke, smokeOr } from './smoke';

const MINUTES = smokeOr(3, 60);
const SESSION_MS = MINUTES * 60 * 1000;
const FRAMES = (SESSION_MS / 1000) * 15;
/** Replay openings after the first, each with both drags. */
const REOPENS = smokeOr(1, 4);
const MOUSE_MOVES = smokeOr(10, 240);
const SCRIPTED_DRAG_MS = smokeOr(300, 3000);

/** A small deterministic PRNG (mulberry32), so every run measures the same session. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A session-long recording as the station writes them (H.264, fragmented MP4, a keyframe a second). */
function makeRecording(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=320x240:rate=5',
    '-t',
    String(SESSION_MS / 1000),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-g',
    '5',
    '-pix_fmt',
    'yuv420p',
    '-movflags',
    '+frag_keyframe+empty_moov+default_base_moof',
    '-f',
    'mp4',
    file,
  ]);
}

/** Seeds a completed session of MINUTES minutes: frames, recording, events, answers, transcript. */
function seedHourSession(dataDir: string): void {
  const { interviewId } = seedE2eInterview(
    dataDir,
    Array.from({ length: 6 }, (_, i) => ({
      type: 'text' as const,
      prompt: `Long-form question ${i + 1}`,
      answerSeconds: 600,
    })),
  );
  const db = openStationDb(dataDir);
  const startedAt = Date.now() - 2 * SESSION_MS;
  const sessionId = insertSession(
    db,
    interviewId,
    loadInterviewQuestions(db, interviewId),
    startedAt,
  );
  const rand = random(42);

  // Frames: mostly a face; stretches of no face, looking away, eyes closed; speech in turns.
  const writer = new SignalWriter(db, sessionId, Number.MAX_SAFE_INTEGER);
  const found: (typeof events.$inferInsert)[] = [];
  type Stretch = 'ok' | 'no_face' | 'looking_away' | 'eyes_closed' | 'multiple_faces';
  let state: Stretch = 'ok';
  let stateUntil = 0;
  for (let i = 0; i < FRAMES; i++) {
    const t = Math.round((i * 1000) / 15);
    if (t >= stateUntil) {
      const roll = rand();
      const next: Stretch =
        state !== 'ok'
          ? 'ok'
          : roll < 0.5
            ? 'looking_away'
            : roll < 0.75
              ? 'no_face'
              : roll < 0.9
                ? 'eyes_closed'
                : 'multiple_faces';
      const length = next === 'ok' ? 30_000 + rand() * 90_000 : 2500 + rand() * 6000;
      if (next !== 'ok') {
        found.push({
          sessionId,
          type: next,
          severity: next === 'looking_away' ? 'low' : 'medium',
          startMs: t,
          endMs: Math.round(t + length),
        });
      }
      state = next;
      stateUntil = t + length;
    }
    const speaking = Math.floor(t / 7000) % 3 !== 2;
    writer.add({
      tMs: t,
      faceCount: state === 'no_face' ? 0 : state === 'multiple_faces' ? 2 : 1,
      faceConfidence: 0.9,
      faceBox: [200, 120, 180, 180],
      earLeft: 0.3,
      earRight: 0.3,
      earAvg: state === 'no_face' ? null : state === 'eyes_closed' ? 0.1 : 0.29 + rand() * 0.04,
      blink: false,
      pitch: 0,
      yaw: state === 'looking_away' ? 50 : 5,
      roll: 0,
      gazeX: 0,
      gazeY: 0,
      lookingAway: state === 'no_face' ? null : state === 'looking_away',
      voiceActive: speaking,
      rms: speaking ? 0.05 : 0.005,
    });
  }
  writer.flush();
  db.insert(events).values(found).run();

  // One recording for the session, segment 0, as capture would register it.
  const relativePath = path.join('media', `session-${sessionId}`, 'segment-0.mp4');
  makeRecording(path.join(dataDir, relativePath));
  const segment = db
    .select()
    .from(sessionSegments)
    .where(eq(sessionSegments.sessionId, sessionId))
    .get();
  db.insert(media)
    .values({
      sessionId,
      segmentId: segment?.id ?? null,
      kind: 'recording',
      relativePath,
      mimeType: 'video/mp4',
      startMs: 0,
      endMs: SESSION_MS,
    })
    .run();
  db.update(sessionSegments)
    .set({ endMs: SESSION_MS })
    .where(eq(sessionSegments.sessionId, sessionId))
    .run();

  // Six answers filling the session (ten minutes each in an hour), a transcript segment every 8 s.
  const rows = db.select().from(answers).where(eq(answers.sessionId, sessionId)).all();
  const answerMs = SESSION_MS / rows.length;
  for (const row of rows) {
    db.update(answers)
      .set({
        status: 'submitted',
        text: 'A long answer.',
        startedMs: row.position * answerMs + answerMs / 20,
        endedMs: (row.position + 1) * answerMs,
      })
      .where(eq(answers.id, row.id))
      .run();
  }
  const transcript = db
    .insert(transcripts)
    .values({ sessionId, model: 'bench' })
    .returning({ id: transcripts.id })
    .get();
  db.insert(transcriptSegments)
    .values(
      Array.from({ length: Math.floor(SESSION_MS / 8000) }, (_, i) => ({
        transcriptId: transcript.id,
        startMs: i * 8000,
        endMs: i * 8000 + 6000,
        text: `Transcript segment ${i + 1}: the candidate explains a step of their approach.`,
      })),
    )
    .run();
  db.update(sessions)
    .set({ status: 'completed', endedAt: startedAt + SESSION_MS, clockMs: SESSION_MS })
    .where(eq(sessions.id, sessionId))
    .run();
  db.update(interviews)
    .set({ status: 'completed', applicationStatus: 'Interviewed' })
    .where(eq(interviews.id, interviewId))
    .run();
  db.insert(sessionSummaries)
    .values({
      sessionId,
      computedAt: Date.now(),
      summary: { durationMs: SESSION_MS, framesAnalyzed: FRAMES },
    })
    .run();

  const started = nodeTime.now();
  const columns = readTimelineSignals(db, sessionId);
  const readMs = nodeTime.now() - started;
  console.log(
    `seeded: ${columns.tMs.length} frames, ${found.length} events; timeline query in main ${readMs.toFixed(0)} ms, ` +
      `${(JSON.stringify(columns).length / 1024 / 1024).toFixed(2)} MB as JSON`,
  );
  db.$client.close();
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Opens the replay from the dashboard; returns click → drawn, and data → drawn, in ms. */
async function openReplay(page: Page): Promise<{ total: number; render: number }> {
  await page.evaluate(() => performance.clearMarks());
  const clickedAt = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: new RegExp(`^(Open|Review) ${CANDIDATE}$`) }).click();
  await page.locator('.timeline-chart[data-ready="true"]').waitFor({ timeout: 60_000 });
  const marks = await page.evaluate(() => ({
    data: performance.getEntriesByName('timeline-data')[0]?.startTime ?? NaN,
    drawn: performance.getEntriesByName('timeline-drawn')[0]?.startTime ?? NaN,
  }));
  return { total: marks.drawn - clickedAt, render: marks.drawn - marks.data };
}

/**
 * Drags the playhead across the whole timeline with the real mouse (press, MOUSE_MOVES moves,
 * release) while the page counts animation frames; every move seeks the video.
 */
async function scrub(
  page: Page,
): Promise<{ fps: number; frames: number; ms: number; worst: number }> {
  const box = await page.locator('.timeline-chart .u-over').boundingBox();
  if (!box) throw new Error('No timeline on screen.');
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __counting: boolean };
    w.__frames = [];
    w.__counting = true;
    const tick = (t: number) => {
      if (!w.__counting) return;
      w.__frames.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + 2, y);
  await page.mouse.down();
  const moves = MOUSE_MOVES;
  for (let i = 1; i <= moves; i++) {
    await page.mouse.move(box.x + 2 + ((box.width - 4) * i) / moves, y);
    // About a move every 10 ms with the round trip: a 2–3 s drag, as a hand would do it.
    await page.waitForTimeout(8);
  }
  await page.mouse.up();
  return page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __counting: boolean };
    w.__counting = false;
    const frames = w.__frames;
    const ms = (frames.at(-1) ?? 0) - (frames[0] ?? 0);
    let worst = 0;
    for (let i = 1; i < frames.length; i++) {
      worst = Math.max(worst, (frames[i] ?? 0) - (frames[i - 1] ?? 0));
    }
    return { fps: ((frames.length - 1) * 1000) / ms, frames: frames.length, ms, worst };
  });
}

/**
 * The same drag scripted inside the page: one pointer move per animation frame for 3 s, so
 * every frame carries a seek, a playhead move and the video's decode.
 */
async function scriptedScrub(page: Page) {
  // The duration goes in as an argument: the function's text runs in the page, without this
  // file's names.
  return page.evaluate(async (durationMs) => {
    const over = document.querySelector<HTMLElement>('.timeline-chart .u-over');
    if (!over) throw new Error('No timeline on screen.');
    const rect = over.getBoundingClientRect();
    const y = rect.top + rect.height / 2;
    const fire = (type: string, x: number) =>
      over.dispatchEvent(
        new PointerEvent(type, {
          clientX: x,
          clientY: y,
          bubbles: true,
          pointerId: 7,
          isPrimary: true,
        }),
      );
    const frames: number[] = [];
    const start = performance.now();
    fire('pointerdown', rect.left + 1);
    await new Promise<void>((resolve) => {
      const tick = (t: number) => {
        frames.push(t);
        const progress = (t - start) / durationMs;
        if (progress >= 1) {
          fire('pointerup', rect.right - 1);
          resolve();
          return;
        }
        fire('pointermove', rect.left + 1 + (rect.width - 2) * progress);
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const ms = (frames.at(-1) ?? 0) - (frames[0] ?? 0);
    let worst = 0;
    for (let i = 1; i < frames.length; i++) {
      worst = Math.max(worst, (frames[i] ?? 0) - (frames[i - 1] ?? 0));
    }
    return { fps: ((frames.length - 1) * 1000) / ms, frames: frames.length, ms, worst };
  }, SCRIPTED_DRAG_MS);
}

announceSmoke();
const dataDir = freshDataDir();
const seedStart = nodeTime.now();
seedHourSession(dataDir);
console.log(`seeding took ${((nodeTime.now() - seedStart) / 1000).toFixed(1)} s`);
const station = await startStation(dataDir);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await signInFirstTime(page, station.url, recruiterLogin(station), 'bench review password');

  const cold = await openReplay(page);
  const renders = [cold.render];
  const scrubs = [await scrub(page)];
  const scripted = [await scriptedScrub(page)];
  const shot = path.resolve('out', 'bench', 'review-replay.png');
  await page.screenshot({ path: shot, fullPage: true });
  for (let run = 0; run < REOPENS; run++) {
    await page.getByRole('button', { name: '← All interviews' }).click();
    renders.push((await openReplay(page)).render);
    scrubs.push(await scrub(page));
    scripted.push(await scriptedScrub(page));
  }
  console.log(
    `open replay → timeline drawn, first time (fetching ${FRAMES} frames over the WebSocket): ${cold.total.toFixed(0)} ms`,
  );
  console.log(
    `timeline render (data in hand → drawn, ${FRAMES} frames × 4 tracks + events): median ${median(renders).toFixed(0)} ms, ` +
      `runs ${renders.map((r) => r.toFixed(0)).join(' / ')} ms  (budget 300 ms)`,
  );
  console.log(
    `scrubbing with the mouse (${MOUSE_MOVES} moves across ${MINUTES} minutes, each seeking the video): median ${median(scrubs.map((s) => s.fps)).toFixed(1)} fps, ` +
      `runs ${scrubs.map((s) => `${s.fps.toFixed(1)} fps/${s.ms.toFixed(0)} ms/worst frame ${s.worst.toFixed(0)} ms`).join(', ')}  (budget 60 fps)`,
  );
  console.log(
    `scripted drag (a pointer move every animation frame for ${SCRIPTED_DRAG_MS / 1000} s): median ${median(scripted.map((s) => s.fps)).toFixed(1)} fps, ` +
      `worst frames ${scripted.map((s) => s.worst.toFixed(0)).join(' / ')} ms  (budget 60 fps)`,
  );
  console.log(`screenshot: ${shot}`);
} finally {
  await browser.close();
  await station.stop();
}
