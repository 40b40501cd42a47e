/**
 * The offline résumé screener: the résumé's text and a job's requirements in, a 0–100 score,
 * the skills found (with the line each is on) and missing, years of experience where stated and
 * a suggested status out. Pure: no clock (the caller says what "present" is), no I/O, nothing
 * logged — the résumé is personal data and only the lines quoted as evidence leave this file.
 */
import type {
  JobRequirements,
  KeywordFound,
  Requirement,
  ScreeningResult,
} from '../../shared/job-requirements';
import { estimateYears, resumeLines, type ResumeLine, type SectionKind } from './resume-sections';

const EVIDENCE_CHARS = 200;
// A skill listed under Skills or shown in Experience is stronger evidence than one named in a
// hobby or a course title. Résumés with no recognisable headings are weighed evenly.
const SECTION_WEIGHT: Record<SectionKind, number> = {
  skills: 1,
  experience: 1,
  projects: 0.85,
  other: 0.75,
  education: 0.6,
};
const MUST_HAVE_WEIGHT = 3;
const NICE_TO_HAVE_WEIGHT = 1;
const MISSING_MUST_HAVE_CAP = 50;
const MAX_YEARS_PENALTY = 25;
const UNKNOWN_YEARS_PENALTY = 10;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A whole-word pattern for a skill. Word characters here include + and # (so "C" is not found
 * in "C++" nor "C#"), and a dot between letters ("Node" is not found in "Node.js", "Java" not
 * in "JavaScript"); a sentence's full stop still ends a word. Spaces in a phrase match any run
 * of spaces or hyphens. Terms of one or two letters ("Go", "R", "C") match only as written:
 * case-insensitively, "go" is in every other sentence.
 */
export function termPattern(term: string): RegExp {
  const words = term
    .trim()
    .split(/\s+/)
    .map(escapeRegExp)
    .join(String.raw`[\s-]+`);
  const plural = /[a-z]{3}$/i.test(term) ? 's?' : '';
  const before = String.raw`(?<![\p{L}\p{N}_+#])(?<![\p{L}\p{N}]\.)`;
  const after = String.raw`(?![\p{L}\p{N}_+#])(?!\.[\p{L}\p{N}])`;
  const flags = term.trim().length <= 2 ? 'u' : 'iu';
  return new RegExp(`${before}${words}${plural}${after}`, flags);
}

function evidenceOf(line: string): string {
  return line.length <= EVIDENCE_CHARS ? line : `${line.slice(0, EVIDENCE_CHARS - 1)}…`;
}

interface Match {
  found: KeywordFound;
  weight: number;
}

/** The best line for a requirement: the first in the section that weighs most. */
function bestMatch(req: Requirement, lines: ResumeLine[], sectioned: boolean): Match | undefined {
  const terms = [req.skill, ...req.synonyms].filter((t) => t.trim().length > 0);
  const patterns = terms.map((t) => [t, termPattern(t)] as const);
  let best: Match | undefined;
  for (const line of lines) {
    const weight = sectioned ? SECTION_WEIGHT[line.section] : 1;
    if (best && weight <= best.weight) continue;
    const hit = patterns.find(([, pattern]) => pattern.test(line.text));
    if (!hit) continue;
    best = {
      found: {
        skill: req.skill,
        term: hit[0],
        evidence: evidenceOf(line.text),
        section: line.section,
      },
      weight,
    };
    if (weight === 1) break;
  }
  return best;
}

export interface ScreenOptions {
  /** What "present" and "current" in a date range mean. */
  asOf: Date;
}

export function screenResume(
  text: string,
  job: Pick<JobRequirements, 'requirements' | 'minYears' | 'interviewThreshold'>,
  opts: ScreenOptions,
): ScreeningResult {
  const { lines, sectioned } = resumeLines(text);
  const reasons: string[] = [];
  const keywordsFound: KeywordFound[] = [];
  const keywordsMissing: string[] = [];
  const missingMustHaves: string[] = [];
  let earned = 0;
  let possible = 0;
  for (const req of job.requirements) {
    const weight = req.mustHave ? MUST_HAVE_WEIGHT : NICE_TO_HAVE_WEIGHT;
    possible += weight;
    const match = bestMatch(req, lines, sectioned);
    if (match) {
      keywordsFound.push(match.found);
      earned += weight * match.weight;
    } else {
      keywordsMissing.push(req.skill);
      if (req.mustHave) missingMustHaves.push(req.skill);
    }
  }

  let score = possible > 0 ? (100 * earned) / possible : 100;
  if (possible > 0) {
    reasons.push(
      `Matched ${keywordsFound.length} of ${job.requirements.length} requirements (must-haves weigh ${MUST_HAVE_WEIGHT}×).`,
    );
  } else reasons.push('The job lists no skills to match; only experience is weighed.');
  if (sectioned && keywordsFound.some((k) => SECTION_WEIGHT[k.section as SectionKind] < 1)) {
    reasons.push('Some skills appear only outside Skills and Experience, which counts for less.');
  }

  const estimate = estimateYears(lines, sectioned, opts.asOf);
  if (job.minYears !== undefined && job.minYears > 0) {
    if (estimate.years === undefined) {
      score -= UNKNOWN_YEARS_PENALTY;
      reasons.push(`The job asks for ${job.minYears} years; the résumé states none.`);
    } else if (estimate.years < job.minYears) {
      score -= MAX_YEARS_PENALTY * (1 - estimate.years / job.minYears);
      reasons.push(
        `About ${estimate.years} years of experience, under the ${job.minYears} asked for.`,
      );
    } else {
      reasons.push(
        `About ${estimate.years} years of experience, meeting the ${job.minYears} asked for.`,
      );
    }
  }

  const threshold = job.interviewThreshold;
  if (missingMustHaves.length > 0) {
    // Whatever else matches, a missing must-have keeps the résumé from being suggested for
    // interview; staff can still decide otherwise.
    const cap = Math.max(0, Math.min(MISSING_MUST_HAVE_CAP, threshold - 1));
    if (score > cap) score = cap;
    reasons.push(`Missing must-have: ${missingMustHaves.join(', ')} (score capped at ${cap}).`);
  }
  score = Math.round(Math.min(100, Math.max(0, score)));
  const suggestedStatus = score >= threshold ? 'Interview Required' : 'Under Review';
  reasons.push(
    suggestedStatus === 'Interview Required'
      ? `Score ${score} reaches the job's threshold of ${threshold}.`
      : `Score ${score} is under the job's threshold of ${threshold}.`,
  );
  return {
    score,
    keywordsFound,
    keywordsMissing,
    ...(estimate.years !== undefined ? { years: estimate.years } : {}),
    suggestedStatus,
    reasons,
    textLength: text.length,
  };
}
