/**
 * The evidence a model quotes is checked against the answer itself: a quote that is not a
 * real passage of the answer (a model that invented it, or was told to by text hidden in the
 * answer) is dropped. Kept quotes are given in the answer's own wording, and for a spoken
 * answer the session-clock times of the words they span, so the replay can seek to them.
 */
import type { Evidence, ScorableAnswer } from '../../shared/rubric';

/** Lower case, curly quotes made straight, runs of spaces made one: what "the same" means. */
function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Words without their punctuation, for matching a quote to timed transcript words. */
function wordsOf(text: string): string[] {
  return normalize(text)
    .split(' ')
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((w) => w.length > 0);
}

/** The times of the first run of timed words that spells the quote, or nulls. */
function timesOf(quote: string, answer: ScorableAnswer): Pick<Evidence, 'startMs' | 'endMs'> {
  const words = answer.words ?? [];
  const wanted = wordsOf(quote);
  const spoken = words.map((w) => wordsOf(w.word).join(' '));
  if (wanted.length === 0) return { startMs: null, endMs: null };
  for (let i = 0; i + wanted.length <= spoken.length; i++) {
    if (wanted.every((w, j) => spoken[i + j] === w)) {
      const first = words[i];
      const last = words[i + wanted.length - 1];
      if (first && last) return { startMs: first.startMs, endMs: last.endMs };
    }
  }
  return { startMs: null, endMs: null };
}

export interface CheckedEvidence {
  evidence: Evidence[];
  /** Quotes that were not passages of the answer. */
  dropped: number;
}

/** Keeps the quotes that are passages of the answer (at least two characters), once each. */
export function checkEvidence(quotes: string[], answer: ScorableAnswer): CheckedEvidence {
  const haystack = normalize(answer.text);
  const seen = new Set<string>();
  const evidence: Evidence[] = [];
  let dropped = 0;
  for (const quote of quotes) {
    const needle = normalize(quote);
    if (needle.length < 2 || !haystack.includes(needle)) {
      dropped += 1;
      continue;
    }
    if (seen.has(needle)) continue;
    seen.add(needle);
    evidence.push({ quote: quote.trim(), ...timesOf(quote, answer) });
  }
  return { evidence, dropped };
}
