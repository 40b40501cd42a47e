/**
 * Test helper: a finished interview session as the pipeline leaves it — answers (one MCQ with
 * its auto-score), a recording per segment, signal frames, events with an evidence thumbnail,
 * a summary and a transcript — so review code is tested on real rows in a real database.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import {
  answers,
  events,
  interviews,
  media,
  scores,
  sessions,
  sessionSegments,
  sessionSummaries,
  transcripts,
  transcriptSegments,
} from '../../db/schema';
import { seedTestInterview } from '../../db/test-db';
import { insertSession, loadInterviewQuestions } from '../domain/session-store';
import { SignalWriter } from '../signals/store/signal-store';
import { type FrameSignals } from '../../shared/signals';
import { facePhotos } from '../signals/worker/test-media';

export interface SeededReview {
  interviewId: number;
  sessionId: number;
  answerIds: number[];
  eventIds: number[];
  recordingMediaId: number;
  thumbnailMediaId: number;
}

/** A frame of signals with everything but the given fields empty. */
export function frame(tMs: number, fields: Partial<FrameSignals> = {}): FrameSignals {
  return {
    tMs,
    faceCount: 1,
    faceConfidence: 0.9,
    faceBox: null,
    earLeft: 0.3,
    earRight: 0.3,
    earAvg: 0.3,
    blink: false,
    pitch: 0,
    yaw: 0,
    roll: 0,
    gazeX: 0,
    gazeY: 0,
    lookingAway: false,
    voiceActive: false,
    rms: 0,
    ...fields,
  };
}

/** Seeds one completed interview session; media files go under `dataDir` when given. */
export function seedReviewSession(
  db: Db,
  opts: { dataDir?: string; candidateName?: string; jobTitle?: string; startedAt?: number } = {},
): SeededReview {
  const startedAt = opts.startedAt ?? 1_700_000_000_000;
  const seeded = seedTestInterview(db, {
    candidateName: opts.candidateName ?? 'Ada Lovelace',
    jobTitle: opts.jobTitle ?? 'Backend Engineer',
    questions: [
      {
        type: 'mcq',
        prompt: 'Which structure gives O(1) average lookup?',
        options: ['List', 'Hash map', 'Tree'],
        correctOption: 1,
        readingSeconds: 5,
        answerSeconds: 30,
      },
      {
        type: 'text',
        prompt: 'Describe a hard bug you fixed.',
        readingSeconds: 5,
        answerSeconds: 60,
      },
    ],
  });
  const { interviewId } = seeded;
  const sessionId = insertSession(
    db,
    interviewId,
    loadInterviewQuestions(db, interviewId),
    startedAt,
  );
  const answerRows = db
    .select({ id: answers.id })
    .from(answers)
    .where(eq(answers.sessionId, sessionId))
    .orderBy(answers.position)
    .all();
  const answerIds = answerRows.map((a) => a.id);
  const [mcq = 0, text = 0] = answerIds;
  db.update(answers)
    .set({ status: 'submitted', choice: 1, startedMs: 5000, endedMs: 12_000 })
    .where(eq(answers.id, mcq))
    .run();
  db.update(answers)
    .set({
      status: 'submitted',
      text: 'A race in the <script> loader & the cache.',
      startedMs: 17_000,
      endedMs: 30_000,
    })
    .where(eq(answers.id, text))
    .run();
  db.insert(scores)
    .values({ answerId: mcq, scorerKind: 'auto', score: 100, rationale: 'Chose option B.' })
    .run();
  db.update(sessions)
    .set({ status: 'completed', endedAt: startedAt + 32_000, clockMs: 32_000 })
    .where(eq(sessions.id, sessionId))
    .run();
  db.update(sessionSegments)
    .set({ endMs: 32_000 })
    .where(and(eq(sessionSegments.sessionId, sessionId), eq(sessionSegments.ordinal, 0)))
    .run();
  db.update(interviews)
    .set({ status: 'completed', applicationStatus: 'Interviewed' })
    .where(eq(interviews.id, interviewId))
    .run();
  const segment = db
    .select({ id: sessionSegments.id })
    .from(sessionSegments)
    .where(eq(sessionSegments.sessionId, sessionId))
    .get();

  const folder = path.join('media', `session-${sessionId}`);
  if (opts.dataDir) {
    mkdirSync(path.join(opts.dataDir, folder), { recursive: true });
    copyFileSync(facePhotos()[0] ?? '', path.join(opts.dataDir, folder, 'evidence.jpg'));
    writeFileSync(path.join(opts.dataDir, folder, 'segment-0.mp4'), Buffer.alloc(16));
  }
  const recording = db
    .insert(media)
    .values({
      sessionId,
      segmentId: segment?.id ?? null,
      kind: 'recording',
      relativePath: path.join(folder, 'segment-0.mp4'),
      mimeType: 'video/mp4',
      startMs: 120,
      endMs: 31_900,
    })
    .returning({ id: media.id })
    .get();
  const thumbnail = db
    .insert(media)
    .values({
      sessionId,
      kind: 'thumbnail',
      relativePath: path.join(folder, 'evidence.jpg'),
      mimeType: 'image/jpeg',
      startMs: 8000,
      endMs: 8000,
    })
    .returning({ id: media.id })
    .get();
  const eventIds = db
    .insert(events)
    .values([
      {
        sessionId,
        type: 'no_face',
        severity: 'medium',
        startMs: 8000,
        endMs: 11_000,
        thumbnailMediaId: thumbnail.id,
      },
      { sessionId, type: 'looking_away', severity: 'low', startMs: 20_000, endMs: 22_500 },
      { sessionId, type: 'looking_away', severity: 'low', startMs: 25_000, endMs: 26_000 },
    ])
    .returning({ id: events.id })
    .all()
    .map((e) => e.id);

  // 30 s at 15 fps: no face 8–11 s, eyes closed 14–16 s, voice 17–30 s.
  const writer = new SignalWriter(db, sessionId, Number.MAX_SAFE_INTEGER);
  for (let i = 0; i < 450; i++) {
    const t = Math.round((i * 1000) / 15);
    const noFace = t >= 8000 && t < 11_000;
    writer.add(
      frame(t, {
        faceCount: noFace ? 0 : 1,
        earAvg: noFace ? null : t >= 14_000 && t < 16_000 ? 0.1 : 0.3,
        lookingAway: noFace ? null : t >= 20_000 && t < 22_500,
        voiceActive: t >= 17_000,
      }),
    );
  }
  writer.flush();
  db.insert(sessionSummaries)
    .values({
      sessionId,
      computedAt: startedAt + 40_000,
      summary: {
        durationMs: 32_000,
        framesAnalyzed: 450,
        facePresentPercent: 90,
        multipleFacesPercent: 0,
        lookingAwayMs: 3500,
        blinksPerMinute: 12.5,
        speakingRatio: 0.4,
        eventsByType: { no_face: 1, looking_away: 2 },
      },
    })
    .run();
  const transcript = db
    .insert(transcripts)
    .values({ sessionId, answerId: null, model: 'test' })
    .returning({ id: transcripts.id })
    .get();
  db.insert(transcriptSegments)
    .values([
      { transcriptId: transcript.id, startMs: 17_500, endMs: 21_000, text: 'The loader raced.' },
      { transcriptId: transcript.id, startMs: 21_500, endMs: 26_000, text: 'I added a lock.' },
    ])
    .run();
  return {
    interviewId,
    sessionId,
    answerIds,
    eventIds,
    recordingMediaId: recording.id,
    thumbnailMediaId: thumbnail.id,
  };
}
