/**
 * Evidence: the exact span of the answer that earned a key point, quoted as written, with its
 * session-clock times when the answer was spoken, so the replay can seek to it.
 */
import type { Evidence, ScorableAnswer } from '../../shared/rubric';
import { tokenize, type Sentence, type Token } from './text-normaliser';

export interface TokenTime {
  startMs: number;
  endMs: number;
}

/** How far ahead in the text a transcript word is looked for before it is given up on. */
const ALIGN_WINDOW = 6;
/** How far a lost alignment looks to find its place again, by two words in a row. */
const RESYNC_WINDOW = 60;

function bare(word: string): string {
  return word.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * The time of each token of the text, from the transcript's timed words. The text is the
 * transcript, perhaps tidied (punctuation, casing) or lightly edited, so words are matched in
 * order, allowing small gaps; after a longer gap the next two spoken words, found together,
 * put the alignment back in place. A token no timed word matches has no time.
 */
export function alignWordTimes(
  tokens: Token[],
  words: ScorableAnswer['words'],
): (TokenTime | null)[] {
  const times: (TokenTime | null)[] = tokens.map(() => null);
  if (!words || words.length === 0) return times;
  // A timed word may hold several tokens ("post_id", "don't").
  const spoken = words.flatMap((word) =>
    tokenize(word.word).map((part) => ({
      bare: bare(part.text),
      time: { startMs: word.startMs, endMs: word.endMs },
    })),
  );
  const at = (i: number) => bare(tokens[i]?.text ?? '');
  let next = 0;
  spoken.forEach((word, k) => {
    for (let i = next; i < Math.min(tokens.length, next + ALIGN_WINDOW); i += 1) {
      if (at(i) === word.bare) {
        times[i] = word.time;
        next = i + 1;
        return;
      }
    }
    const following = spoken[k + 1]?.bare;
    if (following === undefined) return;
    for (
      let i = next + ALIGN_WINDOW;
      i < Math.min(tokens.length - 1, next + RESYNC_WINDOW);
      i += 1
    ) {
      if (at(i) === word.bare && at(i + 1) === following) {
        times[i] = word.time;
        next = i + 1;
        return;
      }
    }
  });
  return times;
}

const CLAUSE_BREAK = /[,;:()[\]—–]/u;

/**
 * The clause of the sentence that holds the matched tokens: from the clause break before the
 * first to the one after the last, so the quote says what was meant without the whole
 * sentence around it.
 */
export function clauseAround(
  text: string,
  sentence: Sentence,
  first: Token,
  last: Token,
): { start: number; end: number } {
  let start = first.start;
  while (start > sentence.start && !CLAUSE_BREAK.test(text[start - 1] ?? '')) start -= 1;
  let end = last.end;
  while (end < sentence.end && !CLAUSE_BREAK.test(text[end] ?? '')) end += 1;
  const quote = text.slice(start, end);
  const lead = quote.length - quote.trimStart().length;
  const trimmed = quote.trim().replace(/[.!?]+$/u, '');
  return { start: start + lead, end: start + lead + trimmed.length };
}

export function toEvidence(
  text: string,
  span: { start: number; end: number },
  tokens: Token[],
  times: (TokenTime | null)[],
): Evidence {
  let startMs: number | null = null;
  let endMs: number | null = null;
  tokens.forEach((token, i) => {
    const time = times[i];
    if (!time || token.end <= span.start || token.start >= span.end) return;
    startMs = startMs === null ? time.startMs : Math.min(startMs, time.startMs);
    endMs = endMs === null ? time.endMs : Math.max(endMs, time.endMs);
  });
  return { quote: text.slice(span.start, span.end), startMs, endMs };
}
