import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';
import { and, eq } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { answers, auditLog, events, media, sessionSummaries } from '../db/schema';
import { auditRowsHolding, watchTokens } from './fixtures/audit';
import { checkInAndConsent } from './fixtures/candidate';
import { secretOf } from './fixtures/client';
import { faceCamera } from './fixtures/media';
import { openStationDb, seedE2eInterview } from './fixtures/data';
import { signInFirstTime } from './fixtures/staff';
import { recruiterLogin, type RunningStation } from './fixtures/station';

const NEW_PASSWORD = 'a long review password';

/** A candidate takes the interview (an MCQ, then a text answer) in front of the file camera. */
async function takeInterview(page: Page, url: string, accessCode: string) {
  await checkInAndConsent(page, url, accessCode);
  // Through the clip's empty stretch, so the recording holds a no-face event.
  const notice = page.getByRole('status').filter({ hasText: /can’t see your face/ });
  await expect(notice).toBeVisible({ timeout: 15_000 });
  await expect(notice).toHaveCount(0, { timeout: 10_000 });
  await page.getByRole('button', { name: 'I am ready to answer' }).click();
  await page.getByRole('radio', { name: /Hash map/ }).check();
  await page.getByRole('button', { name: 'Submit answer' }).click();
  await page.getByRole('button', { name: 'I am ready to answer' }).click();
  await page.getByRole('textbox', { name: 'Your answer' }).fill('I bisected a flaky cache.');
  await page.getByRole('button', { name: 'Submit and finish' }).click();
  await expect(page.getByRole('heading', { name: /your interview is complete/ })).toBeVisible();
}

/**
 * Splits CSV text (RFC 4180: quoted fields may hold commas, quotes and line breaks) into rows
 * of fields, without the UTF-8 BOM the export starts with.
 */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i += 1;
      rows.push([...row, field]);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** Signs in from the attract screen's staff corner, choosing a password on first sign-in. */
async function signInAsRecruiter(page: Page, running: RunningStation) {
  await signInFirstTime(page, running.url, recruiterLogin(running), NEW_PASSWORD);
  await expect(page.getByRole('heading', { name: 'Interviews' })).toBeVisible();
}

test('a recruiter replays a recorded session, seeks to an event, scores, decides and exports', async ({
  page,
  dataDir,
  startStation,
}) => {
  test.setTimeout(150_000);
  const tokens = watchTokens(page);
  const camera = faceCamera(dataDir, [
    [3, true],
    [5, false],
    [8, true],
  ]);
  const { accessCode, candidateName } = seedE2eInterview(dataDir, [
    {
      type: 'mcq',
      prompt: 'Which structure gives O(1) average lookup?',
      options: ['Linked list', 'Hash map', 'Binary tree'],
      correctOption: 1,
      readingSeconds: 30,
      answerSeconds: 60,
    },
    { type: 'text', prompt: 'Describe a hard bug you fixed.', answerSeconds: 60 },
  ]);
  const station = await startStation({ STATION_CAMERA_FILE: camera });
  await takeInterview(page, station.url, accessCode);

  const db = openStationDb(dataDir);
  await expect
    .poll(() => db.select().from(sessionSummaries).all().length, { timeout: 20_000 })
    .toBe(1);
  const noFace = db.select().from(events).where(eq(events.type, 'no_face')).get();
  const recording = db.select().from(media).where(eq(media.kind, 'recording')).get();
  expect(noFace).toBeDefined();
  expect(recording).toBeDefined();
  // Encryption at rest is on for a new station: the recording on disk is sealed (no MP4 box
  // names in it), and the seeks below go through sealed chunks.
  const onDisk = readFileSync(path.join(dataDir, recording?.relativePath ?? ''));
  expect(onDisk.subarray(0, 8).toString('latin1')).toBe('ISSEALv1');
  expect(onDisk.includes(Buffer.from('moof'))).toBe(false);
  // Where the event starts in its own recording's video.
  const expectedSeconds = ((noFace?.startMs ?? 0) - (recording?.startMs ?? 0)) / 1000;

  await signInAsRecruiter(page, station);
  const row = page.getByRole('row', { name: new RegExp(candidateName) });
  await expect(row.getByText('To review')).toBeVisible();
  await expect(row.getByText(/No face/)).toBeVisible();
  await row.getByRole('button', { name: new RegExp(`^(Open|Review) ${candidateName}$`) }).click();
  await expect(page.getByRole('heading', { name: candidateName })).toBeVisible();

  // The event marker on the timeline seeks the video to the event's start.
  await expect(page.locator('.timeline-chart[data-ready="true"]')).toBeVisible();
  const video = page.getByLabel('Session recording');
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 10_000 })
    .toBeGreaterThanOrEqual(1);
  // The same recording, asked for with only the secret the candidate's page also holds, is
  // refused: recordings need a staff sign-in.
  const secret = encodeURIComponent(secretOf(station.url));
  const withoutStaff = await page.request.get(
    `${station.origin}/media/${recording?.id}?k=${secret}`,
  );
  expect(withoutStaff.status()).toBe(401);
  await page.locator(`.timeline-marker[data-event-id="${noFace?.id}"]`).click();
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime))
    .toBeGreaterThan(expectedSeconds - 0.5);
  const seconds = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
  expect(Math.abs(seconds - expectedSeconds)).toBeLessThanOrEqual(0.5);
  // The video really shows that moment: the frame decoded, not an empty element.
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState))
    .toBeGreaterThanOrEqual(2);

  // The same event from the keyboard: its button in the event list seeks too.
  await page.getByRole('slider', { name: 'Session timeline' }).press('End');
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime))
    .toBeGreaterThan(expectedSeconds + 1);
  await page.getByRole('button', { name: /^No face/ }).press('Enter');
  await expect
    .poll(async () =>
      Math.abs((await video.evaluate((v: HTMLVideoElement) => v.currentTime)) - expectedSeconds),
    )
    .toBeLessThanOrEqual(0.5);

  // Each answer has its own jump: answer 2 starts where the candidate began answering it.
  const second = db.select().from(answers).where(eq(answers.position, 1)).get();
  const secondSeconds = ((second?.startedMs ?? 0) - (recording?.startMs ?? 0)) / 1000;
  await page.getByRole('button', { name: /^Jump to answer 2 / }).click();
  await expect
    .poll(async () =>
      Math.abs((await video.evaluate((v: HTMLVideoElement) => v.currentTime)) - secondSeconds),
    )
    .toBeLessThanOrEqual(0.5);

  // The timeline's cursor follows playback: the slider's value moves on while the video plays.
  const timeline = page.getByRole('slider', { name: 'Session timeline' });
  const cursorAt = async () => Number(await timeline.getAttribute('aria-valuenow'));
  await video.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    v.currentTime = 0;
  });
  // The cursor reads session time; the recording began that far into the session.
  const recordingStart = Math.round((recording?.startMs ?? 0) / 1000);
  await expect.poll(cursorAt).toBe(recordingStart);
  await video.evaluate((v: HTMLVideoElement) => v.play());
  await expect.poll(cursorAt, { timeout: 10_000 }).toBeGreaterThanOrEqual(recordingStart + 2);
  await video.evaluate((v: HTMLVideoElement) => v.pause());

  // The analysis panel: the text answer's keywords with their counts and relevance in words,
  // and no overall suggestion, since no answer has a rubric to be scored against.
  const analysis = page.getByRole('region', { name: 'Interview analysis — suggestion only' });
  const keywords = analysis.getByRole('list', { name: 'Keywords, most used first' });
  await expect(keywords.getByRole('listitem').filter({ hasText: 'bisected' })).toHaveText(
    'bisected ×1 other · answer 2',
  );
  await expect(analysis.getByText('No suggestion: too few answers scored')).toBeVisible();
  await expect(analysis.getByText('Suggestion only — a recruiter decides')).toBeVisible();

  // The MCQ's auto-score is shown; the text answer gets the recruiter's score.
  const mcq = page.getByRole('article', { name: /Question 1/ });
  await expect(mcq.getByText('100/100')).toBeVisible();
  const text = page.getByRole('article', { name: /Question 2/ });
  await text.getByLabel('Your score for question 2 (0–100)').fill('72');
  await text.getByLabel('Notes').fill('Clear account of the bisection.');
  await text.getByRole('button', { name: 'Save score' }).click();
  await expect(text.getByText('Saved 72/100 for question 2.')).toBeVisible();

  await page.getByLabel('Application status').selectOption('Passed');
  await page.getByLabel('Overall score (0–100, optional)').fill('81');
  await page.getByRole('button', { name: 'Save decision' }).click();
  await expect(page.getByText('Decision saved: Passed.')).toBeVisible();

  // The PDF report: downloaded through the station's export route, its text parsed.
  await page.getByRole('button', { name: 'Export PDF report' }).click();
  const [pdfDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download report (PDF)' }).click(),
  ]);
  const pdfPath = path.join(dataDir, 'downloaded-report.pdf');
  await pdfDownload.saveAs(pdfPath);
  const pdf = await getDocumentProxy(new Uint8Array(readFileSync(pdfPath)));
  const { text: pdfText } = await extractText(pdf, { mergePages: true });
  expect(pdfText).toContain(candidateName);
  expect(pdfText).toContain('72/100');
  expect(pdfText).toContain('81/100');
  expect(pdfText).toContain('Passed');
  expect(pdfText).toContain('No face');
  expect(pdfText).toContain('Analysis (suggestion only)');

  // The CSV of interviews, from the dashboard.
  await page.getByRole('button', { name: '← All interviews' }).click();
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /^Download interviews-.*\.csv$/ }).click(),
  ]);
  const csvPath = path.join(dataDir, 'downloaded.csv');
  await csvDownload.saveAs(csvPath);
  // Read as a spreadsheet would: the header names the columns, each row one interview.
  const [header = [], ...records] = parseCsv(readFileSync(csvPath, 'utf8'));
  const rows = records.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
  // The station's demo interview is listed too; the candidate's row is the one decided.
  expect(rows.filter((r) => r.Candidate === candidateName)).toHaveLength(1);
  expect(rows.find((r) => r.Candidate === candidateName)).toMatchObject({
    'Review state': 'decided',
    'Application status': 'Passed',
    Decision: 'Passed',
    'Overall score': '81',
    'Integrity flags': expect.stringMatching(/^[1-9]\d*$/),
    'Flags by type': expect.stringContaining('no_face:'),
  });

  const audited = (action: string) =>
    db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, action), eq(auditLog.actorKind, 'recruiter')))
      .all().length;
  for (const action of [
    'session_viewed',
    'answer_scored',
    'interview_decided',
    'report_exported',
    'interviews_exported',
  ]) {
    expect(audited(action), action).toBe(1);
  }
  // No audit row holds a token this run used (the candidate's and the recruiter's, each call's)
  // or a password the recruiter typed.
  expect(tokens.size).toBeGreaterThanOrEqual(2);
  const login = recruiterLogin(station);
  expect(auditRowsHolding(db, [...tokens, login.password, NEW_PASSWORD])).toEqual([]);
  db.$client.close();
});
