/**
 * The offline proposer: questions for a job chosen from the bank to cover its requirements,
 * adapted to the job (its domain, the level's answer time), and for each requirement no bank
 * question covers, an open question written from a template with a rubric in the bank's
 * format. Pure and deterministic: the same job, level, count and bank give the same drafts.
 */
import type { Domain } from '../../shared/enums';
import type { Requirement } from '../../shared/job-requirements';
import type { Criterion, Rubric } from '../../shared/rubric';
import { ANSWER_SECONDS, type QuestionFields } from '../manage/schemas';
import { questionTexts, requirementMatcher } from './question-coverage';
import {
  MAX_PROPOSED,
  type BankQuestion,
  type GenerationRequest,
  type Level,
  type ProposedQuestion,
  type QuestionGenerator,
} from './question-generator';

// A junior is given a quarter more time to answer; mid and senior levels keep the bank's.
const ANSWER_TIME_FACTOR: Record<Level, number> = { junior: 1.25, mid: 1, senior: 1 };
const TEMPLATE_READING_SECONDS = 30;
const TEMPLATE_ANSWER_SECONDS = 300;
// A key point carries at most 12 synonyms (shared/rubric.ts).
const MAX_KEY_POINT_SYNONYMS = 12;
// A job without a domain still needs one for a written question; staff can change it.
const FALLBACK_DOMAIN: Domain = 'fullstack';

/** One thing the greedy cover may pick: a bank question, or a template for one requirement. */
interface Candidate {
  /** Indices into the job's requirements. */
  covers: Set<number>;
  bank?: BankQuestion;
  template?: number;
  domainMatch: boolean;
}

function scaledAnswerSeconds(seconds: number, level: Level): number {
  const scaled = Math.round(seconds * ANSWER_TIME_FACTOR[level]);
  return Math.min(ANSWER_SECONDS.max, Math.max(ANSWER_SECONDS.min, scaled));
}

function skillList(skills: string[]): string {
  if (skills.length <= 1) return skills.join('');
  return `${skills.slice(0, -1).join(', ')} and ${skills[skills.length - 1]}`;
}

/** A bank question as the job asks it: the job's domain, the level's answer time, a note. */
function adapt(
  question: BankQuestion,
  covers: string[],
  domain: Domain | null,
  level: Level,
): ProposedQuestion {
  const fields: QuestionFields = {
    ...question.fields,
    domain: domain ?? question.fields.domain,
    answerSeconds: scaledAnswerSeconds(question.fields.answerSeconds, level),
  };
  const what =
    covers.length > 0
      ? `Covers ${skillList(covers)}`
      : "Covers none of the job's requirements; fills the count from the job's domain";
  const timing = level === 'junior' ? ' (answer time 25 % longer for a junior level)' : '';
  return {
    fields,
    covers,
    sourceQuestionId: question.id,
    note: `${what}; adapted from bank question #${question.id}${timing}.`,
  };
}

const LEVEL_ASK: Record<Level, string> = {
  junior: 'It may come from study, an internship or a personal project.',
  mid: 'Say what you were responsible for and how you checked the result.',
  senior: 'Say how you weighed the trade-offs and how you guided others who worked with it.',
};

function anchors(weak: string, fair: string, strong: string): Criterion['anchors'] {
  return [
    { level: 1, description: weak },
    { level: 3, description: fair },
    { level: 5, description: strong },
  ];
}

/** A rubric in the bank's format for the templated question about one skill. */
function templateRubric(req: Requirement, level: Level): Rubric {
  const terms = [req.skill, ...req.synonyms].slice(0, MAX_KEY_POINT_SYNONYMS);
  const criteria: Criterion[] = [
    {
      name: 'Hands-on experience',
      keyPoints: [
        { point: `used ${req.skill} in real work`.slice(0, 120), synonyms: terms },
        {
          point: 'explains the problem it solved',
          synonyms: ['the problem', 'the goal', 'requirement', 'use case'],
        },
      ],
      anchors: anchors(
        `Names ${req.skill} without a concrete use of it.`.slice(0, 300),
        'Describes a real use, but vaguely: what was built or why stays unclear.',
        'Describes a concrete piece of work, what it solved and their own part in it.',
      ),
      weight: 2,
    },
    {
      name: 'Choices and trade-offs',
      keyPoints: [
        {
          point: 'explains why this approach',
          synonyms: ['because', 'trade-off', 'instead of', 'alternative', 'chose'],
        },
        { point: 'names a limitation or risk', synonyms: ['limitation', 'risk', 'downside'] },
      ],
      anchors: anchors(
        'Gives no reason for the choices made.',
        'Gives a reason for one choice, without alternatives.',
        'Weighs alternatives and names the limits of the chosen approach.',
      ),
      weight: 1,
    },
  ];
  // Beyond a junior level, looking back on the work is part of what the answer shows.
  if (level !== 'junior') {
    criteria.push({
      name: 'Reflection',
      keyPoints: [
        {
          point: 'says what they would do differently',
          synonyms: ['differently', 'improve', 'lesson', 'next time', 'in hindsight'],
        },
      ],
      anchors: anchors(
        'Does not look back on the work.',
        'Names something that went wrong, without what to change.',
        'Says what they learnt and what they would change, and why.',
      ),
      weight: 1,
    });
  }
  return {
    criteria,
    modelAnswer:
      `A strong answer describes a specific piece of work that used ${req.skill}, the problem ` +
      'it solved and the candidate’s own part in it, explains the main choices against the ' +
      'alternatives with their limits, and says what they would change next time.',
  };
}

/** An open question about one skill no bank question covers, with its rubric. */
function fromTemplate(req: Requirement, domain: Domain, level: Level): ProposedQuestion {
  return {
    fields: {
      type: 'text',
      domain,
      prompt:
        `Describe a piece of work in which you used ${req.skill}. What problem did it solve, ` +
        `which choices did you make and why, and what would you do differently now? ${LEVEL_ASK[level]}`,
      readingSeconds: TEMPLATE_READING_SECONDS,
      answerSeconds: scaledAnswerSeconds(TEMPLATE_ANSWER_SECONDS, level),
      rubric: templateRubric(req, level),
    },
    covers: [req.skill],
    note: `No bank question covers ${req.skill}; written from a template.`,
  };
}

/**
 * How good a pick is, compared in order: newly covered must-haves, newly covered requirements,
 * a bank question before a template, the job's domain, then the bank's order (lowest id).
 */
function gain(c: Candidate, covered: Set<number>, requirements: Requirement[]): number[] {
  const fresh = [...c.covers].filter((i) => !covered.has(i));
  return [
    fresh.filter((i) => requirements[i]?.mustHave).length,
    fresh.length,
    c.bank ? 1 : 0,
    c.domainMatch ? 1 : 0,
    -(c.bank?.id ?? c.template ?? 0),
  ];
}

function better(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return false;
}

/** The drafts for a request: a greedy cover of the requirements, then the count filled. */
export function proposeOffline(request: GenerationRequest): ProposedQuestion[] {
  const { job, level } = request;
  const limit = Math.max(0, Math.min(Math.floor(request.count), MAX_PROPOSED));
  const requirements = job.requirements;
  const matchers = requirements.map(requirementMatcher);
  const bank: Candidate[] = request.bank.map((question) => {
    const texts = questionTexts(question.fields);
    const covers = new Set(matchers.flatMap((matches, i) => (matches(texts) ? [i] : [])));
    return { covers, bank: question, domainMatch: question.fields.domain === job.domain };
  });
  const coverable = new Set(bank.flatMap((c) => [...c.covers]));
  const templates: Candidate[] = requirements.flatMap((_, i) =>
    coverable.has(i) ? [] : [{ covers: new Set([i]), template: i, domainMatch: true }],
  );

  const picked: Candidate[] = [];
  const covered = new Set<number>();
  let pool = [...bank, ...templates];
  while (picked.length < limit) {
    let best: Candidate | undefined;
    let bestGain: number[] = [];
    for (const c of pool) {
      const g = gain(c, covered, requirements);
      if ((g[1] ?? 0) === 0) continue;
      if (!best || better(g, bestGain)) [best, bestGain] = [c, g];
    }
    if (!best) break;
    picked.push(best);
    for (const i of best.covers) covered.add(i);
    pool = pool.filter((c) => c !== best);
  }
  // Filling the count: more questions on requirements already covered (the most first), then
  // questions of the job's domain. Templates only ever stand in for an uncovered requirement.
  const fill = pool
    .filter((c) => c.bank && (c.covers.size > 0 || (job.domain !== null && c.domainMatch)))
    .sort(
      (a, b) =>
        b.covers.size - a.covers.size ||
        Number(b.domainMatch) - Number(a.domainMatch) ||
        (a.bank?.id ?? 0) - (b.bank?.id ?? 0),
    );
  picked.push(...fill.slice(0, Math.max(0, limit - picked.length)));

  const templateDomain = job.domain ?? FALLBACK_DOMAIN;
  return picked.map((c) => {
    if (c.bank) {
      const skills = [...c.covers].sort((a, b) => a - b).map((i) => requirements[i]?.skill ?? '');
      return adapt(c.bank, skills, job.domain, level);
    }
    const req = requirements[c.template ?? 0] as Requirement;
    return fromTemplate(req, templateDomain, level);
  });
}

/** The offline proposer as a QuestionGenerator (what the drafts service calls). */
export const offlineQuestions: QuestionGenerator = async (request) => ({
  provider: 'offline',
  drafts: proposeOffline(request),
});
