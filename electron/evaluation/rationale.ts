/**
 * The offline scorer's rationale: a few plain sentences a recruiter can read, saying first
 * anything that held the score down (instructions to the scorer, a keyword list, repetition,
 * too few words, off-topic), then what the answer covered and what it missed. It quotes only
 * the rubric, never the answer.
 */
import type { CriterionScore, Evidence } from '../../shared/rubric';

export interface CriterionCoverage {
  name: string;
  weight: number;
  covered: string[];
  /** Key points earned, a half for a point said in part. */
  credit: number;
  missing: string[];
  evidence: Evidence[];
  level: number;
}

export interface AnswerFlags {
  empty: boolean;
  instructions: boolean;
  /** Some sentences only restated the question. */
  echo: boolean;
  keywordList: boolean;
  repetition: boolean;
  short: boolean;
  countedWords: number;
  offTopic: boolean;
}

const MAX_MISSING = 3;

export function writeRationale(
  coverage: CriterionCoverage[],
  criteria: CriterionScore[],
  flags: AnswerFlags,
): string {
  if (flags.empty) return 'The answer is empty: there is nothing to score.';
  const notes: string[] = [];
  if (flags.instructions)
    notes.push('The answer contained instructions to the scorer; those sentences earned nothing.');
  if (flags.keywordList)
    notes.push('It lists terms without sentences that explain them; lists earn nothing.');
  if (flags.echo) notes.push('It restates the question in places; that earns nothing.');
  if (flags.repetition) notes.push('It repeats itself; each point counted once, and less.');
  if (flags.offTopic) {
    notes.push('It does not address the question: none of its points are on the topic.');
    return notes.join(' ');
  }
  if (criteria.every((c) => c.score === 0)) {
    notes.push('Nothing else in it could be scored.');
    return notes.join(' ');
  }
  if (flags.short)
    notes.push(
      `It is very short (${flags.countedWords} ${flags.countedWords === 1 ? 'word' : 'words'} that count): too little to show the key points.`,
    );

  const covered = coverage.reduce((n, c) => n + c.covered.length, 0);
  const credit = coverage.reduce((n, c) => n + c.credit, 0);
  const total = coverage.reduce((n, c) => n + c.covered.length + c.missing.length, 0);
  const inPart = credit < covered ? ' (some only in part)' : '';
  notes.push(
    covered === 0
      ? `Covers none of the ${total} key points.`
      : `Covers ${covered} of ${total} key points${inPart}.`,
  );
  const best = [...criteria].sort((a, b) => b.score - a.score)[0];
  if (best && best.score >= 4) notes.push(`Strongest on ${best.name}.`);
  const missing = coverage.flatMap((c) => c.missing);
  if (missing.length > 0) {
    const shown = missing.slice(0, MAX_MISSING).join('; ');
    const more = missing.length > MAX_MISSING ? ` and ${missing.length - MAX_MISSING} more` : '';
    notes.push(`Missing: ${shown}${more}.`);
  }
  return notes.join(' ');
}
