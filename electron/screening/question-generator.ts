/**
 * The contract between proposing interview questions for a job and whoever proposes them: the
 * offline proposer (bank questions chosen and adapted to cover the job's requirements) and the
 * Gemini one (new questions with a rubric, falling back to offline). What either proposes is a
 * draft: staff edit, accept or discard it before anything enters the bank.
 */
import type { Domain } from '../../shared/enums';
import type { Requirement } from '../../shared/job-requirements';
import type { QuestionFields } from '../manage/schemas';

export const LEVELS = ['junior', 'mid', 'senior'] as const;
export type Level = (typeof LEVELS)[number];

export const GENERATION_PROVIDERS = ['offline', 'gemini'] as const;
export type GenerationProvider = (typeof GENERATION_PROVIDERS)[number];

export const MAX_PROPOSED = 12;

/** What the proposer knows of the job: never a candidate, never anything personal. */
export interface GenerationJob {
  title: string;
  description: string;
  domain: Domain | null;
  requirements: Requirement[];
}

/** A bank question the offline proposer may choose (live, not archived). */
export interface BankQuestion {
  id: number;
  fields: QuestionFields;
}

export interface GenerationRequest {
  job: GenerationJob;
  level: Level;
  count: number;
  bank: BankQuestion[];
}

export interface ProposedQuestion {
  /** The question as it would enter the bank (the domain is the job's, else the source's). */
  fields: QuestionFields;
  /** The requirements (by skill) the question covers. */
  covers: string[];
  /** The bank question it was adapted from, if any. */
  sourceQuestionId?: number;
  /** Why it was proposed, in a line staff read ("Covers PostgreSQL; adapted from the bank"). */
  note: string;
}

export interface GenerationOutcome {
  /** Who proposed the drafts: offline also when Gemini was asked and could not answer. */
  provider: GenerationProvider;
  model?: string;
  /** Set when Gemini was asked and offline stood in, in plain words. */
  fallbackReason?: string;
  drafts: ProposedQuestion[];
}

export type QuestionGenerator = (request: GenerationRequest) => Promise<GenerationOutcome>;
