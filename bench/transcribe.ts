/**
 * npm run bench:transcribe — prints (never asserts) how fast the model at hand transcribes real
 * speech in the transcription process, at each thread count: real-time factor (whisper time /
 * audio length; below 1 is faster than real time), the whole job (decoding and VAD included),
 * and the process's peak memory.
 *
 * The model: WHISPER_MODEL, else the station's own (`transcription.modelPath`, else the admin's
 * `transcription.model`, in the station database under STATION_DATA_DIR or the default data
 * folder), else the first published model in resources/models/, then the data folder's models/.
 * With none, a tiny random-weight model is used, and the figures then measure the plumbing, not
 * Whisper. BENCH_SMOKE=1: jfk.wav once, one thread.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { jfkWav } from '../electron/signals/worker/test-audio';
import { DATABASE_FILE, unlockFolderDatabase } from '../electron/station/station-database';
import { defaultDataDir } from '../electron/station/runtime-paths';
import { writeTinyModel } from '../electron/transcription/test-model';
import {
  describeModelState,
  findModelFile,
  Transcriber,
} from '../electron/transcription/transcriber';
import { WhisperProcess } from '../electron/transcription/whisper-process';
import { announceSmoke, smokeOr } from './smoke';

const resourcesDir = path.resolve('resources');
const workerFile = path.resolve('out', 'station', 'whisper-worker.mjs');

/** One of the station's settings, read without migrating anyone's database. */
function storedSetting(key: string): unknown {
  const dataDir = defaultDataDir();
  const file = path.join(dataDir, DATABASE_FILE);
  if (!existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    unlockFolderDatabase(db, dataDir);
    const row = db.prepare('select value from settings where key = ?').get(key) as
      { value: string } | undefined;
    return row ? (JSON.parse(row.value) as unknown) : undefined;
  } catch {
    return undefined;
  } finally {
    db.close();
  }
}

announceSmoke();
const modelPath = storedSetting('transcription.modelPath');
let model =
  process.env.WHISPER_MODEL ??
  findModelFile({
    modelPath: typeof modelPath === 'string' ? modelPath : undefined,
    chosen: storedSetting('transcription.model'),
    resourcesDir,
    dataDir: defaultDataDir(),
  }).file;
let random = false;
if (!model) {
  model = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-whisper-')), 'tiny-random.bin');
  writeTinyModel(model);
  random = true;
  console.log(
    'No Whisper model found (WHISPER_MODEL, the station settings, the models/ folders): using a',
    'tiny random-weight model. These figures measure the process and audio plumbing only.',
  );
}

// 33 s of real speech: jfk.wav three times over (once in a smoke run).
const repeats = smokeOr(1, 3);
const audio = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-audio-')), `jfk-x${repeats}.wav`);
execFileSync('ffmpeg', [
  ...['-v', 'error', '-stream_loop', String(repeats - 1), '-i', jfkWav()],
  ...['-c', 'copy', audio],
]);

const cores = os.cpus().length;
const threadCounts = [...new Set(smokeOr([1], [1, 2, Math.max(1, Math.floor(cores / 2)), cores]))]
  .filter((n) => n <= cores)
  .sort((a, b) => a - b);
console.log(`CPU: ${os.cpus()[0]?.model ?? 'unknown'} (${cores} cores)`);

const rows: Record<string, string | number>[] = [];
for (const threads of threadCounts) {
  // A fresh process per thread count, so its peak memory is this configuration's own.
  const transcriber = new Transcriber(new WhisperProcess(workerFile));
  try {
    const loadStart = performance.now();
    const state = await transcriber.load(model);
    const loadMs = performance.now() - loadStart;
    if (state.state !== 'ready') {
      console.log(describeModelState(state));
      process.exit(1);
    }
    if (threads === threadCounts[0]) console.log(describeModelState(state));
    const jobStart = performance.now();
    const raw = await transcriber.transcribe(
      {
        file: audio,
        language: 'en',
        threads,
        resourcesDir,
        ...(random ? { temperatureInc: 0 } : {}),
      },
      { timeoutMs: 30 * 60_000 },
    );
    const jobMs = performance.now() - jobStart;
    const usage = await transcriber.usage();
    rows.push({
      threads,
      'audio s': (raw.durationMs / 1000).toFixed(1),
      'load+check ms': Math.round(loadMs),
      'whisper ms': Math.round(raw.whisperMs),
      'real-time factor': (raw.whisperMs / raw.durationMs).toFixed(3),
      'job ms (decode+VAD+whisper)': Math.round(jobMs),
      'peak RSS MB': Math.round(usage.maxRss / 1e6),
      tokens: raw.tokens.length,
    });
  } finally {
    await transcriber.process.close();
  }
}
console.table(rows);
