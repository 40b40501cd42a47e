import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Download, Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { answers, evaluations, interviews, sessions } from '../db/schema';
import { seedTestInterview } from '../db/test-db';
import { loadAccessCodeKey } from '../electron/core/access-code-key';
import { recordConsent } from '../electron/domain/consent';
import { insertSession, loadInterviewQuestions } from '../electron/domain/session-store';
import { testNotice } from '../electron/domain/test-consent';
import { openStationDb } from './fixtures/data';
import { signInFirstTime } from './fixtures/staff';
import { recruiterLogin } from './fixtures/station';
import { expect, test } from './fixtures/test';

const TAKEN = 'Grace Hopper';
const DECLINED = 'Alan Turing';
const OFFER = 'Ask the front desk for an interview in person with a recruiter, without recording.';

/**
 * Two interviews in a fresh data folder, as the station leaves them: one taken (a video answer
 * recorded twice, with extra time and no on-screen notices) and one whose candidate declined the
 * consent notice.
 */
function seedInterviews(dataDir: string) {
  const db = openStationDb(dataDir);
  const stationKey = loadAccessCodeKey(dataDir);
  try {
    const taken = seedTestInterview(db, {
      questions: [
        {
          type: 'video',
          prompt: 'Walk us through a design.',
          readingSeconds: 5,
          answerSeconds: 60,
        },
      ],
      candidateName: TAKEN,
      jobTitle: 'Platform Engineer',
      accommodations: { extraTimePercent: 25, candidateNotices: false },
      retakesAllowed: 1,
      stationKey,
    });
    const startedAt = Date.now() - 3_600_000;
    const questions = loadInterviewQuestions(db, taken.interviewId);
    const sessionId = insertSession(db, taken.interviewId, questions, startedAt);
    // One retake, then the kept take: two attempts (session-store countRetake, finaliseAnswer).
    db.update(answers)
      .set({ status: 'submitted', attempts: 2, startedMs: 9000, endedMs: 40_000 })
      .where(eq(answers.sessionId, sessionId))
      .run();
    db.update(sessions)
      .set({ status: 'completed', endedAt: startedAt + 45_000, clockMs: 45_000 })
      .where(eq(sessions.id, sessionId))
      .run();
    db.update(interviews)
      .set({ status: 'completed', applicationStatus: 'Interviewed' })
      .where(eq(interviews.id, taken.interviewId))
      .run();

    const declined = seedTestInterview(db, {
      questions: [{ type: 'text', readingSeconds: 5, answerSeconds: 60 }],
      candidateName: DECLINED,
      jobTitle: 'Security Analyst',
      status: 'checked_in',
      alternativePath: OFFER,
      stationKey,
    });
    const notice = testNotice();
    recordConsent(
      db,
      declined.interviewId,
      notice,
      {
        noticeVersion: notice.version,
        recording: false,
        signals: false,
        declined: true,
        biometric: notice.biometric
          ? { version: notice.biometric.version, given: false }
          : undefined,
      },
      Date.now() - 7_200_000,
    );
    return { taken: taken.interviewId, declined: declined.interviewId };
  } finally {
    db.$client.close();
  }
}

/** The candidates of a downloaded interviews CSV (second column), header left out. */
async function csvCandidates(download: Download, file: string): Promise<string[]> {
  await download.saveAs(file);
  const lines = readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  return lines.slice(1).map((line) => line.split(',')[1] ?? '');
}

async function downloadFrom(page: Page, link: RegExp): Promise<Download> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: link }).click(),
  ]);
  return download;
}

test('the review screens show declines, accommodations, retakes and decision notes, start the decision empty, and say what the CSV follows', async ({
  page,
  dataDir,
  startStation,
}, testInfo) => {
  test.setTimeout(120_000);
  const ids = seedInterviews(dataDir);
  const station = await startStation();
  await signInFirstTime(page, station.url, recruiterLogin(station), 'a long review password');
  await expect(page.getByRole('heading', { name: 'Interviews' })).toBeVisible();

  // The declined interview is labelled Declined on the list, not merely Closed.
  const declinedRow = page.getByRole('row', { name: new RegExp(DECLINED) });
  await expect(declinedRow.getByText('Declined', { exact: true })).toBeVisible();

  // The CSV export says what it follows: nothing yet, then the To review tab, with a way out.
  const exportCsv = page.getByRole('button', { name: 'Export CSV', exact: true });
  await expect(exportCsv).toHaveAccessibleDescription(/^Exports every interview you can see/);
  await expect(page.getByRole('button', { name: 'Export all interviews as CSV' })).toHaveCount(0);
  await page
    .getByRole('navigation', { name: 'Interview state' })
    .getByRole('button', { name: /^To review/ })
    .click();
  await expect(exportCsv).toHaveAccessibleDescription(
    'Exports only the interviews shown (1): To review.',
  );
  await page.screenshot({ path: testInfo.outputPath('dashboard-filtered.png') });
  await exportCsv.click();
  const filtered = await csvCandidates(
    await downloadFrom(page, /^Download interviews-\d{4}-\d{2}-\d{2}-filtered\.csv$/),
    path.join(dataDir, 'filtered.csv'),
  );
  expect(filtered).toEqual([TAKEN]);
  await page.getByRole('button', { name: 'Export all interviews as CSV' }).click();
  const all = await csvCandidates(
    await downloadFrom(page, /^Download interviews-\d{4}-\d{2}-\d{2}\.csv$/),
    path.join(dataDir, 'all.csv'),
  );
  expect(all).toEqual(expect.arrayContaining([TAKEN, DECLINED, 'Demo Candidate']));
  await page
    .getByRole('navigation', { name: 'Interview state' })
    .getByRole('button', { name: /^All/ })
    .click();

  // The declined interview: Declined, with the path the station offered instead.
  await page.getByRole('button', { name: new RegExp(`^(Open|Review) ${DECLINED}$`) }).click();
  await expect(page.getByRole('heading', { name: DECLINED })).toBeVisible();
  await expect(page.getByText('Declined · offered another way to be assessed')).toBeVisible();
  await expect(page.getByText(/not started/)).toHaveCount(0);
  const banner = page.getByRole('note', { name: 'Consent declined' });
  await expect(banner).toContainText('did not agree to the consent notice');
  await expect(banner).toContainText(OFFER);
  await page.screenshot({ path: testInfo.outputPath('declined.png'), fullPage: true });
  await page.getByRole('button', { name: '← All interviews' }).click();

  // The taken interview: its accommodations and retakes, overall and on the answer.
  await page.getByRole('button', { name: new RegExp(`^(Open|Review) ${TAKEN}$`) }).click();
  await expect(page.getByRole('heading', { name: TAKEN })).toBeVisible();
  const terms = page.getByRole('region', { name: 'Accommodations and retakes' });
  await expect(terms).toContainText('+25% on every answer limit');
  await expect(terms).toContainText('Not shown to the candidate');
  await expect(terms).toContainText('1 used; up to 1 per audio or video answer');
  const answer = page.getByRole('article', { name: /Question 1/ });
  await expect(answer.getByText('Retakes used: 1 of 1')).toBeVisible();

  // The decision starts unchosen, and saving without a choice says so and saves nothing.
  const status = page.getByLabel('Application status');
  await expect(status).toHaveValue('');
  await page.getByRole('button', { name: 'Save decision' }).click();
  const missing = 'Choose an application status before saving the decision.';
  await expect(page.getByRole('alert').filter({ hasText: missing })).toBeVisible();
  await expect(status).toBeFocused();
  await expect(status).toHaveAttribute('aria-invalid', 'true');
  await expect(status).toHaveAccessibleDescription(missing);
  await page.screenshot({ path: testInfo.outputPath('decision-missing.png'), fullPage: true });
  const db = openStationDb(dataDir);
  try {
    expect(
      db.select().from(evaluations).where(eq(evaluations.interviewId, ids.taken)).all(),
    ).toEqual([]);
  } finally {
    db.$client.close();
  }

  // A chosen status saves, and the latest decision shows its notes; the form is empty again.
  await status.selectOption('Rejected');
  await expect(page.getByRole('alert').filter({ hasText: missing })).toHaveCount(0);
  await page.getByLabel('Notes for the record').fill('Design lacked a plan for failover.');
  await page.getByRole('button', { name: 'Save decision' }).click();
  await expect(page.getByText('Decision saved: Rejected.')).toBeVisible();
  const decision = page.getByRole('region', { name: 'Decision' });
  await expect(decision.locator('.current-decision')).toContainText(
    'Notes Design lacked a plan for failover.',
  );
  await expect(status).toHaveValue('');
  await page.screenshot({ path: testInfo.outputPath('decision-saved.png'), fullPage: true });
});
