import { describe, expect, it } from 'vitest';
import { analyseSpeech, countFillers } from './analytics';

const words = (...list: [string, number, number][]) =>
  list.map(([word, startMs, endMs]) => ({ word, startMs, endMs }));

describe('analyseSpeech', () => {
  it('takes speaking time and pauses from voice activity, and words per minute of speaking time', () => {
    const result = analyseSpeech({
      durationMs: 20_000,
      // 2 s, then 4 s of silence, then 4 s (overlapping spans merged), then 1.5 s of silence, then 1 s.
      speech: [
        { startMs: 1000, endMs: 3000 },
        { startMs: 7000, endMs: 9000 },
        { startMs: 8500, endMs: 11_000 },
        { startMs: 12_500, endMs: 13_500 },
      ],
      words: words(
        ['Um,', 1000, 1200],
        ['I', 1300, 1400],
        ['think', 1400, 1800],
        ['you', 7000, 7200],
        ['know,', 7200, 7500],
        ['it', 7600, 7700],
        ['is', 7700, 7800],
        ['like', 7800, 8000],
        ['fine.', 8000, 8400],
      ),
      fillerWords: ['um', 'uh', 'like', 'you know'],
    });
    expect(result).toEqual({
      durationMs: 20_000,
      speakingMs: 7_000,
      wordCount: 9,
      // 9 words in 7 s of speech.
      wordsPerMinute: 77.1,
      longestPauseMs: 4_000,
      fillerCount: 3,
      fillers: { um: 1, 'you know': 1, like: 1 },
      speechSource: 'vad',
    });
  });

  it('falls back to word spans when voice activity was unavailable', () => {
    const result = analyseSpeech({
      durationMs: 5_000,
      speech: null,
      words: words(['one', 0, 500], ['two', 500, 1000], ['three', 3000, 3500]),
    });
    expect(result).toMatchObject({
      speakingMs: 1_500,
      longestPauseMs: 2_000,
      wordsPerMinute: 120,
      speechSource: 'words',
    });
  });

  it('says nothing about pace when nothing was said, and clips speech to the audio', () => {
    const result = analyseSpeech({
      durationMs: 3_000,
      speech: [{ startMs: 2_500, endMs: 4_000 }],
      words: [],
    });
    expect(result).toMatchObject({
      speakingMs: 500,
      wordCount: 0,
      wordsPerMinute: null,
      longestPauseMs: 0,
      fillerCount: 0,
    });
  });
});

describe('countFillers', () => {
  it('matches case- and punctuation-insensitively, multi-word fillers as a run, never twice', () => {
    const counts = countFillers(
      words(
        ['You', 0, 1],
        ['know', 1, 2],
        ['UH...', 2, 3],
        ['you', 3, 4],
        ['see', 4, 5],
        ['er', 5, 6],
      ),
      ['uh', 'er', 'you know', 'you'],
    );
    expect(counts).toEqual({ 'you know': 1, uh: 1, you: 1, er: 1 });
  });
});
