/**
 * The rubric an audio, video or text question is scored against, and what a scorer returns.
 * One contract for the question bank (seed, import, export, the question form), the offline
 * scorer, the Gemini scorer and the review screen.
 *
 * A rubric is a behaviourally anchored rating scale (BARS): each criterion says what a strong
 * answer covers (key points, each with the words and phrases that express it) and describes
 * what a 1, 3 and 5 look like, so a recruiter and a scorer judge against the same anchors.
 */
import { z } from 'zod';

export const MIN_CRITERIA = 2;
export const MAX_CRITERIA = 5;
/** Criterion scores run 1 (weak) to 5 (strong), as the anchors do. */
export const CRITERION_LEVELS = [1, 2, 3, 4, 5] as const;

const phrase = z.string().trim().min(1).max(120);

export const keyPointSchema = z.strictObject({
  /** The point in a few words, e.g. "uses a held-out validation set". */
  point: phrase,
  /** Other words or phrases that express it ("validation split", "hold-out data"). */
  synonyms: z.array(phrase).max(12).default([]),
});

export const anchorSchema = z.strictObject({
  level: z.number().int().min(1).max(5),
  /** What an answer at this level does, in behavioural terms. */
  description: z.string().trim().min(1).max(300),
});

export const criterionSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(60),
    /** What a strong answer covers. */
    keyPoints: z.array(keyPointSchema).min(1).max(8),
    /** 1 to 5 anchors, at distinct levels. */
    anchors: z.array(anchorSchema).min(1).max(5),
    /** Relative weight in the overall score; weights need not sum to anything. */
    weight: z.number().positive().max(10),
  })
  .refine((c) => new Set(c.anchors.map((a) => a.level)).size === c.anchors.length, {
    message: 'Anchors must be at distinct levels',
    path: ['anchors'],
  });

export const rubricSchema = z
  .strictObject({
    criteria: z.array(criterionSchema).min(MIN_CRITERIA).max(MAX_CRITERIA),
    /** What a strong answer would say, as a reference for scorers and recruiters. */
    modelAnswer: z.string().trim().min(1).max(2000),
  })
  .refine((r) => new Set(r.criteria.map((c) => c.name.toLowerCase())).size === r.criteria.length, {
    message: 'Criterion names must be distinct',
    path: ['criteria'],
  });

export type KeyPoint = z.infer<typeof keyPointSchema>;
export type Anchor = z.infer<typeof anchorSchema>;
export type Criterion = z.infer<typeof criterionSchema>;
export type Rubric = z.infer<typeof rubricSchema>;

/**
 * A quoted span of the answer that earned a criterion its score. For a spoken answer the times
 * are on the session clock (ms), so the replay can seek to them; a written answer has none.
 */
export interface Evidence {
  quote: string;
  startMs: number | null;
  endMs: number | null;
}

export interface CriterionScore {
  name: string;
  /** 1–5, on the criterion's anchors; 0 when the answer gave nothing to score. */
  score: number;
  evidence: Evidence[];
}

export const SCORER_PROVIDERS = ['offline', 'gemini'] as const;
export type ScorerProvider = (typeof SCORER_PROVIDERS)[number];

/** What a scorer suggests for one answer. A suggestion only: a recruiter decides. */
export interface AnswerEvaluation {
  /** 0–100, the criteria's weighted mean mapped from 1–5 (0 when nothing earned a point). */
  score: number;
  criteria: CriterionScore[];
  /** A short reason a recruiter can read, e.g. why an answer scored low. */
  rationale: string;
  provider: ScorerProvider;
  /** e.g. "offline-lexical" or "gemini-2.5-flash". */
  model: string;
  /** Bumped whenever the scoring method or prompt changes, so old scores can be told apart. */
  promptVersion: string;
  /** Gemini only. */
  inputTokens?: number;
  outputTokens?: number;
  latencyMs: number;
  /** Set when a Gemini call failed and the offline scorer stood in: the reason, in plain words. */
  fallbackReason?: string;
}

/** The answer a scorer sees: its text, and for a spoken answer the words with their times. */
export interface ScorableAnswer {
  text: string;
  /** Spoken answers: each word with its session-clock times (transcript word timings). */
  words?: { word: string; startMs: number; endMs: number }[];
}

/** What a scorer gets about the question: never anything about the candidate. */
export interface ScorableQuestion {
  key: string;
  prompt: string;
  type: 'audio' | 'video' | 'text';
  rubric: Rubric;
}

/** Maps a weighted mean criterion score (0–5) to 0–100: 1 → 0 ... 5 → 100, 0 stays 0. */
export function overallScore(criteria: { score: number; weight: number }[]): number {
  const total = criteria.reduce((sum, c) => sum + c.weight, 0);
  if (total === 0) return 0;
  const mean = criteria.reduce((sum, c) => sum + c.score * c.weight, 0) / total;
  return Math.round(Math.max(0, Math.min(100, ((mean - 1) / 4) * 100)));
}
