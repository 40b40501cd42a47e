/**
 * Test helper: a session with audio answers whose media are real files in a data folder, as
 * capture leaves them.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { answers, media } from '../../db/schema';
import { seedTestInterview } from '../../db/test-db';
import { insertSession, loadInterviewQuestions } from '../domain/session-store';

/** A session of `count` audio questions; returns its id and the answers' ids in order. */
export function seedAudioSession(db: Db, count = 1): { sessionId: number; answerIds: number[] } {
  const { interviewId } = seedTestInterview(db, {
    questions: Array.from({ length: count }, () => ({
      type: 'audio' as const,
      readingSeconds: 5,
      answerSeconds: 60,
    })),
  });
  const sessionId = insertSession(db, interviewId, loadInterviewQuestions(db, interviewId), 0);
  const rows = db
    .select({ id: answers.id })
    .from(answers)
    .where(eq(answers.sessionId, sessionId))
    .orderBy(answers.position)
    .all();
  return { sessionId, answerIds: rows.map((row) => row.id) };
}

/**
 * Copies `source` into the data folder as the answer's media (kind answer_audio unless given),
 * recorded from `startMs` on the session clock. A missing `source` leaves the file absent.
 */
export function attachAnswerMedia(
  db: Db,
  dataDir: string,
  answerId: number,
  opts: {
    source: string | null;
    startMs: number;
    endMs?: number;
    kind?: 'answer_audio' | 'answer_video';
  },
): number {
  const answer = db.select().from(answers).where(eq(answers.id, answerId)).get();
  if (!answer) throw new Error(`no answer ${answerId}`);
  const ext = opts.source ? path.extname(opts.source) : '.wav';
  const relativePath = path.join(
    'media',
    `session-${answer.sessionId}`,
    `answer-${answerId}${ext}`,
  );
  mkdirSync(path.dirname(path.join(dataDir, relativePath)), { recursive: true });
  if (opts.source) copyFileSync(opts.source, path.join(dataDir, relativePath));
  const row = db
    .insert(media)
    .values({
      sessionId: answer.sessionId,
      kind: opts.kind ?? 'answer_audio',
      relativePath,
      mimeType: 'audio/wav',
      startMs: opts.startMs,
      endMs: opts.endMs ?? null,
    })
    .returning({ id: media.id })
    .get();
  db.update(answers)
    .set({
      mediaId: row.id,
      status: 'submitted',
      startedMs: opts.startMs,
      endedMs: opts.endMs ?? null,
    })
    .where(and(eq(answers.id, answerId)))
    .run();
  return row.id;
}

/** A short video-only recording (no audio track), as a camera without a microphone makes. */
export function attachSilentRecording(db: Db, dataDir: string, sessionId: number): number {
  const relativePath = path.join('media', `session-${sessionId}`, 'segment-0.mp4');
  const file = path.join(dataDir, relativePath);
  mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=160x120:rate=5:duration=1',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-y',
    file,
  ]);
  return db
    .insert(media)
    .values({
      sessionId,
      kind: 'recording',
      relativePath,
      mimeType: 'video/mp4',
      startMs: 0,
      endMs: 1000,
    })
    .returning({ id: media.id })
    .get().id;
}
