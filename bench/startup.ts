/**
 * npm run bench:startup — prints (never asserts) how quickly the station starts and answers:
 * cold start to an interactive attract screen, question-to-question transition, and the
 * answer-save round trip. Budgets: ≤ 2 s, ≤ 100 ms, ≤ 20 ms. BENCH_SMOKE=1: one run of each.
 */
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../playwright.config';
import { connectClient, startAnswering } from '../e2e/fixtures/client';
import { seedE2eInterview } from '../e2e/fixtures/data';
import { freshDataDir, startStation } from '../e2e/fixtures/station';
import { announceSmoke, smokeOr } from './smoke';

const COLD_RUNS = smokeOr(1, 5);
const QUESTIONS = smokeOr(3, 21); // QUESTIONS - 1 transitions
const SAVES = smokeOr(5, 300);
const SAVE_WARM_UP = smokeOr(1, 20);

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms (n=${samples.length})`;
}

/**
 * From spawning the station process to the attract screen's code field on screen; once with
 * Chromium already running, once launching Chromium too (what a kiosk boot does).
 */
async function coldStart(browser: Awaited<ReturnType<typeof chromium.launch>>): Promise<void> {
  const dataDir = freshDataDir();
  const first = await startStation(dataDir); // the first run seeds the database
  await first.stop();
  for (const withBrowserLaunch of [false, true]) {
    const samples: number[] = [];
    for (let run = 0; run < COLD_RUNS; run++) {
      const started = performance.now();
      const station = await startStation(dataDir);
      const own = withBrowserLaunch
        ? await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
        : null;
      const page = await (own ?? browser).newPage();
      await page.goto(station.url);
      await page.getByRole('textbox', { name: 'Interview code' }).waitFor({ state: 'visible' });
      samples.push(performance.now() - started);
      await page.close();
      await own?.close();
      await station.stop();
    }
    const what = withBrowserLaunch ? 'including Chromium launch' : 'Chromium already running';
    console.log(
      `cold start → interactive attract screen (${what}): ${stats(samples)}  (budget 2000 ms)`,
    );
  }
}

async function transitions(browser: Awaited<ReturnType<typeof chromium.launch>>): Promise<void> {
  const dataDir = freshDataDir();
  const count = QUESTIONS;
  const { accessCode } = seedE2eInterview(
    dataDir,
    Array.from({ length: count }, () => ({
      type: 'mcq' as const,
      options: ['one', 'two', 'three', 'four'],
      correctOption: 1,
      answerSeconds: 120,
    })),
  );
  const station = await startStation(dataDir);
  const page = await browser.newPage();
  await page.goto(station.url);
  await page.getByRole('textbox', { name: 'Interview code' }).fill(accessCode);
  await page.getByRole('button', { name: 'Check in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  for (const box of await page.getByRole('checkbox').all()) await box.check();
  await page.getByRole('button', { name: 'Agree and start the interview' }).click();
  const samples: number[] = [];
  for (let q = 1; q < count; q++) {
    await page.getByRole('button', { name: 'I am ready to answer' }).click();
    await page.getByRole('radio').first().check();
    // Timed inside the page: click → the next question's number is on screen and painted.
    // The function runs in the browser as its source text, so it may name only the page's own
    // globals: this file imports no `performance` (Node's global one is used above and below),
    // since the bundler renames imports (to `performance2`, unknown to the page).
    samples.push(
      await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const before = document.querySelector('.progress-text')?.textContent;
            const start = performance.now();
            const observer = new MutationObserver(() => {
              const now = document.querySelector('.progress-text')?.textContent;
              if (now && now !== before) {
                observer.disconnect();
                requestAnimationFrame(() => resolve(performance.now() - start));
              }
            });
            observer.observe(document.body, {
              subtree: true,
              childList: true,
              characterData: true,
            });
            const submit = Array.from(document.querySelectorAll('button')).find((b) =>
              /Submit answer/.test(b.textContent ?? ''),
            );
            submit?.click();
          }),
      ),
    );
  }
  console.log(`question → question transition: ${stats(samples)}  (budget 100 ms)`);
  await page.close();
  await station.stop();
}

async function saveRoundTrip(): Promise<void> {
  const dataDir = freshDataDir();
  const { accessCode } = seedE2eInterview(dataDir, [{ type: 'text', answerSeconds: 600 }]);
  const station = await startStation(dataDir);
  const { client, close } = connectClient(station.url);
  const token = await startAnswering(client, accessCode);
  const samples: number[] = [];
  let text = '';
  for (let i = 0; i < SAVES; i++) {
    text += 'word ';
    const started = performance.now();
    await client.candidate.saveDraft.mutate({ token, position: 0, text });
    if (i >= SAVE_WARM_UP) samples.push(performance.now() - started); // after warm-up
  }
  console.log(
    `answer-save round trip (WebSocket → SQLite → reply): ${stats(samples)}  (budget 20 ms)`,
  );
  close();
  await station.stop();
}

announceSmoke();
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  await coldStart(browser);
  await transitions(browser);
  await saveRoundTrip();
} finally {
  await browser.close();
}
// connectClient's tRPC socket (e2e/fixtures/client.ts, retryDelayMs 60 s) schedules a reconnect
// when closed, and that timer would hold the process for another minute: all is done here.
process.exit(0);
