import { describe, expect, it } from 'vitest';
import { shiftWords, tokensToWords, wordsToSegments } from './words';

const t = (text: string, startMs: number, endMs: number) => ({ text, startMs, endMs });

describe('tokensToWords', () => {
  it('joins word pieces and punctuation onto the word they continue, spanning all their tokens', () => {
    const words = tokensToWords([
      t(' And', 300, 500),
      t(' so', 500, 700),
      t(' my', 700, 900),
      t(' fell', 900, 1100),
      t('ow', 1100, 1300),
      t(' Americans', 1300, 2000),
      t(',', 2000, 2050),
    ]);
    expect(words).toEqual([
      { word: 'And', startMs: 300, endMs: 500 },
      { word: 'so', startMs: 500, endMs: 700 },
      { word: 'my', startMs: 700, endMs: 900 },
      { word: 'fellow', startMs: 900, endMs: 1300 },
      { word: 'Americans,', startMs: 1300, endMs: 2050 },
    ]);
  });

  it('drops empty tokens and non-speech annotations', () => {
    const words = tokensToWords([
      t(' [BLANK_AUDIO]', 0, 900),
      t('', 900, 900),
      t(' Hello', 1000, 1400),
    ]);
    expect(words).toEqual([{ word: 'Hello', startMs: 1000, endMs: 1400 }]);
  });
});

describe('wordsToSegments', () => {
  const w = (word: string, startMs: number, endMs: number) => ({ word, startMs, endMs });

  it('ends a segment at a sentence end and at a long pause', () => {
    const segments = wordsToSegments([
      w('Ask', 0, 200),
      w('not.', 200, 500),
      w('What', 600, 800),
      w('your', 800, 900),
      w('country', 2100, 2500),
    ]);
    expect(segments.map((s) => [s.text, s.startMs, s.endMs])).toEqual([
      ['Ask not.', 0, 500],
      ['What your', 600, 900],
      ['country', 2100, 2500],
    ]);
  });

  it('caps the length of a segment', () => {
    const many = Array.from({ length: 90 }, (_, i) => w(`w${i}`, i * 100, i * 100 + 90));
    expect(wordsToSegments(many, { maxWords: 40 }).map((s) => s.words.length)).toEqual([
      40, 40, 10,
    ]);
  });

  it('shifts words to the session clock', () => {
    expect(shiftWords([w('hi', 10, 20)], 5000)).toEqual([w('hi', 5010, 5020)]);
  });
});
