import { describe, expect, it } from 'vitest';
import { checkEvidence } from './gemini-evidence';

describe('Gemini evidence check', () => {
  it('keeps real passages (case, curly quotes and spacing aside) and drops invented ones', () => {
    const answer = { text: 'We didn’t tune on the  test set. Ever.' };
    const checked = checkEvidence(
      ["we didn't tune on the test set", 'we always tune carefully', 'x', 'Ever.'],
      answer,
    );
    expect(checked.evidence.map((e) => e.quote)).toEqual([
      "we didn't tune on the test set",
      'Ever.',
    ]);
    expect(checked.evidence.every((e) => e.startMs === null && e.endMs === null)).toBe(true);
    expect(checked.dropped).toBe(2);
  });

  it('gives a spoken quote the times of the words it spans, punctuation aside', () => {
    const words = ['So,', 'cross-validation', 'helps.', 'A', 'lot.'].map((word, i) => ({
      word,
      startMs: 1_000 * i,
      endMs: 1_000 * i + 500,
    }));
    const answer = { text: 'So, cross-validation helps. A lot.', words };
    expect(checkEvidence(['cross-validation helps. a lot'], answer).evidence).toEqual([
      { quote: 'cross-validation helps. a lot', startMs: 1_000, endMs: 4_500 },
    ]);
  });
});
