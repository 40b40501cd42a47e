/**
 * From whisper's per-token output to words and readable segments. With `maxLen: 1` and token
 * timestamps whisper.cpp gives one segment per token; a token that starts with a space starts
 * a new word, any other (a word piece, punctuation) continues the word before it.
 */
import type { TranscriptWord } from '../../db/schema';
import type { TimedToken } from './whisper-messages';

export interface WordSegment {
  startMs: number;
  endMs: number;
  text: string;
  words: TranscriptWord[];
}

// Annotations whisper writes for non-speech, not words the candidate said.
const ANNOTATION = /^\s*[[(][^\])]*[\])]\s*$/;

/** Groups tokens into words with the span from their first token's start to their last's end. */
export function tokensToWords(tokens: TimedToken[]): TranscriptWord[] {
  const words: TranscriptWord[] = [];
  for (const token of tokens) {
    if (!token.text.trim() || ANNOTATION.test(token.text)) continue;
    const last = words[words.length - 1];
    if (last && !/^\s/.test(token.text)) {
      last.word += token.text;
      last.endMs = Math.max(last.endMs, token.endMs);
    } else {
      words.push({ word: token.text.trim(), startMs: token.startMs, endMs: token.endMs });
    }
  }
  return words.map((w) => ({ ...w, startMs: Math.round(w.startMs), endMs: Math.round(w.endMs) }));
}

export interface SegmentOptions {
  /** A silence at least this long between words starts a new segment. */
  pauseMs?: number;
  /** No segment grows beyond this many words, so replay can follow along. */
  maxWords?: number;
}

/** Splits words into segments at sentence ends, long pauses, or a length limit. */
export function wordsToSegments(
  words: TranscriptWord[],
  { pauseMs = 1000, maxWords = 40 }: SegmentOptions = {},
): WordSegment[] {
  const segments: WordSegment[] = [];
  let current: TranscriptWord[] = [];
  const close = () => {
    const first = current[0];
    const last = current[current.length - 1];
    if (first && last) {
      segments.push({
        startMs: first.startMs,
        endMs: last.endMs,
        text: current.map((w) => w.word).join(' '),
        words: current,
      });
    }
    current = [];
  };
  for (const word of words) {
    const previous = current[current.length - 1];
    if (previous && word.startMs - previous.endMs >= pauseMs) close();
    current.push(word);
    if (/[.?!]["')\]]?$/.test(word.word) || current.length >= maxWords) close();
  }
  close();
  return segments;
}

/** Moves words from file time to the session clock. */
export function shiftWords(words: TranscriptWord[], offsetMs: number): TranscriptWord[] {
  return words.map((w) => ({
    word: w.word,
    startMs: w.startMs + offsetMs,
    endMs: w.endMs + offsetMs,
  }));
}
