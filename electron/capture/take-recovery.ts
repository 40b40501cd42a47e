/**
 * At start-up, gives back the part of an answer a killed station was recording. The answer
 * recorder streams each take into its own WAV and stores it (a media row, linked to the
 * answer) only when the take ends; a SIGKILL mid-answer leaves the WAV with every sample but a
 * header saying "empty", and no row. A resume then records the rest as a new take, so without
 * this the reviewer hears only the part after the resume.
 *
 * For every WAV of an interrupted session that no media row names: the header is repaired
 * from the file's length (wav-repair.ts), and the file becomes a media row of the answer,
 * starting where the take started (its file name holds the answer, the attempt and the
 * session clock at its first sample). A video answer's part is cut from the session recording that was being
 * written (the killed camera's fragmented MP4 plays up to its last fragment), as a finished
 * take is, and its WAV then dropped; when the cut fails the repaired WAV is the part.
 * The answer points at the part if it has no media yet; review lists every part of an
 * answer (review/answer-parts.ts). A file that cannot be understood is left as it is.
 */
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { answers, media, questions, sessions } from '../../db/schema';
import { extractClip } from './answer-clip';
import { probeRecording } from './recording';
import { repairWav } from './wav-repair';

/** answer-<id>-take-<attempt>-<wall clock>-at-<session clock>ms.wav (older: no "-at-"). */
const TAKE_FILE = /^answer-(\d+)-take-(\d+)-(\d+)(?:-at-(\d+)ms)?\.wav$/;

export interface TakeRecoveryOptions {
  db: Db;
  dataDir: string;
  log: (line: string) => void;
  ffmpeg?: string;
  ffprobe?: string;
  /** The files key sealed takes and recordings are read with. */
  filesKey?: Buffer | null;
  /** Seal the recovered clips with this files key (encryption at rest is on). */
  sealWith?: Buffer | null;
}

/** A part of an answer given back from a killed run. */
export interface RecoveredTake {
  answerId: number;
  mediaId: number;
  kind: 'answer_audio' | 'answer_video';
  /** Session clock (ms) of the part's first sample or frame, and of its end. */
  startMs: number;
  endMs: number;
}

interface Orphan {
  sessionId: number;
  answerId: number;
  /** Session clock (ms) of the take's first sample. */
  startMs: number;
  relativePath: string;
}

/** Recovers the unfinished takes of every interrupted session; see the file comment. */
export async function recoverInterruptedTakes(opts: TakeRecoveryOptions): Promise<RecoveredTake[]> {
  const recovered: RecoveredTake[] = [];
  for (const orphan of findOrphans(opts.db, opts.dataDir)) {
    const take = await recoverTake(opts, orphan);
    if (take) recovered.push(take);
  }
  return recovered;
}

function findOrphans(db: Db, dataDir: string): Orphan[] {
  const interrupted = db
    .select({ id: sessions.id, startedAt: sessions.startedAt })
    .from(sessions)
    .where(eq(sessions.status, 'interrupted'))
    .all();
  const orphans: Orphan[] = [];
  for (const session of interrupted) {
    const folder = path.join('media', `session-${session.id}`);
    if (!existsSync(path.join(dataDir, folder))) continue;
    const known = new Set(
      db
        .select({ relativePath: media.relativePath })
        .from(media)
        .where(eq(media.sessionId, session.id))
        .all()
        .map((row) => row.relativePath),
    );
    for (const name of readdirSync(path.join(dataDir, folder)).sort()) {
      const match = TAKE_FILE.exec(name);
      const relativePath = path.join(folder, name);
      if (!match || known.has(relativePath) || known.has(videoPathOf(relativePath))) continue;
      orphans.push({
        sessionId: session.id,
        answerId: Number(match[1]),
        // A file named before the session clock was in the name: its wall clock at start.
        startMs: match[4] ? Number(match[4]) : Number(match[3]) - session.startedAt,
        relativePath,
      });
    }
  }
  return orphans;
}

/** Where a recovered video part is cut to: next to its WAV, named after it. */
function videoPathOf(wavPath: string): string {
  return wavPath.replace(/\.wav$/, '-recovered.mp4');
}

async function recoverTake(
  opts: TakeRecoveryOptions,
  orphan: Orphan,
): Promise<RecoveredTake | null> {
  const { db, dataDir, log } = opts;
  const file = path.join(dataDir, orphan.relativePath);
  const answer = db
    .select({ id: answers.id, type: questions.type })
    .from(answers)
    .innerJoin(questions, eq(questions.id, answers.questionId))
    .where(and(eq(answers.id, orphan.answerId), eq(answers.sessionId, orphan.sessionId)))
    .get();
  if (!answer) {
    log(`Take recovery: left ${orphan.relativePath} as it is: no such answer in its session.`);
    return null;
  }
  const repair = repairWav(file, opts.filesKey ?? null);
  if (repair.state === 'unreadable') {
    log(`Take recovery: left ${orphan.relativePath} as it is: ${repair.reason}.`);
    return null;
  }
  if (repair.dataBytes === 0) {
    log(`Take recovery: left ${orphan.relativePath} as it is: it holds no sound.`);
    return null;
  }
  const { startMs } = orphan;
  const endMs = startMs + repair.durationMs;
  const video =
    answer.type === 'video'
      ? await cutFromRecording(opts, orphan, startMs, endMs).catch((error: unknown) => {
          log(
            `Take recovery: answer ${answer.id}: video cut failed, keeping its sound: ` +
              (error as Error).message,
          );
          return null;
        })
      : null;
  const part = video ?? {
    relativePath: orphan.relativePath,
    segmentId: null,
    kind: 'answer_audio' as const,
    mimeType: 'audio/wav',
    startMs,
    endMs,
  };
  const mediaId = db.transaction((tx) => {
    const row = tx
      .insert(media)
      .values({
        sessionId: orphan.sessionId,
        ...part,
        startMs: Math.round(part.startMs),
        endMs: Math.round(part.endMs),
      })
      .returning({ id: media.id })
      .get();
    tx.update(answers)
      .set({ mediaId: row.id })
      .where(and(eq(answers.id, answer.id), isNull(answers.mediaId)))
      .run();
    return row.id;
  });
  // The cut holds the picture and the sound; its WAV goes, as a finished video take's does.
  if (video) rmSync(file, { force: true });
  log(
    `Take recovery: answer ${answer.id}: ${(repair.durationMs / 1000).toFixed(1)} s recorded ` +
      `before the interruption kept${video ? ' (video cut from the session recording)' : ''}.`,
  );
  return {
    answerId: answer.id,
    mediaId,
    kind: part.kind,
    startMs: Math.round(part.startMs),
    endMs: Math.round(part.endMs),
  };
}

/**
 * Cuts the take's stretch from the session's recording that covers its start (or, after a
 * camera reconnect, the latest one starting before its end) into an MP4 beside the WAV.
 */
async function cutFromRecording(
  opts: TakeRecoveryOptions,
  orphan: Orphan,
  startMs: number,
  endMs: number,
) {
  const recordings = opts.db
    .select()
    .from(media)
    .where(and(eq(media.sessionId, orphan.sessionId), eq(media.kind, 'recording')))
    .orderBy(asc(media.startMs))
    .all()
    .filter((row) => row.startMs < endMs);
  const recording = recordings.at(-1);
  if (!recording) throw new Error('no session recording covers the answer');
  const source = path.join(opts.dataDir, recording.relativePath);
  const reached = (await probeRecording(source, opts.ffprobe, opts.filesKey ?? null))
    .durationSeconds;
  const fromSec = Math.max(0, (startMs - recording.startMs) / 1000);
  const toSec = Math.min((endMs - recording.startMs) / 1000, reached);
  if (toSec <= fromSec) throw new Error('the recording does not reach the answer');
  const relativePath = videoPathOf(orphan.relativePath);
  const out = path.join(opts.dataDir, relativePath);
  // Cut aside and renamed, so a crash mid-cut never leaves a half clip under the clip's name.
  const temporary = out.replace(/\.mp4$/, '.partial.mp4');
  rmSync(temporary, { force: true });
  await extractClip({
    recording: source,
    fromSec,
    toSec,
    out: temporary,
    ffmpeg: opts.ffmpeg,
    filesKey: opts.filesKey ?? null,
    sealWith: opts.sealWith ?? null,
  });
  renameSync(temporary, out);
  return {
    relativePath,
    segmentId: recording.segmentId,
    kind: 'answer_video' as const,
    mimeType: 'video/mp4',
    startMs: recording.startMs + fromSec * 1000,
    endMs: recording.startMs + toSec * 1000,
  };
}
