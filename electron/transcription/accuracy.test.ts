/**
 * Accuracy on real speech, only where a real model is provisioned (no weights are reachable
 * from the build machines): WHISPER_MODEL=/path/to/ggml-base.en.bin npx vitest run <this file>.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jfkWav } from '../signals/worker/test-audio';
import { buildWhisperWorker } from './test-build';
import { Transcriber } from './transcriber';
import { wordErrorRate } from './wer';
import { WhisperProcess } from './whisper-process';
import { tokensToWords } from './words';

const JFK =
  'And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.';
const model = process.env.WHISPER_MODEL;

describe('wordErrorRate', () => {
  it('counts substitutions, insertions and deletions over the reference length', () => {
    expect(wordErrorRate('ask not what your country', 'Ask not, what your country!')).toBe(0);
    expect(wordErrorRate('ask not what your country', 'ask what our country can')).toBeCloseTo(
      3 / 5,
    );
  });
});

describe.skipIf(!model)('accuracy with the model in WHISPER_MODEL', () => {
  let transcriber: Transcriber;

  beforeAll(async () => {
    transcriber = new Transcriber(new WhisperProcess(await buildWhisperWorker()));
    const state = await transcriber.load(path.resolve(model ?? ''));
    expect(state.state).toBe('ready');
  }, 300_000);
  afterAll(() => transcriber?.process.close());

  it('transcribes jfk.wav with a word error rate under 10%, words in time order inside the clip', async () => {
    const raw = await transcriber.transcribe(
      { file: jfkWav(), language: 'en', threads: 2, resourcesDir: path.resolve('resources') },
      { timeoutMs: 300_000 },
    );
    const words = tokensToWords(raw.tokens);
    const text = words.map((w) => w.word).join(' ');
    expect(wordErrorRate(JFK, text)).toBeLessThan(0.1);
    // "Americans" is said at about 3 s into the clip; word timings must be in that region.
    const americans = words.find((w) => /americans/i.test(w.word));
    expect(americans?.startMs).toBeGreaterThan(1_500);
    expect(americans?.startMs).toBeLessThan(4_500);
  }, 300_000);
});
