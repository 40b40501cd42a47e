/**
 * Test helper: a station killed mid-answer, for real. A session runner on a real SQLite file
 * starts an audio or video answer; a child process (test-take-writer.ts, bundled as the
 * station's code is) records the take through the real AnswerRecorder and WavWriter and is
 * SIGKILLed once it has written the given seconds; then the session is marked interrupted,
 * as the next start does.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, type Db } from '../../db/open';
import { media, sessionSegments } from '../../db/schema';
import { MIGRATIONS_DIR, seedTestInterview } from '../../db/test-db';
import { systemClock } from '../core/clock';
import { agreeToNotice } from '../domain/test-consent';
import type { AnswerTake, SessionHooks } from '../domain/session-events';
import { SessionRunner } from '../domain/session-runner';
import { markInterrupted } from '../domain/session-store';
import { sealFile } from '../core/sealed-file';
import { recordingOutputArgs } from './recording';

export interface CrashedTake {
  db: Db;
  interviewId: number;
  sessionId: number;
  take: AnswerTake;
  /** The samples the killed process had written. */
  samples: number;
}

/** Runs a station up to a take of `kind`, kills its writer after `seconds`, marks it interrupted. */
export async function crashMidTake(opts: {
  writerScript: string;
  dataDir: string;
  kind: 'audio' | 'video';
  seconds: number;
  /** Before the take: e.g. write the session recording a video answer is cut from. */
  beforeTake?: (db: Db, sessionId: number) => void;
  /** Seal the take with this files key (encryption at rest). */
  sealWith?: Buffer;
}): Promise<CrashedTake> {
  const dbFile = path.join(opts.dataDir, 'station.sqlite');
  const db = openDatabase({ file: dbFile, migrationsDir: MIGRATIONS_DIR });
  const { interviewId } = seedTestInterview(db, {
    status: 'checked_in',
    questions: [{ type: opts.kind, readingSeconds: 5, answerSeconds: 60 }],
  });
  agreeToNotice(db, interviewId, Date.now());
  const takes: AnswerTake[] = [];
  const runner = new SessionRunner(db, systemClock, () => {}, {
    ...quietHooks(),
    takeStarted: (_sessionId, take) => takes.push({ ...take }),
  });
  const sessionId = runner.start(interviewId);
  opts.beforeTake?.(db, sessionId);
  runner.beginAnswering(sessionId, 0);
  const [take] = takes;
  if (!take) throw new Error('no take started');
  const child = spawn(process.execPath, [
    opts.writerScript,
    dbFile,
    MIGRATIONS_DIR,
    opts.dataDir,
    String(sessionId),
    JSON.stringify(take),
    String(opts.seconds),
    opts.sealWith?.toString('hex') ?? '',
  ]);
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = once(child, 'exit');
  const deadline = Date.now() + 20_000;
  while (!/wrote \d+/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`writer: ${out}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  child.kill('SIGKILL');
  const [, signal] = await exited;
  if (signal !== 'SIGKILL') throw new Error(`the writer ended with ${String(signal)}`);
  // The station's own process dies too: nothing more of this run is written.
  runner.close();
  markInterrupted(db);
  return { db, interviewId, sessionId, take, samples: Number(/wrote (\d+)/.exec(out)?.[1]) };
}

/** Hooks of a station that records answers and does nothing else. */
export function quietHooks(): SessionHooks {
  return { recordsAnswers: true, started() {}, phase() {}, ended() {} };
}

/**
 * Writes a `seconds`-long session recording as the camera does (fragmented MP4, H.264 and
 * AAC) and stores it as the session's first segment's recording, starting at `startMs`.
 */
export function writeSessionRecording(
  db: Db,
  dataDir: string,
  sessionId: number,
  seconds: number,
  startMs = 0,
  sealWith: Buffer | null = null,
): void {
  const relativePath = path.join('media', `session-${sessionId}`, 'segment-recorded.mp4');
  const file = path.join(dataDir, relativePath);
  mkdirSync(path.dirname(file), { recursive: true });
  const written = sealWith ? `${file}.plain` : file;
  execFileSync('ffmpeg', [
    '-v',
    'error',
    ...['-f', 'lavfi', '-i', `testsrc=size=320x240:rate=15:duration=${seconds}`],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=16000:duration=${seconds}`],
    ...['-filter_complex', '[0:v]null[v]'],
    ...recordingOutputArgs('v', written, 15, 1),
  ]);
  if (sealWith) sealFile(written, file, sealWith);
  const segment = db.select().from(sessionSegments).get();
  db.insert(media)
    .values({
      sessionId,
      segmentId: segment?.id ?? null,
      kind: 'recording',
      relativePath,
      mimeType: 'video/mp4',
      startMs,
    })
    .run();
}
