/**
 * The offline scorer: no network, no model download. Scores an answer against its question's
 * rubric from the text alone (a transcript, for a spoken answer).
 *
 * Lexical, not embeddings: no package in the station's dependencies ships a sentence-embedding
 * model (human and face-api are vision models; onnxruntime-node runs models but bundles none),
 * so paraphrase comes from Porter stems and the rubric's own synonyms.
 *
 * Per criterion, a key point counts when its words or one of its synonyms (stemmed, most of
 * their content words) appear inside one real sentence; the share of key points covered maps
 * to the 1-5 anchors, and overallScore weighs the criteria. Sentences that address the
 * scorer, keyword lists, sentences that only restate the question and repeats earn nothing
 * (gaming-checks.ts); a very short answer loses a level and is held to 2 at most, an
 * off-topic one scores 0, and the rationale says why.
 */
import { performance } from 'node:perf_hooks';
import {
  overallScore,
  type AnswerEvaluation,
  type CriterionScore,
  type Evidence,
  type KeyPoint,
  type ScorableAnswer,
  type ScorableQuestion,
} from '../../shared/rubric';
import type { AnswerScorer } from './answer-scorer';
import { alignWordTimes, clauseAround, toEvidence, type TokenTime } from './evidence';
import {
  addressesScorer,
  echoesPrompt,
  isKeywordList,
  markRepeats,
  promptStemsOf,
  repeatedTrigramShare,
} from './gaming-checks';
import { phraseStems, splitSentences, type Sentence, type Token } from './text-normaliser';
import { writeRationale, type AnswerFlags, type CriterionCoverage } from './rationale';

export const OFFLINE_MODEL = 'offline-lexical';
/** Bump when matching, the level mapping or the gaming checks change. */
export const OFFLINE_PROMPT_VERSION = 'offline-lexical-1';

/** Below this many words (in sentences that count) an answer cannot show a criterion. */
export const MIN_WORDS = 15;
/** The share of key points that earns the top anchor: a strong answer need not say all. */
const FULL_COVERAGE = 0.8;
/** Above this share of repeated word trigrams, the answer is mostly saying it again. */
const HEAVY_REPETITION = 0.4;
/** Below this share of its content words in the question's vocabulary, an answer is off-topic. */
const ON_TOPIC_SHARE = 0.2;
const MAX_EVIDENCE_PER_CRITERION = 5;

/** How many of a phrase's content stems a sentence must hold: all of a short phrase, most of a long one. */
function needed(stemCount: number): number {
  if (stemCount <= 2) return stemCount;
  if (stemCount === 3) return 2;
  return Math.ceil(stemCount * 0.6);
}

interface PointMatch {
  sentence: Sentence;
  tokens: Token[];
  credit: number;
}

/**
 * How many content words apart a phrase's words may be and still say it: a point is made in
 * a few words, and a run-on transcript without full stops must not join words from far apart.
 */
const MAX_RUN = 8;

/**
 * The shortest run of the sentence's content tokens that holds `want` of the phrase's stems,
 * so the quote is where the point was made, not an earlier word that happens to share a stem.
 */
function tightestRun(tokens: Token[], stems: string[], want: number): Token[] | null {
  let best: Token[] | null = null;
  const longest = Math.max(MAX_RUN, 2 * want);
  for (let i = 0; i < tokens.length; i += 1) {
    if (!stems.includes(tokens[i]?.stem ?? '')) continue;
    const found = new Set<string>();
    for (let j = i; j < Math.min(tokens.length, i + longest); j += 1) {
      const stem = tokens[j]?.stem ?? '';
      if (stems.includes(stem)) found.add(stem);
      if (found.size >= want) {
        if (!best || j - i + 1 < best.length) best = tokens.slice(i, j + 1);
        break;
      }
    }
  }
  return best;
}

/** A longer phrase half said (two of its four words, say) earns half the key point. */
const PARTIAL_CREDIT = 0.5;
const PARTIAL_MIN_STEMS = 2;

/**
 * Where the answer expresses the key point: the first counted sentence that says one of its
 * phrases in full (credit 1), else the first that says a long phrase in part (credit 0.5).
 */
function matchKeyPoint(point: KeyPoint, sentences: Sentence[]): PointMatch | null {
  const phrases = [point.point, ...point.synonyms].map(phraseStems).filter((s) => s.length > 0);
  let partial: PointMatch | null = null;
  for (const sentence of sentences) {
    const content = sentence.tokens.filter((t) => !t.stop);
    for (const stems of phrases) {
      const tokens = tightestRun(content, stems, needed(stems.length));
      if (tokens) return { sentence, tokens, credit: 1 };
      if (partial || stems.length < 3) continue;
      const some = tightestRun(content, stems, PARTIAL_MIN_STEMS);
      if (some) partial = { sentence, tokens: some, credit: PARTIAL_CREDIT };
    }
  }
  return partial;
}

function levelFor(covered: number, total: number): number {
  if (covered === 0 || total === 0) return 1;
  return Math.min(5, 1 + Math.round(4 * Math.min(1, covered / total / FULL_COVERAGE)));
}

function topicStems(question: ScorableQuestion): Set<string> {
  const phrases = [
    question.prompt,
    question.rubric.modelAnswer,
    ...question.rubric.criteria.flatMap((c) =>
      c.keyPoints.flatMap((k) => [k.point, ...k.synonyms]),
    ),
  ];
  return new Set(phrases.flatMap(phraseStems));
}

export function scoreAnswerOffline(
  question: ScorableQuestion,
  answer: ScorableAnswer,
): AnswerEvaluation {
  const began = performance.now();
  const text = answer.text;
  const sentences = splitSentences(text);
  const allTokens = sentences.flatMap((s) => s.tokens);
  const times: (TokenTime | null)[] = alignWordTimes(allTokens, answer.words);

  const instructions = sentences.map((s) => addressesScorer(text.slice(s.start, s.end)));
  const lists = sentences.map((s, i) => !instructions[i] && isKeywordList(s, text));
  const promptStems = promptStemsOf(question.prompt);
  const echoes = sentences.map(
    (s, i) => !instructions[i] && !lists[i] && echoesPrompt(s, promptStems),
  );
  const candidates = sentences.filter((_, i) => !instructions[i] && !lists[i] && !echoes[i]);
  const repeats = markRepeats(candidates);
  const counted = candidates.filter((_, i) => !repeats[i]);

  const countedWords = counted.reduce((n, s) => n + s.tokens.length, 0);
  const listWords = sentences.reduce((n, s, i) => n + (lists[i] ? s.tokens.length : 0), 0);
  const vocabulary = topicStems(question);
  const content = counted.flatMap((s) => s.tokens.filter((t) => !t.stop));
  const onTopic =
    content.filter((t) => vocabulary.has(t.stem)).length / Math.max(1, content.length);

  const coverage: CriterionCoverage[] = question.rubric.criteria.map((criterion) => {
    const matches = criterion.keyPoints.map((point) => ({
      point,
      match: matchKeyPoint(point, counted),
    }));
    return {
      name: criterion.name,
      weight: criterion.weight,
      covered: matches.filter((m) => m.match).map((m) => m.point.point),
      credit: matches.reduce((n, m) => n + (m.match?.credit ?? 0), 0),
      missing: matches.filter((m) => !m.match).map((m) => m.point.point),
      evidence: evidenceOf(
        matches.flatMap(({ match }) => (match ? [match] : [])),
        text,
        allTokens,
        times,
      ),
      level: levelFor(
        matches.reduce((n, m) => n + (m.match?.credit ?? 0), 0),
        criterion.keyPoints.length,
      ),
    };
  });

  const anyCovered = coverage.some((c) => c.covered.length > 0);
  const flags: AnswerFlags = {
    empty: sentences.length === 0,
    instructions: instructions.some(Boolean),
    echo: echoes.some(Boolean),
    keywordList: listWords > 0 && listWords >= countedWords,
    repetition:
      repeats.filter(Boolean).length >= Math.max(2, candidates.length / 2) ||
      repeatedTrigramShare(candidates.flatMap((s) => s.tokens.map((t) => t.stem))) >
        HEAVY_REPETITION,
    short: countedWords < MIN_WORDS,
    countedWords,
    offTopic: counted.length > 0 && !anyCovered && onTopic < ON_TOPIC_SHARE,
  };

  const nothingToScore = counted.length === 0 || flags.offTopic;
  const criteria: CriterionScore[] = coverage.map((c) => {
    let level = c.level;
    if (flags.repetition) level = Math.max(1, level - 1);
    // Too few words to show a criterion: a level less, and never above 2.
    if (flags.short) level = Math.min(2, Math.max(1, level - 1));
    return {
      name: c.name,
      score: nothingToScore ? 0 : level,
      evidence: nothingToScore ? [] : c.evidence,
    };
  });
  const score = overallScore(
    criteria.map((c, i) => ({ score: c.score, weight: coverage[i]?.weight ?? 1 })),
  );
  return {
    score,
    criteria,
    rationale: writeRationale(coverage, criteria, flags),
    provider: 'offline',
    model: OFFLINE_MODEL,
    promptVersion: OFFLINE_PROMPT_VERSION,
    latencyMs: Math.round((performance.now() - began) * 1000) / 1000,
  };
}

/** The clauses that earned the criterion's key points, in the order the answer said them. */
function evidenceOf(
  matches: PointMatch[],
  text: string,
  tokens: Token[],
  times: (TokenTime | null)[],
): Evidence[] {
  const spans = matches.flatMap((match) => {
    const first = match.tokens[0];
    const last = match.tokens[match.tokens.length - 1];
    return first && last ? [clauseAround(text, match.sentence, first, last)] : [];
  });
  const seen = new Set<string>();
  return spans
    .sort((a, b) => a.start - b.start)
    .filter((span) => {
      const key = `${span.start}:${span.end}`;
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .slice(0, MAX_EVIDENCE_PER_CRITERION)
    .map((span) => toEvidence(text, span, tokens, times));
}

export const offlineScorer: AnswerScorer = {
  score: (question, answer) => Promise.resolve(scoreAnswerOffline(question, answer)),
};
