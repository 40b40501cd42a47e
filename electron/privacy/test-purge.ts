/**
 * Test helper: an interview that ran and was reviewed, with everything the purge must delete
 * (real media files in the data folder's media/, frames, events, answers, transcripts,
 * scores, a decision, a consent, a report export), at the times given.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import {
  answers,
  consents,
  evaluations,
  events,
  interviews,
  media,
  sessions,
  sessionSummaries,
  signalFrames,
  droppedFrames,
  scores,
  transcriptionJobs,
  transcripts,
  transcriptSegments,
  users,
} from '../../db/schema';
import { seedTestInterview } from '../../db/test-db';
import { insertSession, loadInterviewQuestions } from '../domain/session-store';
import { newExport } from '../review/export-files';

export interface FinishedInterview {
  interviewId: number;
  sessionId: number;
  candidateId: number;
  jobId: number;
  /** Every file written for it, absolute. */
  files: string[];
  bytes: number;
}

export interface FinishedOptions {
  startedAt: number;
  endedAt: number;
  candidateName?: string;
  /** Signal frames stored (15 a second in a real session). */
  frames?: number;
  /** Bytes of the session recording. */
  recordingBytes?: number;
}

/** Seeds one finished, decided interview with files; see the file comment. */
export function seedFinishedInterview(
  db: Db,
  dataDir: string,
  opts: FinishedOptions,
): FinishedInterview {
  const name = opts.candidateName ?? 'Ada Lovelace';
  const seeded = seedTestInterview(db, {
    candidateName: name,
    status: 'completed',
    questions: [
      { type: 'text', readingSeconds: 5, answerSeconds: 60 },
      { type: 'audio', readingSeconds: 5, answerSeconds: 60 },
    ],
  });
  const { interviewId } = seeded;
  const sessionId = insertSession(
    db,
    interviewId,
    loadInterviewQuestions(db, interviewId),
    opts.startedAt,
  );
  db.update(sessions)
    .set({ status: 'completed', endedAt: opts.endedAt, lastHeartbeatAt: opts.endedAt })
    .where(eq(sessions.id, sessionId))
    .run();
  db.update(interviews)
    .set({ status: 'completed', createdAt: opts.startedAt - 86_400_000 })
    .where(eq(interviews.id, interviewId))
    .run();
  db.insert(consents)
    .values({
      interviewId,
      noticeVersion: 'v1',
      recording: true,
      signals: true,
      decidedAt: opts.startedAt,
    })
    .run();

  const files: string[] = [];
  let bytes = 0;
  const write = (file: string, size: number) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, Buffer.alloc(size, 7));
    files.push(file);
    bytes += size;
  };
  const addMedia = (kind: (typeof media.$inferInsert)['kind'], file: string, size: number) => {
    const relativePath = path.join('media', `session-${sessionId}`, file);
    write(path.join(dataDir, relativePath), size);
    return db
      .insert(media)
      .values({ sessionId, kind, relativePath, mimeType: 'application/octet-stream', startMs: 0 })
      .returning({ id: media.id })
      .get().id;
  };
  addMedia('recording', `segment-${opts.startedAt}.mp4`, opts.recordingBytes ?? 200_000);
  const clip = addMedia('answer_audio', 'answer-2-take-1.wav', 32_000);
  const thumbnail = addMedia('thumbnail', 'evidence-no_face-1000.jpg', 4_000);
  // A take replaced by a retake: in the session's folder, no row points at it.
  write(path.join(dataDir, 'media', `session-${sessionId}`, 'answer-2-take-0.wav'), 16_000);

  const [first, second] = db
    .select({ id: answers.id })
    .from(answers)
    .where(eq(answers.sessionId, sessionId))
    .orderBy(answers.position)
    .all();
  const at = opts.endedAt;
  db.update(answers)
    .set({ status: 'submitted', text: `${name} wrote this answer.`, updatedAt: at })
    .where(eq(answers.id, first?.id ?? 0))
    .run();
  db.update(answers)
    .set({ status: 'submitted', mediaId: clip, transcript: 'I said my name.', updatedAt: at })
    .where(eq(answers.id, second?.id ?? 0))
    .run();
  db.insert(scores)
    .values({ answerId: first?.id ?? 0, scorerKind: 'rubric', score: 70, rationale: 'Clear.' })
    .run();

  const frames = opts.frames ?? 300;
  for (let start = 0; start < frames; start += 500) {
    db.insert(signalFrames)
      .values(
        Array.from({ length: Math.min(500, frames - start) }, (_, i) => ({
          sessionId,
          tMs: (start + i) * 66,
          faceCount: 1,
        })),
      )
      .run();
  }
  // Two seconds in which the analysis fell behind and dropped frames.
  db.insert(droppedFrames)
    .values([
      { sessionId, second: 3, count: 4 },
      { sessionId, second: 4, count: 1 },
    ])
    .run();
  db.insert(events)
    .values([
      {
        sessionId,
        type: 'no_face',
        startMs: 1000,
        endMs: 4000,
        severity: 'medium',
        thumbnailMediaId: thumbnail,
      },
      { sessionId, type: 'looking_away', startMs: 5000, endMs: 7000, severity: 'low' },
      { sessionId, type: 'looking_away', startMs: 9000, endMs: 9900, severity: 'low' },
    ])
    .run();
  db.insert(sessionSummaries)
    .values({ sessionId, computedAt: at, summary: { facePresentPercent: 90 } })
    .run();
  const transcript = db
    .insert(transcripts)
    .values({ sessionId, answerId: second?.id ?? null, model: 'ggml-tiny.en.bin' })
    .returning({ id: transcripts.id })
    .get();
  db.insert(transcriptSegments)
    .values({ transcriptId: transcript.id, startMs: 0, endMs: 900, text: 'I said my name.' })
    .run();
  db.insert(transcriptionJobs)
    .values({
      sessionId,
      answerId: second?.id ?? null,
      status: 'done',
      nextAttemptAt: at,
      updatedAt: at,
    })
    .run();
  const reviewer = db.select({ id: users.id }).from(users).limit(1).get();
  if (reviewer) {
    db.insert(evaluations)
      .values({
        interviewId,
        reviewerId: reviewer.id,
        decision: 'Passed',
        overallScore: 82,
        notes: `Met ${name}.`,
      })
      .run();
  }
  const report = newExport(dataDir, `interview-report-${name}-${interviewId}.pdf`);
  write(report.file, 9_000);
  return {
    interviewId,
    sessionId,
    candidateId: seeded.candidateId,
    jobId: seeded.jobId,
    files,
    bytes,
  };
}
