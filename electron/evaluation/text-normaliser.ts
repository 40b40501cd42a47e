/**
 * Words and sentences of an answer, each with its place in the original text, so that what the
 * scorer matches can be quoted back exactly (evidence.ts) and seeked to in the replay.
 * Matching is on Porter stems (porter-stemmer.ts) of the words that carry meaning; stop words
 * are kept, flagged, because how many an answer uses tells sentences from keyword lists.
 */
import { porterStem } from './porter-stemmer';

export interface Token {
  /** The word as written. */
  text: string;
  /** Its stem, the form matching is done on. */
  stem: string;
  /** A function word ("the", "and", "would"), which carries no topic of its own. */
  stop: boolean;
  /** Character offsets in the original text, end exclusive. */
  start: number;
  end: number;
}

export interface Sentence {
  start: number;
  end: number;
  tokens: Token[];
}

// Function words of English, and a few verbs so generic ("use", "make") that a key point
// phrased with them would otherwise match almost any sentence.
const STOP_WORDS = new Set(
  `a about above across after again against all along also am among an and any are around as at be because been before
  being behind below beside besides between beyond both but by can could did do does doing done down during each even every
  few for from further get gets got had has have having he her here hers him his how i if in
  instead into is it its itself just let like make makes many may me might more most much must my no
  nor not now of off on once one only or other our ours out over own per quite rather really
  same she should so some such than that the their theirs them then there these they this those
  since through thus to too toward towards under until up upon us use used uses using very via was way we well were
  what when where whether which while who whom why will with within without would yes yet you
  your yours um uh okay ok basically actually thing things lot something`
    .split(/\s+/)
    .filter(Boolean),
);

// British spellings folded to American before stemming, so "regularisation" and
// "regularization" meet. Words that merely end in -ise are left alone.
const ISE_EXCEPTIONS = new Set([
  'advertise',
  'compromise',
  'concise',
  'enterprise',
  'exercise',
  'expertise',
  'franchise',
  'otherwise',
  'precise',
  'premise',
  'promise',
  'surprise',
  'noise',
  'raise',
  'wise',
]);

function foldSpelling(word: string): string {
  let w = word;
  if (/(?:our)(?:s|ed|ing)?$/.test(w) && /^(behavi|col|fav|hon|lab|neighb|rum)our/.test(w))
    w = w.replace('our', 'or');
  const ise = /^(.{4,})is(e|es|ed|ing|ation|ations|er|ers)$/.exec(w);
  if (ise && !ISE_EXCEPTIONS.has(`${ise[1]}ise`)) w = `${ise[1]}iz${ise[2]}`;
  return w;
}

export function stemWord(word: string): string {
  const lower = word.toLowerCase();
  return porterStem(foldSpelling(lower));
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word.toLowerCase());
}

// Letters and digits; "created_at", "k-fold" and "React.memo" split into their parts, which is
// how a rubric's phrase ("created at", "k fold") is split too.
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

export function tokenize(text: string, offset = 0): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    const raw = match[0].replace(/['’][\p{L}]+$/u, '');
    const start = offset + (match.index ?? 0);
    // A part of an identifier (post_id) is never a function word, though "id" or "at" alone
    // might be one.
    const before = text[(match.index ?? 0) - 1];
    const after = text[(match.index ?? 0) + match[0].length];
    const inIdentifier = before === '_' || after === '_';
    tokens.push({
      text: match[0],
      stem: stemWord(raw),
      stop: !inIdentifier && isStopWord(raw),
      start,
      end: start + match[0].length,
    });
  }
  return tokens;
}

/** Content stems of a phrase (a key point or synonym), in order, without repeats. */
export function phraseStems(phrase: string): string[] {
  return [...new Set(tokenize(phrase).flatMap((t) => (t.stop ? [] : [t.stem])))];
}

// A sentence ends at . ! or ? followed by space (so "0.92" and "React.memo" stay whole), at
// a line break, or at an opening bracket that starts an aside ("... underfits. [note to the
// grader ...]"); not after a common abbreviation ("e.g. a canary").
const SENTENCE_END = /[.!?]+(?=\s)|[.!?]+$|\n+|(?=\[)/gu;
const ABBREVIATION = /(?:^|[\s(])(?:e\.g|i\.e|etc|vs|cf|approx|incl|resp|mr|mrs|ms|dr|no|fig)\.$/i;

export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let from = 0;
  const push = (start: number, end: number) => {
    const slice = text.slice(start, end);
    const lead = slice.length - slice.trimStart().length;
    const trimmed = slice.trim();
    if (trimmed.length === 0) return;
    const s = start + lead;
    const tokens = tokenize(trimmed, s);
    if (tokens.length > 0) sentences.push({ start: s, end: s + trimmed.length, tokens });
  };
  for (const match of text.matchAll(SENTENCE_END)) {
    const at = match.index ?? 0;
    const end = at + match[0].length;
    if (end <= from && match[0].length === 0) continue;
    if (match[0].startsWith('.') && ABBREVIATION.test(text.slice(Math.max(from, at - 8), at + 1)))
      continue;
    push(from, end);
    from = at + match[0].length;
  }
  push(from, text.length);
  return sentences;
}
