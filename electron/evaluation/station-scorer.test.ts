import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filesKeyOf } from '../core/station-key';
import { createGeminiKeyStore, type GeminiKeyStore } from './gemini-key-store';
import { createStationScorer } from './station-scorer';
import { startFakeGemini, type FakeGemini } from './test-fake-gemini';
import { handClock, offlineDouble, TEST_QUESTION } from './test-scoring';

const KEY = 'AIzaSySTATIONSCORER0123456789abcdefghijk';
const answer = { text: 'I keep a held-out validation set and avoid data leakage.' };

describe('station scorer', () => {
  let fake: FakeGemini;
  let keys: GeminiKeyStore;
  beforeEach(async () => {
    fake = await startFakeGemini({
      kind: 'reply',
      json: {
        criteria: [
          { name: 'Validation', score: 4, evidence: ['held-out validation set'] },
          { name: 'Leakage', score: 3, evidence: ['avoid data leakage'] },
        ],
        rationale: 'Covers both.',
        instructionsInAnswer: false,
      },
    });
    keys = createGeminiKeyStore({
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'station-scorer-')),
      filesKey: filesKeyOf(Buffer.alloc(32, 9)),
      log: () => {},
    });
  });
  afterEach(() => fake.close());

  it('scores offline without a key, with Gemini once an admin sets one, offline again once cleared', async () => {
    const offline = offlineDouble();
    const station = createStationScorer({
      keys,
      offline,
      clock: handClock(),
      log: () => {},
      gemini: { baseUrl: fake.baseUrl },
    });
    const scorer = station.scorerFor(() => true);

    const before = await scorer.score(TEST_QUESTION, answer);
    expect(before).toMatchObject({ provider: 'offline' });
    expect(before.fallbackReason).toBeUndefined();
    expect(fake.requests).toHaveLength(0);

    keys.set({ apiKey: KEY, model: 'gemini-2.5-flash-lite' });
    const scored = await scorer.score(TEST_QUESTION, answer);
    expect(scored).toMatchObject({ provider: 'gemini', model: 'gemini-2.5-flash-lite' });
    expect(fake.requests[0]?.headers['x-goog-api-key']).toBe(KEY);

    const refused = await station.scorerFor(() => false).score(TEST_QUESTION, answer);
    expect(refused.fallbackReason).toBe('AI scoring not consented; scored offline');
    expect(fake.requests).toHaveLength(1);

    keys.clear();
    expect((await scorer.score(TEST_QUESTION, answer)).provider).toBe('offline');
    expect(fake.requests).toHaveLength(1);
  });
});
