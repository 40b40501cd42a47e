/**
 * The words a candidate used most across their open answers, grouped by Porter stem (the
 * offline scorer's text tools), so "caching", "cached" and "cache" count as one keyword shown
 * by the form said most often. Each keyword says whether the job's rubrics or the job itself
 * use it: counts describe the answers, relevance says where a recruiter might look.
 */
import type { Rubric } from '../../shared/rubric';
import { phraseStems, tokenize } from '../evaluation/text-normaliser';

export const KEYWORD_RELEVANCE = ['rubric', 'job', 'other'] as const;
export type KeywordRelevance = (typeof KEYWORD_RELEVANCE)[number];

export interface SessionKeyword {
  /** The stem group's most common surface form, lowercased. */
  term: string;
  count: number;
  /** 'rubric': in a key point or synonym of the session's questions; 'job': in its title or description. */
  relevance: KeywordRelevance;
  /** Positions (0-based, as answers[].position) of the answers that use it. */
  answers: number[];
}

export const MAX_KEYWORDS = 15;

export interface KeywordSource {
  position: number;
  words: string;
}

/** Stems of every key point and synonym, and of the job's title and description. */
export function relevanceStems(
  rubrics: (Rubric | null)[],
  job: { title: string; description: string },
): { rubric: Set<string>; job: Set<string> } {
  const phrases = rubrics.flatMap((rubric) =>
    (rubric?.criteria ?? []).flatMap((c) => c.keyPoints.flatMap((k) => [k.point, ...k.synonyms])),
  );
  return {
    rubric: new Set(phrases.flatMap(phraseStems)),
    job: new Set(phraseStems(`${job.title}\n${job.description}`)),
  };
}

const RELEVANCE_ORDER: Record<KeywordRelevance, number> = { rubric: 0, job: 1, other: 2 };

/** The top keywords: most used first; on a tie, rubric words before job words before others. */
export function extractKeywords(
  sources: KeywordSource[],
  stems: { rubric: Set<string>; job: Set<string> },
  limit = MAX_KEYWORDS,
): SessionKeyword[] {
  const groups = new Map<string, { count: number; forms: Map<string, number>; at: Set<number> }>();
  for (const source of sources) {
    for (const token of tokenize(source.words)) {
      // Function words, lone letters and bare numbers say nothing about the topic.
      if (token.stop || token.text.length < 2 || /^\p{N}+$/u.test(token.text)) continue;
      const group = groups.get(token.stem) ?? { count: 0, forms: new Map(), at: new Set() };
      const form = token.text.toLowerCase();
      group.count += 1;
      group.forms.set(form, (group.forms.get(form) ?? 0) + 1);
      group.at.add(source.position);
      groups.set(token.stem, group);
    }
  }
  const keywords = [...groups].map(([stem, group]) => ({
    term: mostCommon(group.forms),
    count: group.count,
    relevance: (stems.rubric.has(stem)
      ? 'rubric'
      : stems.job.has(stem)
        ? 'job'
        : 'other') as KeywordRelevance,
    answers: [...group.at].sort((a, b) => a - b),
  }));
  return keywords
    .sort(
      (a, b) =>
        b.count - a.count ||
        RELEVANCE_ORDER[a.relevance] - RELEVANCE_ORDER[b.relevance] ||
        a.term.localeCompare(b.term),
    )
    .slice(0, limit);
}

/** The form used most; on a tie, the shorter, then the alphabetically first. */
function mostCommon(forms: Map<string, number>): string {
  return (
    [...forms].sort(
      ([a, n], [b, m]) => m - n || a.length - b.length || a.localeCompare(b),
    )[0]?.[0] ?? ''
  );
}
