/**
 * A job's screening requirements as the Jobs form edits them: plain strings, so a half-typed
 * number or an empty row can sit in the form; the server's schema (shared/job-requirements.ts)
 * says what is wrong when saved.
 */
import {
  DEFAULT_INTERVIEW_THRESHOLD,
  type ScreeningRequirements,
} from '../../../shared/job-requirements';

export interface RequirementDraft {
  skill: string;
  /** Comma-separated, as typed. */
  synonyms: string;
  mustHave: boolean;
}

export interface RequirementsDraft {
  rows: RequirementDraft[];
  minYears: string;
  threshold: string;
}

export const emptyRequirement = (): RequirementDraft => ({
  skill: '',
  synonyms: '',
  mustHave: false,
});

export function requirementsDraftOf(saved: ScreeningRequirements | null): RequirementsDraft {
  if (!saved) return { rows: [], minYears: '', threshold: String(DEFAULT_INTERVIEW_THRESHOLD) };
  return {
    rows: saved.requirements.map((r) => ({
      skill: r.skill,
      synonyms: r.synonyms.join(', '),
      mustHave: r.mustHave,
    })),
    minYears: saved.minYears === undefined ? '' : String(saved.minYears),
    threshold: String(saved.interviewThreshold),
  };
}

/**
 * What the form sends: rows with no skill typed are dropped (an added row left blank), and no
 * rows and no minimum is "no requirements". Numbers that do not parse are sent as NaN, so the
 * server names the field rather than the form silently saving something else.
 */
export function requirementsOfDraft(draft: RequirementsDraft): ScreeningRequirements | null {
  const rows = draft.rows.filter((r) => r.skill.trim() || r.synonyms.trim());
  if (rows.length === 0 && draft.minYears.trim() === '') return null;
  return {
    requirements: rows.map((r) => ({
      skill: r.skill.trim(),
      synonyms: r.synonyms
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      mustHave: r.mustHave,
    })),
    ...(draft.minYears.trim() === '' ? {} : { minYears: Number(draft.minYears) }),
    interviewThreshold:
      draft.threshold.trim() === '' ? DEFAULT_INTERVIEW_THRESHOLD : Number(draft.threshold),
  };
}
