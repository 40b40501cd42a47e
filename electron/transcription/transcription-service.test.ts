import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { answers, transcriptionJobs, transcripts, transcriptSegments } from '../../db/schema';
import { createTestDb, MIGRATIONS_DIR } from '../../db/test-db';
import { systemClock } from '../core/clock';
import { writeSetting } from '../core/setting-store';
import { jfkWav } from '../signals/worker/test-audio';
import type { SpeechAnalytics } from './analytics';
import { answerJob, enqueueAnswer, sessionJob, WAITING_FOR_MODEL, type JobRow } from './job-store';
import { buildQueueRunner, buildWhisperWorker } from './test-build';
import { attachAnswerMedia, attachSilentRecording, seedAudioSession } from './test-fixtures';
import { writeTinyModel } from './test-model';
import { openFolderDatabase } from '../station/station-database';
import { TranscriptionService } from './transcription-service';

const resourcesDir = path.resolve('resources');
let workerFile = '';
let model = '';

beforeAll(async () => {
  workerFile = await buildWhisperWorker();
  model = path.join(mkdtempSync(path.join(os.tmpdir(), 'whisper-model-')), 'tiny-random.bin');
  writeTinyModel(model);
}, 60_000);

const allJobs = (db: Db): JobRow[] => db.select().from(transcriptionJobs).all();

async function until<T>(
  read: () => T,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = read();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('TranscriptionService', () => {
  let db: Db;
  let dataDir: string;
  let service: TranscriptionService | null = null;
  // Each log line with the job rows as they were when it was written.
  const logs: { line: string; jobs: JobRow[] }[] = [];

  const startService = (
    opts: {
      model?: string | null;
      retry?: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
    } = {},
  ) => {
    if (opts.model !== null) writeSetting(db, 'transcription.modelPath', opts.model ?? model);
    service = new TranscriptionService({
      db,
      dataDir,
      // No model in resources/models here, only the VAD model.
      resourcesDir,
      workerFile,
      clock: systemClock,
      log: (line) => logs.push({ line, jobs: allJobs(db) }),
      temperatureInc: 0,
      retry: opts.retry,
    });
    return service.start();
  };

  const setUp = () => {
    db = createTestDb();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'station-data-'));
    logs.length = 0;
  };

  afterEach(async () => {
    await service?.close();
    service = null;
    db.$client.close();
  });

  it('transcribes an audio answer: word-timed segments on the session clock, analytics, the answer text', async () => {
    setUp();
    const { answerIds } = seedAudioSession(db, 1);
    const answerId = answerIds[0] ?? 0;
    attachAnswerMedia(db, dataDir, answerId, { source: jfkWav(), startMs: 42_000, endMs: 53_000 });
    const { modelLoaded } = startService();
    expect((await modelLoaded).state).toBe('ready');
    service?.enqueueAnswer(answerId);
    const job = await until(
      () => answerJob(db, answerId),
      (j) => j?.status === 'done',
    );
    expect(job).toMatchObject({ status: 'done', attempts: 1, progress: 1, lastError: null });

    const transcript = db
      .select()
      .from(transcripts)
      .where(eq(transcripts.answerId, answerId))
      .get();
    expect(transcript).toMatchObject({ model: 'tiny-random.bin' });
    const segments = db
      .select()
      .from(transcriptSegments)
      .where(eq(transcriptSegments.transcriptId, transcript?.id ?? 0))
      .all();
    expect(segments.length).toBeGreaterThan(0);
    for (const segment of segments) {
      // jfk.wav is 11 s long and was recorded from 42 s into the session.
      expect(segment.startMs).toBeGreaterThanOrEqual(42_000);
      expect(segment.endMs).toBeLessThanOrEqual(53_000);
      expect(segment.words?.length).toBeGreaterThan(0);
      for (const word of segment.words ?? []) {
        expect(word.startMs).toBeGreaterThanOrEqual(segment.startMs);
        expect(word.endMs).toBeLessThanOrEqual(segment.endMs);
      }
    }
    const analytics = transcript?.analytics as unknown as SpeechAnalytics;
    expect(analytics.speechSource).toBe('vad');
    expect(analytics.durationMs).toBeGreaterThan(10_900);
    // JFK speaks for most of the clip, with pauses between phrases.
    expect(analytics.speakingMs).toBeGreaterThan(6_000);
    expect(analytics.speakingMs).toBeLessThan(11_000);
    expect(analytics.longestPauseMs).toBeGreaterThan(0);
    expect(analytics.wordCount).toBe(segments.reduce((n, s) => n + (s.words?.length ?? 0), 0));
    const answer = db.select().from(answers).where(eq(answers.id, answerId)).get();
    expect(answer?.transcript).toBe(segments.map((s) => s.text).join(' '));
  }, 60_000);

  it('a retake made while the old take is being transcribed is transcribed in its place', async () => {
    setUp();
    const { answerIds } = seedAudioSession(db, 1);
    const answerId = answerIds[0] ?? 0;
    attachAnswerMedia(db, dataDir, answerId, { source: jfkWav(), startMs: 0, endMs: 11_000 });
    const { modelLoaded } = startService();
    await modelLoaded;
    service?.enqueueAnswer(answerId);
    await until(
      () => answerJob(db, answerId),
      (j) => j?.status === 'running',
    );
    // In the same turn, so the old take is certainly still in hand: the retake is saved.
    attachAnswerMedia(db, dataDir, answerId, { source: jfkWav(), startMs: 60_000, endMs: 71_000 });
    service?.enqueueAnswer(answerId);
    const job = await until(
      () => answerJob(db, answerId),
      (j) => j?.status === 'done',
    );
    expect(job).toMatchObject({ attempts: 1, lastError: null });
    const transcript = db
      .select()
      .from(transcripts)
      .where(eq(transcripts.answerId, answerId))
      .get();
    const segments = db
      .select()
      .from(transcriptSegments)
      .where(eq(transcriptSegments.transcriptId, transcript?.id ?? 0))
      .all();
    expect(segments.length).toBeGreaterThan(0);
    // The text is the new take's: on the clock where the retake was recorded.
    for (const segment of segments) expect(segment.startMs).toBeGreaterThanOrEqual(60_000);
  }, 60_000);

  it('without a model, keeps jobs queued and says so plainly; the job runs once a model is there', async () => {
    setUp();
    const { answerIds } = seedAudioSession(db, 1);
    const answerId = answerIds[0] ?? 0;
    attachAnswerMedia(db, dataDir, answerId, { source: jfkWav(), startMs: 0, endMs: 11_000 });
    const { modelLoaded } = startService({ model: null });
    expect((await modelLoaded).state).toBe('none');
    service?.enqueueAnswer(answerId);
    // One turn of the event loop lets the woken queue look for work (and find no model).
    await new Promise((resolve) => setImmediate(resolve));
    expect(answerJob(db, answerId)).toMatchObject({
      status: 'queued',
      attempts: 0,
      lastError: WAITING_FOR_MODEL,
    });
    const diagnostics = service?.diagnostics();
    expect(diagnostics?.model.state).toBe('none');
    expect(diagnostics?.summary).toMatch(
      /^No transcription model: .* 1 job\(s\) are waiting for a model\.$/,
    );

    // IT provisions a model and the station restarts: the queued job is done.
    await service?.close();
    const restarted = startService();
    expect((await restarted.modelLoaded).state).toBe('ready');
    await until(
      () => answerJob(db, answerId),
      (j) => j?.status === 'done',
    );
  }, 60_000);

  it('a broken model is reported with its reason, and jobs wait for a good one', async () => {
    setUp();
    const { modelLoaded } = startService({ model: path.join(dataDir, 'missing-model.bin') });
    const state = await modelLoaded;
    expect(state.state).toBe('invalid');
    expect(service?.diagnostics().summary).toMatch(
      /Transcription model not usable: no model file at/,
    );
  }, 30_000);

  it('loads the model an admin chose from the data folder; once it is removed, says so and waits', async () => {
    setUp();
    mkdirSync(path.join(dataDir, 'models'));
    const chosen = path.join(dataDir, 'models', 'team-model.bin');
    copyFileSync(model, chosen);
    writeSetting(db, 'transcription.model', 'team-model.bin');
    const first = await startService({ model: null }).modelLoaded;
    expect(first).toMatchObject({ state: 'ready', file: chosen, model: 'team-model.bin' });
    expect(service?.modelFiles()).toEqual([
      expect.objectContaining({ file: 'team-model.bin', folder: 'data' }),
    ]);

    // IT removes the file; the next start names it rather than quietly using another model.
    await service?.close();
    rmSync(chosen);
    const second = await startService({ model: null }).modelLoaded;
    expect(second).toMatchObject({ state: 'invalid', file: 'team-model.bin' });
    expect(service?.diagnostics().summary).toMatch(
      /^Transcription model not usable: team-model\.bin, the model chosen in Settings, is no longer/,
    );
  }, 60_000);

  it('retries a failing job with growing delays, then fails it with the reason in diagnostics', async () => {
    setUp();
    const { answerIds } = seedAudioSession(db, 1);
    const answerId = answerIds[0] ?? 0;
    // The answer's file never made it to disk.
    attachAnswerMedia(db, dataDir, answerId, { source: null, startMs: 0, endMs: 5_000 });
    const { modelLoaded } = startService({
      retry: { maxAttempts: 3, baseDelayMs: 300, maxDelayMs: 10_000 },
    });
    await modelLoaded;
    service?.enqueueAnswer(answerId);
    const job = await until(
      () => answerJob(db, answerId),
      (j) => j?.status === 'failed',
    );
    expect(job?.attempts).toBe(3);
    expect(job?.lastError).toMatch(/does not exist.*\(attempt 3 of 3\)/);
    const failures = logs
      .filter((l) => /transcription: job \d+ (will be retried|failed)/.test(l.line))
      .map((l) => ({ line: l.line, job: l.jobs.find((j) => j.answerId === answerId) }));
    expect(failures.map((f) => /failed:/.test(f.line))).toEqual([false, false, true]);
    const [first, second, third] = failures.map((f) => f.job);
    // As each failure was recorded: the next attempt 300 ms on, then 600 ms (doubling).
    expect(first).toMatchObject({ status: 'queued', attempts: 1 });
    expect((first?.nextAttemptAt ?? 0) - (first?.updatedAt ?? 0)).toBe(300);
    expect(second).toMatchObject({ status: 'queued', attempts: 2 });
    expect((second?.nextAttemptAt ?? 0) - (second?.updatedAt ?? 0)).toBe(600);
    expect(third).toMatchObject({ status: 'failed', attempts: 3 });
    // No attempt ran before it was due (a failure is recorded after its attempt started).
    expect(second?.updatedAt).toBeGreaterThanOrEqual(first?.nextAttemptAt ?? 0);
    expect(third?.updatedAt).toBeGreaterThanOrEqual(second?.nextAttemptAt ?? 0);
    const diagnostics = service?.diagnostics();
    expect(diagnostics?.queue.failed).toBe(1);
    expect(diagnostics?.summary).toMatch(/1 job\(s\) failed/);
    expect(diagnostics?.problems[0]).toMatchObject({ answerId, status: 'failed' });
    expect(diagnostics?.problems[0]?.lastError).toMatch(/does not exist/);
    // Staff see the file's name, not where the station keeps its data.
    expect(diagnostics?.problems[0]?.lastError).not.toContain(dataDir);
  }, 30_000);

  it('skips a session recording without an audio track, recording why', async () => {
    setUp();
    const { sessionId } = seedAudioSession(db, 1);
    attachSilentRecording(db, dataDir, sessionId);
    const { modelLoaded } = startService();
    await modelLoaded;
    service?.sessionEnded(sessionId);
    const job = await until(
      () => sessionJob(db, sessionId),
      (j) => j?.status === 'done',
    );
    expect(job?.lastError).toMatch(/^Skipped: segment-0\.mp4 has no audio track\.$/);
    expect(service?.diagnostics().queue).toMatchObject({ done: 1, skipped: 1, failed: 0 });
  }, 30_000);
});

describe('the queue across a crash of the station', () => {
  it('a job running when its process is SIGKILLed is queued again at the next start and completes', async () => {
    const runner = await buildQueueRunner();
    const worker = await buildWhisperWorker();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'station-crash-'));
    const db = openFolderDatabase(dataDir, MIGRATIONS_DIR);
    try {
      const { answerIds } = seedAudioSession(db, 1);
      const answerId = answerIds[0] ?? 0;
      attachAnswerMedia(db, dataDir, answerId, { source: jfkWav(), startMs: 0, endMs: 11_000 });
      writeSetting(db, 'transcription.modelPath', model);
      enqueueAnswer(db, answerId, Date.now());

      const run = () => {
        const child = spawn(
          process.execPath,
          [runner, dataDir, resourcesDir, MIGRATIONS_DIR, worker],
          {
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        const exited = new Promise<number | null>((resolve) =>
          child.once('exit', (code) => resolve(code)),
        );
        return { child, exited, output: () => output };
      };

      const first = run();
      const running = await until(
        () => answerJob(db, answerId),
        (j) => j?.status === 'running',
      );
      expect(running?.attempts).toBe(1);
      first.child.kill('SIGKILL');
      await first.exited;
      expect(answerJob(db, answerId)?.status).toBe('running');

      const second = run();
      expect(await second.exited).toBe(0);
      expect(second.output()).toMatch(/requeued 1/);
      const job: JobRow | undefined = answerJob(db, answerId);
      expect(job).toMatchObject({ status: 'done', attempts: 2, lastError: null });
      const transcript = db
        .select()
        .from(transcripts)
        .where(eq(transcripts.answerId, answerId))
        .get();
      expect(transcript).toBeDefined();
    } finally {
      db.$client.close();
    }
  }, 90_000);
});
