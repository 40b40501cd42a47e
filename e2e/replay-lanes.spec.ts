import type { Locator, Page } from '@playwright/test';
import {
  SPARSE,
  SPARSE_CANDIDATE,
  SPARSE_SESSION_MS,
  seedSparseSignalSession,
} from './fixtures/replay-signals';
import { signInFirstTime } from './fixtures/staff';
import { recruiterLogin } from './fixtures/station';
import { expect, test } from './fixtures/test';

/** Lanes from the top of the chart, as the timeline lays them out. */
const LANE = { face: 0, away: 1, eyes: 2, voice: 3, events: 4 } as const;
const LANE_COUNT = 5;

/**
 * How far the chart's pixels in a lane are from white, around a point `fraction` of the way
 * across the plot (0–255, the mean over a 5×5 block): what a reviewer sees drawn there.
 */
async function inkAt(page: Page, fraction: number, lane: number): Promise<number> {
  return page.evaluate(
    ({ fraction, lane, laneCount }) => {
      const over = document.querySelector('.timeline-chart .u-over');
      const canvas = document.querySelector<HTMLCanvasElement>('.timeline-chart canvas');
      if (!over || !canvas) throw new Error('no chart');
      const plot = over.getBoundingClientRect();
      const box = canvas.getBoundingClientRect();
      const scale = canvas.width / box.width;
      const x = (plot.left + fraction * plot.width - box.left) * scale;
      const y = (plot.top + ((lane + 0.5) / laneCount) * plot.height - box.top) * scale;
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2d context');
      const { data } = ctx.getImageData(Math.round(x) - 2, Math.round(y) - 2, 5, 5);
      let ink = 0;
      // An unpainted pixel is transparent: the white panel shows through it.
      for (let i = 0; i < data.length; i += 4) {
        const alpha = (data[i + 3] ?? 0) / 255;
        let sum = 0;
        for (let c = 0; c < 3; c++) sum += (data[i + c] ?? 0) * alpha + 255 * (1 - alpha);
        ink += 255 - sum / 3;
      }
      return ink / (data.length / 4);
    },
    { fraction, lane, laneCount: LANE_COUNT },
  );
}

/** The visible range the toolbar shows, in seconds. */
async function shownRange(range: Locator): Promise<[number, number]> {
  const text = (await range.textContent()) ?? '';
  const match = /^(\d+):(\d{2}) to (\d+):(\d{2}) of/.exec(text);
  if (!match) throw new Error(`No range in "${text}"`);
  const [, m0, s0, m1, s1] = match.map(Number) as number[];
  return [(m0 ?? 0) * 60 + (s0 ?? 0), (m1 ?? 0) * 60 + (s1 ?? 0)];
}

const endSec = SPARSE_SESSION_MS / 1000;
const mid = ([from, to]: readonly [number, number]) => (from + to) / 2000;

test('the replay draws the looking-away and eyes-closed lanes from sparse landmarks and events, zooms on the playhead, shades dropped frames and shows each event’s evidence', async ({
  page,
  dataDir,
  startStation,
}, testInfo) => {
  test.setTimeout(90_000);
  const { framesDropped } = seedSparseSignalSession(dataDir);
  const station = await startStation();
  await signInFirstTime(page, station.url, recruiterLogin(station), 'a long review password');
  const row = page.getByRole('row', { name: new RegExp(SPARSE_CANDIDATE) });
  await row
    .getByRole('button', { name: new RegExp(`^(Open|Review) ${SPARSE_CANDIDATE}$`) })
    .click();
  await expect(page.locator('.timeline-chart[data-ready="true"]')).toBeVisible();

  // Each lane says what it shows: frames bridged over the skipped ones, joined with the events.
  // What a screen reader hears of the lanes (their visible labels are hidden from it).
  await expect(page.getByRole('list', { name: 'Signal lanes' })).toMatchAriaSnapshot(`
    - list "Signal lanes":
      - listitem: Face count
      - listitem: "Looking away: 2 spans, 8.0 s, 2.6 s not measured"
      - listitem: "Eyes closed: 2 spans, 3.5 s, 2.6 s not measured"
      - listitem: "Voice: 1 span, 20.0 s"
      - listitem: Events
  `);
  await page.screenshot({ path: testInfo.outputPath('replay-lanes.png'), fullPage: true });

  // Drawn, not only counted: the lanes are inked where the frames or events say so (frames on
  // every 2nd frame alone, at 52 s; an event alone, where the frames are empty, at 80.75 s),
  // and blank where the candidate looked at the screen with open eyes.
  const at = (sec: number) => sec / endSec;
  const blank = await inkAt(page, at(35), LANE.away);
  expect(blank).toBeLessThan(15);
  expect(await inkAt(page, at(mid(SPARSE.awayWithEvent)), LANE.away)).toBeGreaterThan(40);
  expect(await inkAt(page, at(mid(SPARSE.awayFramesOnly)), LANE.away)).toBeGreaterThan(40);
  expect(await inkAt(page, at(mid(SPARSE.eyesWithEvent)), LANE.eyes)).toBeGreaterThan(40);
  // An event alone is shaded lighter than frames, the track drawn over it still readable.
  expect(await inkAt(page, at(mid(SPARSE.eyesEventOnly)), LANE.eyes)).toBeGreaterThan(25);
  expect(await inkAt(page, at(35), LANE.eyes)).toBeLessThan(15);

  // Zoom: the whole session first; zoom in halves the range around the playhead (at 1:00).
  const range = page.getByTestId('timeline-range');
  const announced = page.getByRole('region', { name: 'Signal timeline' }).getByRole('status');
  await expect(range).toHaveText('0:00 to 2:00 of 2:00');
  const timeline = page.getByRole('slider', { name: 'Session timeline' });
  await timeline.press('PageUp');
  await expect(timeline).toHaveAttribute('aria-valuenow', '60');
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect(range).toHaveText('0:30 to 1:30 of 2:00');
  await expect(announced).toHaveText('Zoom 2×: 0:30 to 1:30 of 2:00');
  expect(await shownRange(range)).toEqual([30, 90]);
  // The chart itself rescaled: 52 s is now a third of the way across, where 44 s (nothing)
  // was before.
  expect(await inkAt(page, (52 - 30) / 60, LANE.away)).toBeGreaterThan(40);
  await page.screenshot({ path: testInfo.outputPath('replay-zoomed.png'), fullPage: true });

  // From the keyboard on the timeline: + zooms in again, − out, 0 back to the whole session.
  await timeline.press('+');
  await expect(range).toHaveText('0:45 to 1:15 of 2:00');
  await expect(announced).toHaveText('Zoom 4×: 0:45 to 1:15 of 2:00');
  await timeline.press('-');
  await expect(range).toHaveText('0:30 to 1:30 of 2:00');
  await page.getByRole('button', { name: 'Whole session' }).click();
  await expect(range).toHaveText('0:00 to 2:00 of 2:00');
  await expect(announced).toHaveText('Zoom 1×: 0:00 to 2:00 of 2:00');
  await expect(page.getByRole('button', { name: 'Zoom out' })).toBeDisabled();
  expect(await inkAt(page, at(44), LANE.away)).toBeLessThan(15);
  await timeline.press('+');
  await expect(range).toHaveText('0:30 to 1:30 of 2:00');
  await timeline.press('0');
  await expect(range).toHaveText('0:00 to 2:00 of 2:00');

  // Frames dropped under load: the seconds are shaded grey across the lanes, and said.
  expect(framesDropped).toBeGreaterThan(20);
  await expect(page.getByTestId('timeline-gaps')).toHaveText(
    `${framesDropped} frames were dropped under load in 3 seconds (1:35–1:38): the signals ` +
      'there rest on fewer frames (shaded grey).',
  );
  expect(await inkAt(page, at(mid(SPARSE.dropped)), LANE.away)).toBeGreaterThan(20);
  expect(await inkAt(page, at(mid(SPARSE.dropped)), LANE.voice)).toBeGreaterThan(20);
  const summary = page.getByRole('region', { name: 'Signal summary' });
  await expect(summary.getByText('Frames dropped')).toBeVisible();
  await expect(summary.getByText(`${framesDropped} in 3 s`, { exact: true })).toBeVisible();

  // Every event shows its evidence: a kiosk event its line; a speech event plays its span.
  const list = page.locator('.event-list');
  await expect(list.locator('[data-event-type="remote_tool"]')).toContainText(
    'AnyDesk was running (AnyDesk.exe)',
  );
  await list.getByRole('button', { name: 'Play the speech (0:12–0:15)' }).click();
  await expect(timeline).toHaveAttribute('aria-valuenow', String(SPARSE.speech[0] / 1000));
  await page.screenshot({ path: testInfo.outputPath('replay-evidence.png'), fullPage: true });
});
