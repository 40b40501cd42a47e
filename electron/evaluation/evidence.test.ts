import { describe, expect, it } from 'vitest';
import { alignWordTimes, clauseAround, toEvidence } from './evidence';
import { splitSentences } from './text-normaliser';

describe('evidence', () => {
  // A tidied transcript: capitals and punctuation the timed words do not have.
  const text = 'First, we revoke the keys. Then, we read CloudTrail for the key’s use.';
  const words = text
    .replace(/[.,]/g, '')
    .toLowerCase()
    .split(' ')
    .map((word, i) => ({ word, startMs: 10_000 + i * 400, endMs: 10_000 + i * 400 + 300 }));

  it('gives each token the time of the spoken word it was', () => {
    const tokens = splitSentences(text).flatMap((s) => s.tokens);
    const times = alignWordTimes(tokens, words);
    expect(tokens.map((t, i) => [t.text, times[i]?.startMs])).toEqual([
      ['First', 10_000],
      ['we', 10_400],
      ['revoke', 10_800],
      ['the', 11_200],
      ['keys', 11_600],
      ['Then', 12_000],
      ['we', 12_400],
      ['read', 12_800],
      ['CloudTrail', 13_200],
      ['for', 13_600],
      ['the', 14_000],
      ['key’s', 14_400],
      ['use', 14_800],
    ]);
  });

  it('skips words the text does not hold and keeps aligning after them', () => {
    const tokens = splitSentences('we revoke keys').flatMap((s) => s.tokens);
    const spoken = ['um', 'we', 'revoke', 'uh', 'keys'].map((word, i) => ({
      word,
      startMs: i * 100,
      endMs: i * 100 + 50,
    }));
    expect(alignWordTimes(tokens, spoken).map((t) => t?.startMs)).toEqual([100, 200, 400]);
    expect(alignWordTimes(tokens, undefined)).toEqual([null, null, null]);
  });

  it('finds its place again after a stretch of text that was never spoken', () => {
    const edited =
      'we revoke keys. Added later by hand, not in the recording at all. then we rotate';
    const tokens = splitSentences(edited).flatMap((s) => s.tokens);
    const spoken = ['we', 'revoke', 'keys', 'then', 'we', 'rotate'].map((word, i) => ({
      word,
      startMs: i * 100,
      endMs: i * 100 + 50,
    }));
    const times = alignWordTimes(tokens, spoken);
    expect(tokens.map((t, i) => [t.text, times[i]?.startMs ?? null]).slice(-3)).toEqual([
      ['then', 300],
      ['we', 400],
      ['rotate', 500],
    ]);
    expect(times.slice(3, -3).every((t) => t === null)).toBe(true);
  });

  it('quotes the clause that holds the match exactly, with its times', () => {
    const sentences = splitSentences(text);
    const second = sentences[1];
    if (!second) throw new Error('two sentences expected');
    const tokens = sentences.flatMap((s) => s.tokens);
    const times = alignWordTimes(tokens, words);
    const read = second.tokens.find((t) => t.text === 'read');
    const use = second.tokens.find((t) => t.text === 'use');
    if (!read || !use) throw new Error('tokens expected');
    const span = clauseAround(text, second, read, use);
    const evidence = toEvidence(text, span, tokens, times);
    expect(evidence).toEqual({
      quote: 'we read CloudTrail for the key’s use',
      startMs: 12_400,
      endMs: 15_100,
    });
    expect(text.includes(evidence.quote)).toBe(true);
    // A written answer has no times.
    expect(toEvidence(text, span, tokens, alignWordTimes(tokens, undefined))).toEqual({
      quote: 'we read CloudTrail for the key’s use',
      startMs: null,
      endMs: null,
    });
  });
});
