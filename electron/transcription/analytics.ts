/**
 * Speech analytics for one answer, from voice activity (when the candidate was speaking) and
 * the transcript (what they said). Descriptive numbers for a reviewer, never a verdict.
 */
import type { TranscriptWord } from '../../db/schema';

/** Filler words counted by default; a station sets its own list in `transcription.fillerWords`. */
export const DEFAULT_FILLER_WORDS = ['um', 'uh', 'er', 'ah', 'like', 'you know'];

export interface SpeechSpan {
  startMs: number;
  endMs: number;
}

export interface SpeechAnalytics {
  /** Length of the answer's audio. */
  durationMs: number;
  /** Time with speech: voice activity segments, or the spans of words when VAD was unavailable. */
  speakingMs: number;
  wordCount: number;
  /** Words per minute of speaking time; null when nothing was said. */
  wordsPerMinute: number | null;
  /** The longest silence between two stretches of speech (leading and trailing silence excluded). */
  longestPauseMs: number;
  fillerCount: number;
  /** Occurrences per filler, only those heard. */
  fillers: Record<string, number>;
  /** Where speaking time and pauses came from. */
  speechSource: 'vad' | 'words';
}

/** Merges overlapping or touching spans and clips them to [0, durationMs]. */
function normalise(spans: SpeechSpan[], durationMs: number): SpeechSpan[] {
  const sorted = spans
    .map((s) => ({ startMs: Math.max(0, s.startMs), endMs: Math.min(durationMs, s.endMs) }))
    .filter((s) => s.endMs > s.startMs)
    .sort((a, b) => a.startMs - b.startMs);
  const merged: SpeechSpan[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.startMs <= last.endMs) last.endMs = Math.max(last.endMs, span.endMs);
    else merged.push({ ...span });
  }
  return merged;
}

const normaliseWord = (word: string) =>
  word
    .toLowerCase()
    .replace(/[^\p{L}\p{N}']+/gu, '')
    .trim();

/** Counts fillers, multi-word ones ("you know") as runs of consecutive words. */
export function countFillers(
  words: TranscriptWord[],
  fillerList: string[],
): Record<string, number> {
  const plain = words.map((w) => normaliseWord(w.word));
  const counts: Record<string, number> = {};
  const fillers = fillerList
    .map((f) => f.toLowerCase().split(/\s+/).map(normaliseWord).filter(Boolean))
    .filter((parts) => parts.length > 0)
    // Longest first, so "you know" is not also counted as a "you".
    .sort((a, b) => b.length - a.length);
  for (let i = 0; i < plain.length;) {
    const match = fillers.find((parts) => parts.every((part, k) => plain[i + k] === part));
    if (match) {
      const key = match.join(' ');
      counts[key] = (counts[key] ?? 0) + 1;
      i += match.length;
    } else {
      i += 1;
    }
  }
  return counts;
}

export function analyseSpeech(input: {
  words: TranscriptWord[];
  /** Voice activity segments, or null when VAD was unavailable. */
  speech: SpeechSpan[] | null;
  durationMs: number;
  fillerWords?: string[];
}): SpeechAnalytics {
  const { words, durationMs } = input;
  const source = input.speech ? 'vad' : 'words';
  const spans = normalise(
    input.speech ?? words.map((w) => ({ startMs: w.startMs, endMs: w.endMs })),
    durationMs,
  );
  const speakingMs = spans.reduce((sum, s) => sum + (s.endMs - s.startMs), 0);
  let longestPauseMs = 0;
  for (let i = 1; i < spans.length; i++) {
    const gap = (spans[i]?.startMs ?? 0) - (spans[i - 1]?.endMs ?? 0);
    longestPauseMs = Math.max(longestPauseMs, gap);
  }
  const fillers = countFillers(words, input.fillerWords ?? DEFAULT_FILLER_WORDS);
  const round = (n: number) => Math.round(n);
  return {
    durationMs: round(durationMs),
    speakingMs: round(speakingMs),
    wordCount: words.length,
    wordsPerMinute:
      words.length > 0 && speakingMs > 0
        ? Math.round((words.length / (speakingMs / 60000)) * 10) / 10
        : null,
    longestPauseMs: round(longestPauseMs),
    fillerCount: Object.values(fillers).reduce((a, b) => a + b, 0),
    fillers,
    speechSource: source,
  };
}
