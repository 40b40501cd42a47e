/**
 * What a job asks for, as staff edit it in Jobs, the bank carries it and the résumé screener
 * reads it. Shared so the Jobs form, the server and the CLI check one shape.
 */
import { z } from 'zod';

export const MAX_REQUIREMENTS = 40;
export const MAX_SYNONYMS = 20;
export const DEFAULT_INTERVIEW_THRESHOLD = 60;

const skillName = z
  .string()
  .trim()
  .min(1, 'Name the skill.')
  .max(80, 'Keep a skill under 80 characters.');

export const requirementSchema = z.object({
  skill: skillName,
  synonyms: z
    .array(skillName)
    .max(MAX_SYNONYMS, `At most ${MAX_SYNONYMS} synonyms per skill.`)
    .default([]),
  mustHave: z.boolean().default(false),
});

export const jobRequirementsSchema = z.object({
  description: z.string().max(4000, 'Keep the description under 4000 characters.').default(''),
  requirements: z
    .array(requirementSchema)
    .max(MAX_REQUIREMENTS, `At most ${MAX_REQUIREMENTS} requirements per job.`)
    .default([]),
  minYears: z.number().min(0).max(50).optional(),
  interviewThreshold: z.number().int().min(0).max(100).default(DEFAULT_INTERVIEW_THRESHOLD),
});

/** What a job stores beside its description (which has a column of its own). */
export const screeningRequirementsSchema = jobRequirementsSchema.omit({ description: true });
export type ScreeningRequirements = z.infer<typeof screeningRequirementsSchema>;

export type Requirement = z.infer<typeof requirementSchema>;
export type JobRequirements = z.infer<typeof jobRequirementsSchema>;

/** The statuses the screener suggests; staff may set any candidate status in its place. */
export const SCREENING_STATUSES = ['Interview Required', 'Under Review'] as const;
export type ScreeningStatus = (typeof SCREENING_STATUSES)[number];

export interface KeywordFound {
  skill: string;
  /** The term that matched (the skill or one of its synonyms). */
  term: string;
  /** The résumé line it appears on, trimmed to 200 characters. */
  evidence: string;
  section: string;
}

export interface ScreeningResult {
  score: number;
  keywordsFound: KeywordFound[];
  keywordsMissing: string[];
  years?: number;
  suggestedStatus: ScreeningStatus;
  reasons: string[];
  textLength: number;
}

/** A summary of fit as kept with the screening. */
export interface ResumeFit {
  provider: 'gemini';
  model: string;
  promptVersion: string;
  summary: string;
  strengths: string[];
  gaps: string[];
  /** The résumé held text addressed to the model; it was told to ignore it. */
  instructionsInResume: boolean;
  /** What was taken out before sending, by kind (counts only). */
  removed: Record<string, number>;
  inputTokens?: number;
  outputTokens?: number;
  latencyMs: number;
}
