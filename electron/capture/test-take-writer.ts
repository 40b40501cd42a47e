/**
 * Test helper, run as its own process (built by take-recovery.test.ts): records one answer
 * take through the real AnswerRecorder into the station's data folder, a 440 Hz tone in
 * 100 ms microphone chunks paced in real time, says `wrote <samples>` once it has written
 * `seconds` of it, and then waits to be killed, as a station killed mid-answer is.
 * Arguments: the database file, the migrations folder, the data folder, the session id, the
 * take as JSON, the seconds to write, and (optional) the files key in hex to seal the take with.
 */
import { openDatabase } from '../../db/open';
import { systemClock } from '../core/clock';
import type { AnswerTake } from '../domain/session-events';
import { AnswerRecorder } from './answer-recorder';
import { SAMPLE_RATE } from './microphone';

const [
  dbFile = '',
  migrationsDir = '',
  dataDir = '',
  sessionId = '0',
  takeJson = '{}',
  seconds = '1',
  sealWithHex = '',
] = process.argv.slice(2);
const take = JSON.parse(takeJson) as AnswerTake;
const recorder = new AnswerRecorder({
  db: openDatabase({ file: dbFile, migrationsDir }),
  dataDir,
  sessionId: Number(sessionId),
  clock: systemClock,
  log: (line) => console.error(line),
  recording: () => null,
  sealWith: sealWithHex ? Buffer.from(sealWithHex, 'hex') : null,
});
recorder.start(take);

const CHUNK = SAMPLE_RATE / 10;
const chunks = Math.round(Number(seconds) * 10);
let written = 0;
const timer = setInterval(() => {
  const samples = new Int16Array(CHUNK);
  for (let i = 0; i < CHUNK; i++) {
    samples[i] = Math.round(
      8000 * Math.sin((2 * Math.PI * 440 * (written * CHUNK + i)) / SAMPLE_RATE),
    );
  }
  recorder.push({ tMs: take.startMs + written * 100, samples });
  written += 1;
  if (written === chunks) {
    clearInterval(timer);
    console.log(`wrote ${written * CHUNK}`);
    // Held open until the test kills it: the take never ends.
    setInterval(() => {}, 60_000);
  }
}, 100);
