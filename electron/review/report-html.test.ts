import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { answers, events, interviews, sessions, sessionSummaries } from '../../db/schema';
import { createTestDb, seedTestInterview } from '../../db/test-db';
import { recordConsent } from '../domain/consent';
import { insertSession, loadInterviewQuestions } from '../domain/session-store';
import { testNotice } from '../domain/test-consent';
import { cachingQuestion } from '../evaluation/test-rubrics';
import { renderReportHtml } from './report-html';
import { analyseSession } from './session-analysis';
import { loadSessionDetail } from './session-detail';
import { seedReviewSession } from './test-review';

const context = {
  stationName: 'Lobby station',
  reviewer: { displayName: 'Rita Recruiter', role: 'recruiter' },
  generatedAt: 1_800_000_000_000,
  thumbnails: new Map<number, string>(),
  formatTime: (ms: number) => new Date(ms).toISOString(),
};

/** The report's text without markup, as a reader of the PDF sees it. */
const textOf = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

/** A completed interview of one video answer, taken with `attempts` takes. */
function seedVideoInterview(db: Db, attempts: number) {
  const { interviewId } = seedTestInterview(db, {
    questions: [{ type: 'video', readingSeconds: 5, answerSeconds: 60 }],
    candidateName: 'Grace Hopper',
    accommodations: { extraTimePercent: 50, candidateNotices: false },
    retakesAllowed: 2,
  });
  const sessionId = insertSession(db, interviewId, loadInterviewQuestions(db, interviewId), 1);
  db.update(answers)
    .set({ status: 'submitted', attempts, transcript: 'I would shard the cache by tenant.' })
    .where(eq(answers.sessionId, sessionId))
    .run();
  db.update(sessions).set({ status: 'completed' }).where(eq(sessions.id, sessionId)).run();
  db.update(interviews).set({ status: 'completed' }).where(eq(interviews.id, interviewId)).run();
  return interviewId;
}

describe('the printed report', () => {
  let db: Db;
  beforeEach(() => {
    db = createTestDb();
  });

  it('prints no transcript excerpt under MCQ and text answers', () => {
    // The session transcript has speech inside the text answer's time (17–30 s).
    const { interviewId } = seedReviewSession(db);
    const html = renderReportHtml(loadSessionDetail(db, interviewId), context);
    expect(html).toContain('A race in the &lt;script&gt; loader &amp; the cache.');
    expect(html).not.toContain('The loader raced.');
    expect(html).not.toContain('I added a lock.');
    expect(html).not.toContain('Transcript excerpt');
  });

  it('keeps the transcript of a recorded answer, and shows accommodations and retakes used', () => {
    const interviewId = seedVideoInterview(db, 2);
    const text = textOf(renderReportHtml(loadSessionDetail(db, interviewId), context));
    expect(text).toContain('Transcript excerpt I would shard the cache by tenant.');
    expect(text).toContain(
      'Accommodations 50% extra time on every answer limit; on-screen proctoring notices not shown to the candidate',
    );
    expect(text).toContain('Retakes allowed 2 per audio or video answer');
    expect(text).toContain('Retakes used 1 of 2 allowed');
  });

  it('prints each event’s evidence line where it has no picture, and the dropped frames', () => {
    const { interviewId, sessionId } = seedReviewSession(db);
    db.insert(events)
      .values({
        sessionId,
        type: 'remote_tool',
        startMs: 4000,
        endMs: 9000,
        severity: 'high',
        details: { product: 'AnyDesk', category: 'remote_desktop', executables: ['AnyDesk.exe'] },
      })
      .run();
    db.update(sessionSummaries)
      .set({ summary: { framesAnalyzed: 900, framesDropped: 12, secondsWithDroppedFrames: 2 } })
      .where(eq(sessionSummaries.sessionId, sessionId))
      .run();
    const text = textOf(renderReportHtml(loadSessionDetail(db, interviewId), context));
    expect(text).toContain('AnyDesk was running (AnyDesk.exe)');
    expect(text).toContain('Frames dropped under load 12');
  });

  it('says an interview had no accommodations', () => {
    const { interviewId } = seedReviewSession(db);
    const text = textOf(renderReportHtml(loadSessionDetail(db, interviewId), context));
    expect(text).toContain('Accommodations None');
    expect(text).not.toContain('Retakes');
  });

  it('says the candidate declined consent and what they were offered instead', () => {
    const { interviewId } = seedTestInterview(db, {
      questions: [{ type: 'text', readingSeconds: 5, answerSeconds: 60 }],
      status: 'checked_in',
      alternativePath: 'Ask the desk for an interview in person.',
    });
    const notice = testNotice();
    recordConsent(
      db,
      interviewId,
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
      1_750_000_000_000,
    );
    const detail = loadSessionDetail(db, interviewId);
    expect(detail.declined).toEqual({
      at: 1_750_000_000_000,
      alternativePath: 'Ask the desk for an interview in person.',
    });
    expect(textOf(renderReportHtml(detail, context))).toContain(
      `Consent declined ${new Date(1_750_000_000_000).toISOString()}; offered instead: Ask the desk for an interview in person.`,
    );
  });

  it('prints the analysis as a suggestion, with its facts and escaped quotes', () => {
    const { interviewId } = seedReviewSession(db);
    const analysis = analyseSession({
      job: { title: 'Backend engineer', description: 'Owns the catalogue.' },
      answers: [
        {
          id: 1,
          position: 0,
          type: 'audio',
          startedMs: 0,
          words: 'Redis in front of the catalogue, with <b>cache-aside</b>.',
          rubric: cachingQuestion.rubric,
          suggestion: {
            score: 80,
            provider: 'offline',
            criteria: [
              {
                name: 'Cache design',
                score: 5,
                weight: 2,
                evidence: [{ quote: '<b>cache-aside</b>', startMs: 1_000, endMs: 2_000 }],
              },
              { name: 'Freshness', score: 1, weight: 1, evidence: [] },
            ],
          },
          speech: {
            durationMs: 10_000,
            speakingMs: 8_000,
            wordCount: 20,
            wordsPerMinute: 150,
            longestPauseMs: 1_000,
            fillerCount: 0,
            fillers: {},
          },
        },
      ],
    });
    const html = renderReportHtml({ ...loadSessionDetail(db, interviewId), analysis }, context);
    const text = textOf(html);
    expect(text).toContain('Analysis (suggestion only) Suggestion only — a recruiter decides');
    expect(text).toContain('Overall suggestion Advance — Technical score 80/100 over 1 of 1');
    expect(text).toContain('Technical 80/100 (1 answer scored by the offline scorer.)');
    expect(text).toContain('Spoke at 150 words per minute (1 answer).');
    expect(text).toContain('Cache design (5 of 5), question 1 — “&lt;b&gt;cache-aside&lt;/b&gt;”');
    expect(text).toContain(
      'Freshness (1 of 5), question 1: not mentioned — time to live; invalidate on write; stale reads trade-off',
    );
    expect(text).toContain('redis ×1 (rubric)');
    expect(html).not.toContain('<b>cache-aside');
  });
});
