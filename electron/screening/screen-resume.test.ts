import { describe, expect, it } from 'vitest';
import type { JobRequirements, Requirement } from '../../shared/job-requirements';
import { screenResume, termPattern } from './screen-resume';
import { BULLET_RESUME, PROSE_RESUME, TABLE_RESUME } from './test-resumes';

const asOf = new Date('2025-01-15T00:00:00Z');
const req = (skill: string, mustHave = false, synonyms: string[] = []): Requirement => ({
  skill,
  synonyms,
  mustHave,
});
const job = (
  requirements: Requirement[],
  extra: Partial<JobRequirements> = {},
): Pick<JobRequirements, 'requirements' | 'minYears' | 'interviewThreshold'> => ({
  requirements,
  interviewThreshold: 60,
  ...extra,
});
const found = (text: string, skill: string) =>
  screenResume(text, job([req(skill)]), { asOf }).keywordsFound.map((k) => k.evidence);

describe('whole-word skill matching', () => {
  it('does not find Java in JavaScript, nor C in C++ or C#, nor Node in Node.js', () => {
    expect(termPattern('Java').test('JavaScript and TypeScript')).toBe(false);
    expect(termPattern('Java').test('Java, Kotlin')).toBe(true);
    expect(termPattern('Java').test('I wrote Java.')).toBe(true);
    expect(termPattern('C').test('C++ and C#')).toBe(false);
    expect(termPattern('C').test('C, C++')).toBe(true);
    expect(termPattern('C++').test('Modern C++17 code')).toBe(false);
    expect(termPattern('C++').test('C++ (expert)')).toBe(true);
    expect(termPattern('C#').test('C# and F#')).toBe(true);
    expect(termPattern('Node').test('Node.js services')).toBe(false);
    expect(termPattern('Node.js').test('built on Node.js, mostly')).toBe(true);
    expect(termPattern('.NET').test('C# and .NET Core')).toBe(true);
    expect(termPattern('.NET').test('the internet')).toBe(false);
  });

  it('finds a short skill only as written, so the verb "go" is not Go', () => {
    expect(termPattern('Go').test('I like to go hiking')).toBe(false);
    expect(termPattern('Go').test('learning Go and Rust')).toBe(true);
    expect(termPattern('r').test('R and Python')).toBe(false);
  });

  it('finds phrases across spaces or hyphens, plurals, in any case', () => {
    expect(termPattern('machine learning').test('machine-learning code')).toBe(true);
    expect(termPattern('REST API').test('designed rest apis')).toBe(true);
    expect(termPattern('kubernetes').test('KUBERNETES')).toBe(true);
  });

  it('quotes the line a skill is on and finds synonyms', () => {
    const result = screenResume(BULLET_RESUME, job([req('PostgreSQL', true, ['Postgres'])]), {
      asOf,
    });
    expect(result.keywordsFound).toEqual([
      {
        skill: 'PostgreSQL',
        term: 'Postgres',
        evidence: '• TypeScript, Node.js, Postgres',
        section: 'skills',
      },
    ]);
    expect(found(PROSE_RESUME, 'Java')).toEqual([]);
    expect(found(PROSE_RESUME, 'JavaScript')).toEqual([
      'I am a developer with 5+ years of experience writing JavaScript for the browser.',
    ]);
    expect(found(TABLE_RESUME, 'C++')).toEqual(['C++\tExpert']);
  });

  it('trims evidence to 200 characters', () => {
    const long = `Python ${'x'.repeat(300)}`;
    const [evidence] = found(long, 'Python');
    expect(evidence).toHaveLength(200);
    expect(evidence?.endsWith('…')).toBe(true);
  });
});

describe('sections', () => {
  it('prefers the Skills line over an earlier mention elsewhere, and weighs Education less', () => {
    const text = `Summary\nKeen on Python since school\nSkills\nPython, SQL\nEducation\nCourse in Rust`;
    const result = screenResume(text, job([req('Python'), req('Rust')]), { asOf });
    expect(result.keywordsFound.map((k) => [k.skill, k.section, k.evidence])).toEqual([
      ['Python', 'skills', 'Python, SQL'],
      ['Rust', 'education', 'Course in Rust'],
    ]);
    // Python full marks (1), Rust at education's weight (0.6): 80 of 100.
    expect(result.score).toBe(80);
    expect(result.reasons.join(' ')).toContain('outside Skills and Experience');
  });

  it('weighs every line evenly when the résumé has no headings', () => {
    const result = screenResume(PROSE_RESUME, job([req('React'), req('JavaScript')]), { asOf });
    expect(result.score).toBe(100);
  });
});

describe('years of experience', () => {
  const years = (text: string) => screenResume(text, job([]), { asOf }).years;

  it('sums job date ranges up to the present, leaving out Education', () => {
    // Jan 2019 – Jan 2025 (6 years) and Jun 2016 – Dec 2018 (2.5 years); 2012 – 2016 is study.
    expect(years(BULLET_RESUME)).toBe(8.5);
  });

  it('counts overlapping jobs once', () => {
    // 2015 – 2018 and 2017 – 2021 overlap: 2015 – 2021 is six years, not seven.
    expect(years(TABLE_RESUME)).toBe(6);
  });

  it('reads stated experience in its usual phrasings', () => {
    expect(years(PROSE_RESUME)).toBe(5);
    expect(years('Over 7 yrs experience in support')).toBe(7);
    expect(years('3+ yrs with Kafka')).toBe(3);
    expect(years("10 years' professional experience")).toBe(10);
    expect(years('A 3 year degree')).toBeUndefined();
  });

  it('reads months written out, abbreviated or as numbers, and "current"', () => {
    expect(years('Sept 2020 to March 2022')).toBe(1.5);
    expect(years('03/2023 – current')).toBe(1.8);
    expect(years('2020—2021, then 2022 until 2024')).toBe(3);
    expect(years('Nothing dated here')).toBeUndefined();
  });
});

describe('score and suggested status', () => {
  const backend = job(
    [
      req('TypeScript', true),
      req('PostgreSQL', true, ['Postgres']),
      req('Kubernetes'),
      req('Go', false, ['Golang']),
    ],
    { minYears: 5, interviewThreshold: 70 },
  );

  it('suggests an interview when must-haves match and the score reaches the threshold', () => {
    const result = screenResume(BULLET_RESUME, backend, { asOf });
    expect(result.keywordsMissing).toEqual(['Go']);
    // 3 + 3 + 1 of 8 weight, years met.
    expect(result.score).toBe(88);
    expect(result.suggestedStatus).toBe('Interview Required');
    expect(result.years).toBe(8.5);
    expect(result.textLength).toBe(BULLET_RESUME.length);
  });

  it('caps the score when a must-have is missing, whatever else matches', () => {
    const result = screenResume(
      TABLE_RESUME,
      job([req('Kotlin', true), req('C++'), req('Python'), req('Rust')], {
        interviewThreshold: 30,
      }),
      { asOf },
    );
    expect(result.score).toBe(29);
    expect(result.suggestedStatus).toBe('Under Review');
    expect(result.reasons.join(' ')).toContain('Missing must-have: Kotlin');
  });

  it('lowers the score when experience falls short of the minimum, more the further short', () => {
    const skills = [req('JavaScript', true)];
    const at = (minYears: number) =>
      screenResume(PROSE_RESUME, job(skills, { minYears }), { asOf }).score;
    expect(at(5)).toBe(100);
    expect(at(10)).toBe(88); // half the years: half the 25-point penalty
    expect(at(20)).toBeLessThan(at(10));
    const unstated = screenResume('JavaScript', job(skills, { minYears: 3 }), { asOf });
    expect(unstated.score).toBe(90);
    expect(unstated.reasons.join(' ')).toContain('states none');
  });

  it('turns on the threshold the job sets', () => {
    const skills = [req('React'), req('Vue')];
    const at = (interviewThreshold: number) =>
      screenResume(PROSE_RESUME, job(skills, { interviewThreshold }), { asOf }).suggestedStatus;
    expect(at(50)).toBe('Interview Required');
    expect(at(51)).toBe('Under Review');
  });
});
