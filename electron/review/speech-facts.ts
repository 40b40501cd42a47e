/**
 * A session's speech figures, pooled over its spoken answers and said as plain facts ("Spoke
 * at 142 words per minute (median of 3 answers).") with no word that rates them: how fast or
 * fluently someone speaks says nothing about the job, and rating it would penalise accents,
 * stammers and speaking in a second language. The figures are those transcription already
 * computed per answer (electron/transcription/analytics.ts); nothing here reads the voice.
 */
import type { SpeechFigures } from '../transcription/answer-transcription';

export interface CommunicationFacts {
  /** Spoken answers with speech figures, which every number below is over. */
  spokenAnswers: number;
  /** The median of the answers' words per minute of speaking time. */
  wordsPerMinute: number | null;
  speakingMs: number;
  wordCount: number;
  /** The longest silence between two stretches of speech inside any one answer. */
  longestPauseMs: number | null;
  fillerCount: number;
  /** Filler words per 100 words spoken. */
  fillersPer100Words: number | null;
  /** Each filler heard, with how often, most heard first. */
  fillers: { word: string; count: number }[];
  /** The figures as sentences, for the panel and the report. */
  sentences: string[];
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const oneDecimal = (n: number) => Math.round(n * 10) / 10;
const answersWord = (n: number) => `${n} answer${n === 1 ? '' : 's'}`;

/** 4 min 10 s, or 42 s under a minute. */
export function spokenLength(ms: number): string {
  const total = Math.round(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return m > 0 ? `${m} min ${s} s` : `${s} s`;
}

/** Pools the figures of the spoken answers that have them (answers where nothing was said are left out). */
export function communicationFacts(figures: SpeechFigures[]): CommunicationFacts {
  const spoken = figures.filter((f) => f.wordCount > 0);
  const rates = spoken.flatMap((f) => (f.wordsPerMinute === null ? [] : [f.wordsPerMinute]));
  const wordCount = spoken.reduce((n, f) => n + f.wordCount, 0);
  const speakingMs = spoken.reduce((n, f) => n + f.speakingMs, 0);
  const fillerCount = spoken.reduce((n, f) => n + f.fillerCount, 0);
  const fillerTotals = new Map<string, number>();
  for (const f of spoken) {
    for (const [word, count] of Object.entries(f.fillers)) {
      fillerTotals.set(word, (fillerTotals.get(word) ?? 0) + count);
    }
  }
  const fillers = [...fillerTotals]
    .map(([word, count]) => ({ word, count }))
    .sort((a, b) => b.count - a.count || a.word.localeCompare(b.word));
  const rate = median(rates);
  const facts: CommunicationFacts = {
    spokenAnswers: spoken.length,
    wordsPerMinute: rate === null ? null : oneDecimal(rate),
    speakingMs,
    wordCount,
    longestPauseMs: spoken.length === 0 ? null : Math.max(...spoken.map((f) => f.longestPauseMs)),
    fillerCount,
    fillersPer100Words: wordCount === 0 ? null : oneDecimal((fillerCount / wordCount) * 100),
    fillers,
    sentences: [],
  };
  facts.sentences = sentencesOf(facts, rates.length);
  return facts;
}

function sentencesOf(facts: CommunicationFacts, rated: number): string[] {
  if (facts.spokenAnswers === 0) return ['No spoken answer has speech figures yet.'];
  const lines = [
    `Spoke for ${spokenLength(facts.speakingMs)} in ${answersWord(facts.spokenAnswers)}, ${facts.wordCount} words in all.`,
  ];
  if (facts.wordsPerMinute !== null) {
    lines.push(
      `Spoke at ${Math.round(facts.wordsPerMinute)} words per minute (${
        rated === 1 ? '1 answer' : `median of ${rated} answers`
      }).`,
    );
  }
  if (facts.longestPauseMs !== null) {
    lines.push(
      `Longest pause within an answer: ${oneDecimal(facts.longestPauseMs / 1000)} seconds.`,
    );
  }
  const heard = facts.fillers.map((f) => `“${f.word}” ${f.count}`).join(', ');
  lines.push(
    facts.fillerCount === 0
      ? 'No filler words from the station’s list were heard.'
      : `${facts.fillerCount} filler word${facts.fillerCount === 1 ? '' : 's'} in ${facts.wordCount} words (${facts.fillersPer100Words} per 100 words): ${heard}.`,
  );
  return lines;
}
