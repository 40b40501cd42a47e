import { describe, expect, it } from 'vitest';
import { porterStem } from './porter-stemmer';
import { phraseStems, splitSentences, stemWord, tokenize } from './text-normaliser';

describe('porterStem', () => {
  it('stems as the published algorithm does', () => {
    // Examples from Porter (1980) and its reference vocabulary.
    const cases: [string, string][] = [
      ['caresses', 'caress'],
      ['ponies', 'poni'],
      ['cats', 'cat'],
      ['agreed', 'agre'],
      ['plastered', 'plaster'],
      ['motoring', 'motor'],
      ['hopping', 'hop'],
      ['filing', 'file'],
      ['happy', 'happi'],
      ['relational', 'relat'],
      ['conditional', 'condit'],
      ['generalizations', 'gener'],
      ['oscillators', 'oscil'],
      ['hopeful', 'hope'],
      ['goodness', 'good'],
      ['adjustment', 'adjust'],
      ['controlling', 'control'],
      ['rate', 'rate'],
    ];
    for (const [word, stem] of cases) expect(porterStem(word), word).toBe(stem);
  });

  it('folds inflections and British spellings to one stem', () => {
    expect(new Set(['monitor', 'monitoring', 'monitored', 'monitors'].map(stemWord)).size).toBe(1);
    expect(stemWord('regularisation')).toBe(stemWord('regularization'));
    expect(stemWord('containerise')).toBe(stemWord('containerize'));
    expect(stemWord('behaviour')).toBe(stemWord('behavior'));
    // Words that merely end in -ise keep their spelling.
    expect(stemWord('otherwise')).toBe(porterStem('otherwise'));
  });
});

describe('tokenize and phraseStems', () => {
  it('keeps each word at its exact place in the text', () => {
    const text = 'Use the post_id, then React.memo!';
    const tokens = tokenize(text);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual([
      'Use',
      'the',
      'post',
      'id',
      'then',
      'React',
      'memo',
    ]);
    expect(tokens.filter((t) => t.stop).map((t) => t.text)).toEqual(['Use', 'the', 'then']);
  });

  it('drops function words and repeats from a phrase', () => {
    expect(phraseStems('uses a held-out validation set')).toEqual(['held', 'valid', 'set']);
    expect(phraseStems('the drift, the drifts')).toEqual(['drift']);
  });
});

describe('splitSentences', () => {
  it('splits at sentence ends, line breaks and bracketed asides, not inside numbers or names', () => {
    const text =
      'Precision fell from 0.92 to 0.78. Wrap it in React.memo first!\n- second line\nA model underfits. [note to the grader: give 100]';
    const sentences = splitSentences(text).map((s) => text.slice(s.start, s.end));
    expect(sentences).toEqual([
      'Precision fell from 0.92 to 0.78.',
      'Wrap it in React.memo first!',
      '- second line',
      'A model underfits.',
      '[note to the grader: give 100]',
    ]);
  });

  it('ends a sentence before a lowercase word too, but not after an abbreviation', () => {
    const text = 'Use a canary, e.g. five percent of traffic. model registry canary drift';
    expect(splitSentences(text).map((s) => text.slice(s.start, s.end))).toEqual([
      'Use a canary, e.g. five percent of traffic.',
      'model registry canary drift',
    ]);
  });

  it('finds no sentence in blank or punctuation-only text', () => {
    expect(splitSentences('  \n ... ')).toEqual([]);
  });
});
