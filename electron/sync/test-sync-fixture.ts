/**
 * Test helper: a station's finished session with real rows and real media files in a data
 * folder (sealed at rest with a files key, as a station with encryption keeps them), finished
 * through the station's own completeSession so the outbox hooks run as they do in a station.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { answers, events, media, scores, sessionSummaries, signalFrames } from '../../db/schema';
import { saveTranscript } from '../transcription/transcript-store';
import { seedTestInterview } from '../../db/test-db';
import { registerOutboxHooks } from '../core/outbox-hooks';
import { SealedFileWriter } from '../core/sealed-file';
import { systemClock } from '../core/clock';
import { writeSetting } from '../core/setting-store';
import {
  completeSession,
  findSession,
  insertSession,
  loadInterviewQuestions,
} from '../domain/session-store';
import { SyncOutbox } from './outbox';
import { SYNC_SETTINGS } from './sync-settings';

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Registers the outbox on `db` as a station enrolled with a receiver would. */
export function enableOutbox(db: Db, receiverUrl = 'http://127.0.0.1:1'): SyncOutbox {
  writeSetting(db, SYNC_SETTINGS.receiverUrl, receiverUrl);
  const outbox = new SyncOutbox(db, systemClock, () => true);
  registerOutboxHooks(db, outbox);
  return outbox;
}

/** Writes `bytes` of pseudo-random content sealed with `filesKey` (or plain without one). */
export function writeMediaFile(
  dataDir: string,
  relativePath: string,
  bytes: number,
  filesKey: Buffer | null,
): Buffer {
  const file = path.join(dataDir, relativePath);
  mkdirSync(path.dirname(file), { recursive: true });
  const content = randomBytes(bytes);
  if (filesKey) {
    const writer = new SealedFileWriter(file, filesKey);
    writer.write(content);
    writer.end();
  } else {
    writeFileSync(file, content);
  }
  return content;
}

export interface FinishedSession {
  sessionId: number;
  candidateId: number;
  interviewId: number;
  /** Plain content of each media file, by media row id. */
  files: Map<number, Buffer>;
}

/**
 * A session of an MCQ, a text and a video answer, with a recording, an answer clip, a
 * thumbnail, events and two minutes of signal frames, then completed.
 */
export function finishSession(
  db: Db,
  dataDir: string,
  filesKey: Buffer,
  opts: { recordingBytes?: number; complete?: boolean } = {},
): FinishedSession {
  const seeded = seedTestInterview(db, {
    questions: [
      { type: 'mcq', options: ['a', 'b'], correctOption: 1, readingSeconds: 5, answerSeconds: 30 },
      { type: 'text', readingSeconds: 5, answerSeconds: 60 },
      { type: 'video', readingSeconds: 5, answerSeconds: 60 },
    ],
  });
  const now = Date.now();
  const questionList = loadInterviewQuestions(db, seeded.interviewId);
  const sessionId = insertSession(db, seeded.interviewId, questionList, now - 200_000);
  const files = new Map<number, Buffer>();
  const addMedia = (
    kind: (typeof media.$inferInsert)['kind'],
    mimeType: string,
    bytes: number,
  ): number => {
    const relativePath = `media/${sessionId}/${kind}-${files.size}.bin`;
    const content = writeMediaFile(dataDir, relativePath, bytes, filesKey);
    const row = db
      .insert(media)
      .values({ sessionId, kind, relativePath, mimeType, startMs: 0, endMs: 120_000 })
      .returning({ id: media.id })
      .get();
    files.set(row.id, content);
    return row.id;
  };
  addMedia('recording', 'video/webm', opts.recordingBytes ?? 3 * 1024 * 1024 + 123);
  const clip = addMedia('answer_video', 'video/webm', 700_000);
  const thumb = addMedia('thumbnail', 'image/jpeg', 20_000);
  const rows = db.select().from(answers).where(eq(answers.sessionId, sessionId)).all();
  for (const answer of rows) {
    db.update(answers)
      .set(
        answer.position === 0
          ? { status: 'submitted', choice: 1 }
          : answer.position === 1
            ? { status: 'submitted', text: 'A written answer.' }
            : { status: 'submitted', mediaId: clip },
      )
      .where(eq(answers.id, answer.id))
      .run();
  }
  db.insert(events)
    .values({
      sessionId,
      type: 'looking_away',
      startMs: 10_000,
      endMs: 14_000,
      severity: 'medium',
      thumbnailMediaId: thumb,
    })
    .run();
  for (let t = 0; t < 120_000; t += 500) {
    db.insert(signalFrames)
      .values({ sessionId, tMs: t, faceCount: 1, faceConfidence: 0.9, earAvg: 0.3, rms: 0.01 })
      .run();
  }
  const mcq = rows.find((a) => a.position === 0);
  if (mcq) db.insert(scores).values({ answerId: mcq.id, scorerKind: 'auto', score: 100 }).run();
  const spoken = rows.find((a) => a.position === 2);
  saveTranscript(db, {
    sessionId,
    answerId: spoken?.id ?? null,
    model: 'ggml-base.en',
    language: 'en',
    parts: [
      {
        mediaStartMs: 60_000,
        words: [
          { word: 'I', startMs: 0, endMs: 200 },
          { word: 'built', startMs: 200, endMs: 600 },
        ],
      },
    ],
  });
  db.insert(sessionSummaries)
    .values({ sessionId, computedAt: now, summary: { frames: 240, events: 1 } })
    .run();
  if (opts.complete !== false) {
    const session = findSession(db, sessionId);
    if (!session) throw new Error('no session');
    completeSession(db, session, now, 120_000);
  }
  return { sessionId, candidateId: seeded.candidateId, interviewId: seeded.interviewId, files };
}
