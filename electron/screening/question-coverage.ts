/**
 * Which of a job's requirements a question covers: a requirement's skill or one of its
 * synonyms appears, as a whole word or phrase, in what the question says — its prompt, its
 * options, and its rubric's criteria and key points (with their synonyms). The same matcher as
 * the résumé screener's (termPattern), so "Java" is not found in "JavaScript" here either.
 */
import type { Requirement } from '../../shared/job-requirements';
import type { QuestionFields } from '../manage/schemas';
import { termPattern } from './screen-resume';

/** The texts of a question a requirement is looked for in. */
export function questionTexts(fields: QuestionFields): string[] {
  const texts = [fields.prompt];
  if (fields.type === 'mcq') texts.push(...fields.options);
  else if (fields.rubric) {
    for (const criterion of fields.rubric.criteria) {
      texts.push(criterion.name);
      for (const keyPoint of criterion.keyPoints) texts.push(keyPoint.point, ...keyPoint.synonyms);
    }
  }
  return texts;
}

/** A test of whether texts mention a requirement, built once per requirement. */
export function requirementMatcher(req: Requirement): (texts: string[]) => boolean {
  const patterns = [req.skill, ...req.synonyms]
    .filter((term) => term.trim().length > 0)
    .map(termPattern);
  return (texts) => texts.some((text) => patterns.some((pattern) => pattern.test(text)));
}

/** The requirements (by skill, in the job's order) the question mentions. */
export function coveredSkills(requirements: Requirement[], fields: QuestionFields): string[] {
  const texts = questionTexts(fields);
  return requirements.filter((req) => requirementMatcher(req)(texts)).map((req) => req.skill);
}

export interface CoverageRow {
  skill: string;
  mustHave: boolean;
  /** The pending drafts covering it, by id; empty with no questionIds: not covered. */
  draftIds: number[];
  /** Bank questions accepted from the job's drafts that cover it. */
  questionIds: number[];
}

interface Covering {
  covers: string[];
  fields: QuestionFields;
}

/** Whether a draft covers a requirement: it says so, or its current wording mentions it. */
function covering(req: Requirement): (draft: Covering) => boolean {
  const matches = requirementMatcher(req);
  const skill = req.skill.toLowerCase();
  return (d) => d.covers.some((c) => c.toLowerCase() === skill) || matches(questionTexts(d.fields));
}

/**
 * Each requirement and what covers it: the pending drafts that say so (`covers`, as the
 * proposer reported) or whose current wording mentions it, so an edited draft counts as it
 * reads; and the questions already accepted from the job's drafts, the same way.
 */
export function coverageOf(
  requirements: Requirement[],
  drafts: (Covering & { id: number })[],
  accepted: (Covering & { questionId: number })[] = [],
): CoverageRow[] {
  return requirements.map((req) => {
    const covers = covering(req);
    return {
      skill: req.skill,
      mustHave: req.mustHave,
      draftIds: drafts.filter(covers).map((d) => d.id),
      questionIds: [...new Set(accepted.filter(covers).map((d) => d.questionId))],
    };
  });
}
