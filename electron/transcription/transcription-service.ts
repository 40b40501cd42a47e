/**
 * Transcription for the station: finds and loads the provisioned model, queues every audio or
 * video answer (and then the whole session) when it ends, and works through the queue one job
 * at a time in the transcription process. Without a model, jobs wait in the queue and the
 * diagnostics say so; nothing else on the station depends on this.
 */
import os from 'node:os';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { answers, media } from '../../db/schema';
import type { Clock } from '../core/clock';
import type { StartNodeChild } from '../core/node-child';
import { isDiskFull } from '../core/disk-space';
import { withPlainView } from '../core/plain-view';
import { readSetting } from '../core/setting-store';
import { analyseSpeech, DEFAULT_FILLER_WORDS } from './analytics';
import {
  claimNextJob,
  DEFAULT_RETRY,
  deferJob,
  enqueueAnswer,
  enqueueSession,
  failJob,
  finishJob,
  isStillRunning,
  nextDueAt,
  noteModelWait,
  queueCounts,
  requeueInterrupted,
  setJobProgress,
  troubledJobs,
  type JobRow,
  type QueueCounts,
  type RetryPolicy,
} from './job-store';
import { listModelFiles, modelFolders, type ModelFileEntry } from './model-files';
import { plainReason } from './plain-reason';
import { describeModelState, findModelFile, Transcriber, type ModelState } from './transcriber';
import { saveTranscript, type TranscriptPart } from './transcript-store';
import type { RawTranscription } from './whisper-messages';
import { WhisperError, WhisperProcess } from './whisper-process';
import { tokensToWords } from './words';

export interface TranscriptionOptions {
  db: Db;
  dataDir: string;
  resourcesDir: string;
  /** The built transcription process (out/station/whisper-worker.mjs). */
  workerFile: string;
  /** Starts it: child_process.fork unless given (the Electron shell passes a utility process). */
  startNodeChild?: StartNodeChild;
  clock: Clock;
  log: (line: string) => void;
  retry?: RetryPolicy;
  /** Fixed part of each job's time limit; the rest scales with the audio's length. */
  jobTimeoutMs?: number;
  /** Random test weights need whisper's temperature fall-back off. */
  temperatureInc?: number;
  /** The files key sealed media are read with (encryption at rest). */
  filesKey?: Buffer | null;
  /** An answer's transcript is stored (e.g. to suggest its score). */
  onAnswerTranscribed?: (answerId: number) => void;
}

export interface TranscriptionDiagnostics {
  model: ModelState;
  /** One plain sentence for the diagnostics page and the console. */
  summary: string;
  queue: QueueCounts;
  current: { jobId: number; sessionId: number; answerId: number | null; progress: number } | null;
  problems: {
    jobId: number;
    sessionId: number;
    answerId: number | null;
    status: JobRow['status'];
    attempts: number;
    lastError: string | null;
    nextAttemptAt: number;
  }[];
}

// A recording still being finalised when its session ends is waited for this long at most.
const FINALISE_WAIT_MS = 60_000;
const FINALISE_POLL_MS = 5_000;
const PROGRESS_WRITE_MS = 500;
/** After a queue write found the disk full, the queue tries again this much later. */
const DISK_FULL_WAIT_MS = 10_000;

export class TranscriptionService {
  readonly transcriber: Transcriber;
  private readonly retry: RetryPolicy;
  private running: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private current: TranscriptionDiagnostics['current'] = null;

  constructor(private readonly opts: TranscriptionOptions) {
    this.transcriber = new Transcriber(
      new WhisperProcess(opts.workerFile, opts.log, opts.startNodeChild),
    );
    this.retry = opts.retry ?? DEFAULT_RETRY;
  }

  /**
   * Re-queues work a crash interrupted, starts loading the model (in the background: the
   * station does not wait for it) and starts the queue. The model's state is logged once, when
   * it is known (not "loading"), and `modelLoaded` resolves with it.
   */
  start(): { requeued: number; modelLoaded: Promise<ModelState> } {
    const requeued = requeueInterrupted(this.opts.db, this.opts.clock.now(), this.retry);
    const lookup = findModelFile({
      modelPath: readSetting<string>(this.opts.db, 'transcription.modelPath'),
      chosen: readSetting<unknown>(this.opts.db, 'transcription.model'),
      resourcesDir: this.opts.resourcesDir,
      dataDir: this.opts.dataDir,
    });
    const loading = lookup.unusable
      ? this.transcriber.refuse(lookup.unusable.file, lookup.unusable.reason)
      : this.transcriber.load(lookup.file);
    const modelLoaded = loading.then((state) => {
      this.opts.log(describeModelState(state));
      noteModelWait(this.opts.db, state.state !== 'ready', this.opts.clock.now());
      this.kick();
      return state;
    });
    this.running = this.loop();
    return { requeued, modelLoaded };
  }

  /** The model files an admin may choose from (resources/models/, then the data folder's). */
  modelFiles(): ModelFileEntry[] {
    return listModelFiles(modelFolders(this.opts.resourcesDir, this.opts.dataDir));
  }

  /** The model files an admin may choose, and the model in use now (its state, in words). */
  modelChoices(): {
    files: ModelFileEntry[];
    loaded: { state: ModelState['state']; summary: string };
  } {
    const model = this.transcriber.state;
    return {
      files: this.modelFiles(),
      loaded: { state: model.state, summary: plainReason(describeModelState(model)) },
    };
  }

  /** Capture calls this right after saving an audio or video answer. */
  enqueueAnswer(answerId: number): void {
    this.unlessDiskFull(`queue answer ${answerId}`, () => {
      if (enqueueAnswer(this.opts.db, answerId, this.opts.clock.now())) this.queued();
    });
  }

  /** For SessionHooks.ended: the session's answers that still need it, then the session. */
  sessionEnded(sessionId: number): void {
    // Called as a session ends: a full disk must not turn the candidate's last submit into an
    // error after their interview was stored.
    this.unlessDiskFull(`queue session ${sessionId}`, () => {
      enqueueSession(this.opts.db, sessionId, this.opts.clock.now());
      this.queued();
    });
  }

  /** A queue write that found the disk full is logged; the queue goes on without it. */
  private unlessDiskFull(what: string, write: () => void): void {
    try {
      write();
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      this.opts.log(`transcription: the disk is full; could not ${what}.`);
    }
  }

  /** New work: run it, or (no usable model) mark it as waiting so reviewers see why. */
  private queued(): void {
    const { state } = this.transcriber.state;
    if (state === 'none' || state === 'invalid') {
      noteModelWait(this.opts.db, true, this.opts.clock.now());
    }
    this.kick();
  }

  diagnostics(): TranscriptionDiagnostics {
    const { db } = this.opts;
    const model = this.transcriber.state;
    const queue = queueCounts(db);
    // Shown on staff screens: plain lines, no stack traces, no paths but a file's name.
    const problems = troubledJobs(db).map((job) => ({
      jobId: job.id,
      sessionId: job.sessionId,
      answerId: job.answerId,
      status: job.status,
      attempts: job.attempts,
      lastError: job.lastError === null ? null : plainReason(job.lastError),
      nextAttemptAt: job.nextAttemptAt,
    }));
    let summary = plainReason(describeModelState(model));
    if (model.state !== 'ready' && queue.queued > 0) {
      summary += ` ${queue.queued} job(s) are waiting for a model.`;
    }
    if (queue.failed > 0) summary += ` ${queue.failed} job(s) failed; see problems.`;
    return { model, summary, queue, current: this.current, problems };
  }

  /** Stops the queue after the job in hand and ends the transcription process. */
  async close(): Promise<void> {
    this.stopped = true;
    this.kick();
    // Ending the process fails the job in hand at once rather than waiting for it.
    await this.transcriber.process.close();
    await this.running;
  }

  private kick(): void {
    this.wake?.();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        const job = this.transcriber.state.state === 'ready' ? this.claim() : null;
        if (job) {
          await this.run(job);
          continue;
        }
        await this.sleep();
      } catch (error) {
        // Claiming, or recording a job's outcome, met a full disk: the queue must not die
        // (a rejected loop is an uncaught error); it waits and tries again. A job left
        // running is requeued at the next start.
        if (!isDiskFull(error)) throw error;
        this.opts.log('transcription: the disk is full; the queue waits for space.');
        await new Promise((resolve) => {
          this.timer = setTimeout(resolve, DISK_FULL_WAIT_MS);
          this.wake = () => {
            this.wake = null;
            if (this.timer) clearTimeout(this.timer);
            resolve(undefined);
          };
        });
      }
    }
  }

  private claim(): JobRow | null {
    return claimNextJob(this.opts.db, this.opts.clock.now());
  }

  /** Waits for a kick, or until the next queued job falls due. */
  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const due = this.transcriber.state.state === 'ready' ? nextDueAt(this.opts.db) : null;
      this.wake = () => {
        this.wake = null;
        if (this.timer) clearTimeout(this.timer);
        this.timer = null;
        resolve();
      };
      if (due !== null) {
        const delay = Math.max(0, due - this.opts.clock.now());
        // Capped, so a clock moved by tests (or NTP) is noticed within a minute.
        this.timer = setTimeout(() => this.wake?.(), Math.min(delay, 60_000) + 5);
      }
    });
  }

  private async run(job: JobRow): Promise<void> {
    const { db, clock, log } = this.opts;
    this.current = { jobId: job.id, sessionId: job.sessionId, answerId: job.answerId, progress: 0 };
    try {
      const sources = this.sourcesOf(job);
      if ('defer' in sources) {
        deferJob(db, job, clock.now(), FINALISE_POLL_MS, sources.defer);
        return;
      }
      if (sources.length === 0) {
        finishJob(db, job.id, clock.now(), 'Skipped: no recording to transcribe.');
        return;
      }
      const parts: TranscriptPart[] = [];
      const raws: RawTranscription[] = [];
      const skipped: string[] = [];
      for (const [index, source] of sources.entries()) {
        try {
          const raw = await this.transcribe(source.file, source.durationMs, (p) =>
            this.progress(job.id, (index + p) / sources.length),
          );
          raws.push(raw);
          parts.push({ mediaStartMs: source.startMs, words: tokensToWords(raw.tokens) });
        } catch (error) {
          if (error instanceof WhisperError && error.kind === 'no_audio')
            skipped.push(error.message);
          else throw error;
        }
      }
      if (raws.length === 0) {
        finishJob(db, job.id, clock.now(), `Skipped: ${skipped.join('; ')}.`);
        log(`transcription: job ${job.id} skipped (${skipped.join('; ')})`);
        return;
      }
      // A retake arrived meanwhile: this is the old take's text; the job runs again for the new.
      if (!isStillRunning(db, job.id)) {
        log(`transcription: job ${job.id} is run again for a retake`);
        return;
      }
      this.store(job, parts, raws);
      finishJob(db, job.id, clock.now());
    } catch (error) {
      const reason = (error as Error).message;
      const outcome = failJob(db, job, reason, clock.now(), this.retry);
      log(
        `transcription: job ${job.id} ${outcome === 'failed' ? 'failed' : 'will be retried'}: ${reason}`,
      );
    } finally {
      this.current = null;
    }
  }

  private lastProgressWrite = 0;
  private progress(jobId: number, progress: number): void {
    if (this.current) this.current.progress = progress;
    const now = this.opts.clock.now();
    if (now - this.lastProgressWrite < PROGRESS_WRITE_MS && progress < 1) return;
    this.lastProgressWrite = now;
    // From the whisper process's messages: on a full disk the stored progress just lags.
    try {
      setJobProgress(this.opts.db, jobId, progress, this.opts.clock.now());
    } catch (error) {
      if (!isDiskFull(error)) throw error;
    }
  }

  private transcribe(
    file: string,
    durationMs: number | null,
    onProgress: (p: number) => void,
  ): Promise<RawTranscription> {
    const { db } = this.opts;
    const state = this.transcriber.state;
    const configured = readSetting<string>(db, 'transcription.language');
    const language = state.state === 'ready' && state.englishOnly ? 'en' : (configured ?? 'auto');
    const threads =
      readSetting<number>(db, 'transcription.threads') ??
      // Half the cores: interviews go on (camera, signals, UI) while answers are transcribed.
      Math.max(1, Math.floor(os.cpus().length / 2));
    const fixed = this.opts.jobTimeoutMs ?? 120_000;
    // A sealed file reaches the whisper process as its plain view, open for this job only.
    return withPlainView(file, this.opts.filesKey ?? null, (input) =>
      this.transcriber.transcribe(
        {
          file: input,
          language,
          threads,
          resourcesDir: this.opts.resourcesDir,
          ...(this.opts.temperatureInc === undefined
            ? {}
            : { temperatureInc: this.opts.temperatureInc }),
        },
        // Generous: a slow kiosk with the small model runs at about real time.
        { timeoutMs: fixed + 4 * (durationMs ?? 30 * 60_000), onProgress },
      ),
    );
  }

  /** The media files a job covers, with their session-clock start. */
  private sourcesOf(
    job: JobRow,
  ): { file: string; startMs: number; durationMs: number | null }[] | { defer: string } {
    const { db, dataDir, clock } = this.opts;
    const toSource = (row: typeof media.$inferSelect) => ({
      file: path.join(dataDir, row.relativePath),
      startMs: row.startMs,
      durationMs: row.endMs === null ? null : row.endMs - row.startMs,
    });
    if (job.answerId !== null) {
      const row = db
        .select({ media })
        .from(answers)
        .innerJoin(media, eq(media.id, answers.mediaId))
        .where(eq(answers.id, job.answerId))
        .get();
      return row ? [toSource(row.media)] : [];
    }
    const recordings = db
      .select()
      .from(media)
      .where(eq(media.sessionId, job.sessionId))
      .orderBy(asc(media.startMs))
      .all()
      .filter((row) => row.kind === 'recording');
    // Capture finishes the recording just after the session ends; give it time to close.
    const open = recordings.some((row) => row.endMs === null);
    if (open && clock.now() - job.createdAt < FINALISE_WAIT_MS) {
      return { defer: 'Waiting for the session recording to be finalised.' };
    }
    return recordings.map(toSource);
  }

  private store(job: JobRow, parts: TranscriptPart[], raws: RawTranscription[]): void {
    const state = this.transcriber.state;
    const model = state.state === 'ready' ? state.model : 'unknown';
    const language = raws[0]?.language ?? null;
    const first = raws[0];
    const analytics =
      job.answerId !== null && first && parts[0]
        ? analyseSpeech({
            words: parts[0].words,
            speech: first.speech,
            durationMs: first.durationMs,
            fillerWords:
              readSetting<string[]>(this.opts.db, 'transcription.fillerWords') ??
              DEFAULT_FILLER_WORDS,
          })
        : undefined;
    saveTranscript(this.opts.db, {
      sessionId: job.sessionId,
      answerId: job.answerId,
      model,
      language,
      parts,
      analytics,
    });
    if (job.answerId !== null) this.opts.onAnswerTranscribed?.(job.answerId);
  }
}
