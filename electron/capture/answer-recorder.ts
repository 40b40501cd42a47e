/**
 * Audio and video answers get their own media, so a reviewer plays an answer at once:
 * - every take streams the microphone into its own WAV (lossless 16 kHz mono, exactly the
 *   answer's time on the session clock; a gap from a lost microphone is filled with silence
 *   so the file stays as long as the answer);
 * - a kept audio take is that WAV;
 * - a kept video take is cut from the segment recording (picture and sound, re-encoded so it
 *   starts on the answer's own frame) once the recording holds its end; its WAV is then
 *   dropped, or kept as the answer's media if the cut fails, so an answer is never lost.
 * A take recorded again (a retake) is deleted. A take cut off by the station stopping or
 * being killed is left on disk for the next start to recover (take-recovery.ts).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import type { Clock } from '../core/clock';
import { ownerOnlyFolder } from '../core/owner-only';
import { answers, media } from '../../db/schema';
import type { AnswerTake } from '../domain/session-events';
import { extractClip, waitForRecording } from './answer-clip';
import { SAMPLE_RATE, type MicrophoneChunk } from './microphone';
import { WavWriter } from './wav-writer';

const SAMPLES_PER_MS = SAMPLE_RATE / 1000;
/** How long an ended take waits for the microphone's last chunk (arecord: 125 ms periods). */
const AUDIO_TAIL_WAIT_MS = 600;
/** How long a video take waits for the recording to hold its end. */
const RECORDING_WAIT_MS = 8000;

/** The segment recording a video answer is cut from. */
export interface RecordingRef {
  file: string;
  /** Session clock at the recording's first frame. */
  startMs: number;
  segmentId: number | null;
  /** The file is finished (camera stopped or lost): no point waiting for more of it. */
  complete: boolean;
}

export interface AnswerRecorderOptions {
  db: Db;
  dataDir: string;
  sessionId: number;
  /** The station's wall clock: file names and when the last kept take ended. */
  clock: Clock;
  log: (line: string) => void;
  /** The recording being written now, if the camera is running. */
  recording: () => RecordingRef | null;
  /** An answer's media is stored (e.g. to queue its transcription). */
  onAnswerMedia?: (answerId: number) => void;
  ffmpeg?: string;
  ffprobe?: string;
  /** The files key takes, clips (and so the recording they are cut from) are sealed with. */
  sealWith?: Buffer | null;
}

interface OpenTake {
  take: AnswerTake;
  wav: WavWriter;
  relativePath: string;
  endMs: number | null;
  keep: boolean;
  timer: ReturnType<typeof setTimeout> | null;
}

export class AnswerRecorder {
  private readonly open: OpenTake[] = [];
  private readonly work = new Set<Promise<void>>();
  private lastEndedAt = 0;

  constructor(private readonly opts: AnswerRecorderOptions) {}

  /** When the latest kept take ended (wall clock), so capture can outlast it a little. */
  get lastKeptEndedAt(): number {
    return this.lastEndedAt;
  }

  start(take: AnswerTake): void {
    // The name holds where the take's first sample is on the session clock: a station killed
    // mid-take stores no row, and the next start recovers the take from its file alone
    // (take-recovery.ts). The wall clock here may be later: capture may still be starting.
    const relativePath = path.join(
      'media',
      `session-${this.opts.sessionId}`,
      `answer-${take.answerId}-take-${take.attempt}-${this.opts.clock.now()}` +
        `-at-${Math.round(take.startMs)}ms.wav`,
    );
    const file = path.join(this.opts.dataDir, relativePath);
    ownerOnlyFolder(path.dirname(file));
    this.open.push({
      take,
      wav: new WavWriter(file, this.opts.sealWith ?? null),
      relativePath,
      endMs: null,
      keep: true,
      timer: null,
    });
  }

  push(chunk: MicrophoneChunk): void {
    for (const entry of [...this.open]) {
      const { take, wav } = entry;
      const end = entry.endMs ?? Infinity;
      const expectedMs = take.startMs + wav.samples / SAMPLES_PER_MS;
      // A gap (lost microphone) becomes silence, so sample n stays at startMs + n/16 ms.
      const gap = Math.round((Math.min(chunk.tMs, end) - expectedMs) * SAMPLES_PER_MS);
      if (gap > 0) wav.write(new Int16Array(gap));
      const from = Math.max(0, Math.round((expectedMs - chunk.tMs) * SAMPLES_PER_MS));
      const to = Math.min(chunk.samples.length, Math.round((end - chunk.tMs) * SAMPLES_PER_MS));
      if (to > from) wav.write(chunk.samples.subarray(from, to));
      const chunkEnd = chunk.tMs + chunk.samples.length / SAMPLES_PER_MS;
      if (entry.endMs !== null && chunkEnd >= entry.endMs) this.finalise(entry);
    }
  }

  /** The take ended at `endMs`; it is stored once the microphone has delivered that far. */
  end(take: AnswerTake, endMs: number, keep: boolean): void {
    const entry = this.open.find(
      (e) => e.take.answerId === take.answerId && e.take.attempt === take.attempt,
    );
    if (!entry) return;
    entry.endMs = endMs;
    entry.keep = keep;
    if (!keep) {
      this.finalise(entry);
      return;
    }
    this.lastEndedAt = this.opts.clock.now();
    entry.timer = setTimeout(() => this.finalise(entry), AUDIO_TAIL_WAIT_MS);
  }

  /**
   * Stores every ended take still waiting (the session is stopping) and waits for all the
   * work. A take still being recorded (the station is closing mid-answer) is closed and left
   * on disk without a row: its session is interrupted, and the next start keeps it as the
   * part recorded before the interruption (take-recovery.ts), as after a crash.
   */
  async settle(): Promise<void> {
    for (const entry of [...this.open]) {
      if (entry.endMs === null) this.leaveForRecovery(entry);
      else this.finalise(entry);
    }
    await Promise.all([...this.work]);
  }

  private leaveForRecovery(entry: OpenTake): void {
    this.open.splice(this.open.indexOf(entry), 1);
    entry.wav.close();
    if (entry.wav.samples === 0) {
      rmSync(path.join(this.opts.dataDir, entry.relativePath), { force: true });
      return;
    }
    this.opts.log(
      `answer ${entry.take.answerId}: its take was cut off after ` +
        `${(entry.wav.samples / SAMPLE_RATE).toFixed(1)} s; the next start keeps it.`,
    );
  }

  private finalise(entry: OpenTake): void {
    const index = this.open.indexOf(entry);
    if (index < 0) return;
    this.open.splice(index, 1);
    if (entry.timer) clearTimeout(entry.timer);
    const endMs = entry.endMs ?? entry.take.startMs;
    // Pad to the end, so the file is exactly as long as the answer even if the mic went quiet.
    const missing = Math.round((endMs - entry.take.startMs) * SAMPLES_PER_MS) - entry.wav.samples;
    if (missing > 0) entry.wav.write(new Int16Array(missing));
    entry.wav.close();
    const file = path.join(this.opts.dataDir, entry.relativePath);
    if (!entry.keep) {
      rmSync(file, { force: true });
      return;
    }
    const job = this.store(entry, endMs)
      .catch((error: unknown) =>
        this.opts.log(
          `answer ${entry.take.answerId}: could not store its media: ${(error as Error).message}`,
        ),
      )
      .finally(() => this.work.delete(job));
    this.work.add(job);
  }

  private async store(entry: OpenTake, endMs: number): Promise<void> {
    const { take } = entry;
    if (take.kind === 'video') {
      const clip = await this.cutVideo(take, endMs).catch((error: unknown) => {
        this.opts.log(
          `answer ${take.answerId}: video cut failed, keeping its sound: ${(error as Error).message}`,
        );
        return null;
      });
      if (clip) {
        rmSync(path.join(this.opts.dataDir, entry.relativePath), { force: true });
        const { startMs, ...stored } = clip;
        this.link(take, { ...stored, kind: 'answer_video', mimeType: 'video/mp4' }, endMs, startMs);
        return;
      }
    }
    this.link(
      take,
      {
        relativePath: entry.relativePath,
        segmentId: null,
        kind: 'answer_audio',
        mimeType: 'audio/wav',
      },
      endMs,
    );
  }

  private async cutVideo(
    take: AnswerTake,
    endMs: number,
  ): Promise<{ relativePath: string; segmentId: number | null; startMs: number }> {
    const recording = this.opts.recording();
    if (!recording) throw new Error('the camera was not recording');
    // A take that began before the camera reconnected is cut from the new segment only: the
    // earlier part is in the previous segment's recording, with a gap between the two. The
    // stored media then starts where its picture does (not at the take's start), so replay
    // and review place it truthfully; joining both pieces across the gap is not done here.
    const fromSec = Math.max(0, (take.startMs - recording.startMs) / 1000);
    if (take.startMs < recording.startMs) {
      this.opts.log(
        `answer ${take.answerId}: the camera reconnected during this take; its video starts ` +
          `${((recording.startMs - take.startMs) / 1000).toFixed(1)} s into the answer.`,
      );
    }
    const toSec = (endMs - recording.startMs) / 1000;
    if (toSec <= fromSec) throw new Error('the recording does not cover the answer');
    const wait = recording.complete ? 0 : RECORDING_WAIT_MS;
    const reached = await waitForRecording(
      recording.file,
      toSec,
      wait,
      this.opts.ffprobe,
      this.opts.clock,
      this.opts.sealWith ?? null,
    );
    if (reached <= fromSec) throw new Error('the recording does not cover the answer');
    const relativePath = path.join(
      'media',
      `session-${this.opts.sessionId}`,
      `answer-${take.answerId}-take-${take.attempt}-${this.opts.clock.now()}.mp4`,
    );
    await extractClip({
      recording: recording.file,
      fromSec,
      toSec: Math.min(toSec, reached),
      out: path.join(this.opts.dataDir, relativePath),
      ffmpeg: this.opts.ffmpeg,
      sealWith: this.opts.sealWith ?? null,
    });
    return {
      relativePath,
      segmentId: recording.segmentId,
      startMs: Math.max(take.startMs, recording.startMs),
    };
  }

  private link(
    take: AnswerTake,
    stored: {
      relativePath: string;
      segmentId: number | null;
      kind: 'answer_audio' | 'answer_video';
      mimeType: string;
    },
    endMs: number,
    /** Where the stored media starts on the session clock; the take's start by default. */
    startMs = take.startMs,
  ): void {
    const { db, sessionId } = this.opts;
    db.transaction((tx) => {
      const row = tx
        .insert(media)
        .values({
          sessionId,
          ...stored,
          startMs: Math.round(startMs),
          endMs: Math.round(endMs),
        })
        .returning({ id: media.id })
        .get();
      tx.update(answers).set({ mediaId: row.id }).where(eq(answers.id, take.answerId)).run();
    });
    this.opts.onAnswerMedia?.(take.answerId);
  }
}
