import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../db/test-db';
import type { Requirement } from '../../shared/job-requirements';
import { rubricSchema } from '../../shared/rubric';
import { loadQuestionBank } from '../domain/question-bank';
import { seedFirstRun } from '../domain/seed';
import { questionFields } from '../manage/schemas';
import { offlineQuestions, proposeOffline } from './offline-questions';
import { coverageOf } from './question-coverage';
import { liveBank } from './question-drafts';
import type { BankQuestion, GenerationRequest } from './question-generator';

const bankPath = fileURLToPath(new URL('../../resources/seed/question-bank.json', import.meta.url));

const req = (skill: string, synonyms: string[] = [], mustHave = false): Requirement => ({
  skill,
  synonyms,
  mustHave,
});

// A full-stack job: React and a database are musts; Java is named in the seeded bank only
// inside "JavaScript", so no bank question covers it.
const REQUIREMENTS = [
  req('React', [], true),
  req('PostgreSQL', ['Postgres', 'SQL'], true),
  req('TLS'),
  req('Java'),
  req('Pagination'),
];

let bank: BankQuestion[];
const keyOf = new Map<number, string>();

beforeAll(async () => {
  const db = createTestDb();
  const seed = loadQuestionBank(bankPath);
  await seedFirstRun(db, seed, 1);
  bank = liveBank(db);
  // The seeded rows in bank order, so a test can name a question by its seed key.
  for (const q of bank) {
    const seeded = seed.questions.find((s) => s.prompt === q.fields.prompt);
    if (seeded) keyOf.set(q.id, seeded.key);
  }
  db.$client.close();
});

function request(overrides: Partial<GenerationRequest> = {}): GenerationRequest {
  return {
    job: {
      title: 'Full-stack Engineer',
      description: 'Builds the web app end to end.',
      domain: 'fullstack',
      requirements: REQUIREMENTS,
    },
    level: 'mid',
    count: 8,
    bank,
    ...overrides,
  };
}

const keys = (ids: (number | undefined)[]) => ids.map((id) => (id ? keyOf.get(id) : 'template'));

describe('the offline proposer', () => {
  it('covers every requirement, must-haves first, from the bank where the bank can', () => {
    const drafts = proposeOffline(request());
    const coverage = coverageOf(
      REQUIREMENTS,
      drafts.map((d, i) => ({ id: i, covers: d.covers, fields: d.fields })),
    );
    for (const row of coverage) expect(row.draftIds.length, row.skill).toBeGreaterThan(0);
    // The first pick covers both must-haves if one question can, else the most of them.
    expect(drafts[0]?.covers.some((s) => s === 'React' || s === 'PostgreSQL')).toBe(true);
    const must = drafts.findIndex((d) => d.covers.includes('PostgreSQL'));
    const nice = drafts.findIndex((d) => d.covers.includes('Pagination'));
    expect(must).toBeLessThan(nice);
    // Every bank pick's note says what it covers and where it came from.
    for (const d of drafts.filter((d) => d.sourceQuestionId)) {
      expect(d.note).toContain(`adapted from bank question #${d.sourceQuestionId}`);
      for (const skill of d.covers) expect(d.note).toContain(skill);
    }
  });

  it('counts a synonym: "SQL" covers PostgreSQL in the N+1 question', () => {
    const drafts = proposeOffline(request());
    const postgres = drafts.filter((d) => d.covers.includes('PostgreSQL'));
    expect(keys(postgres.map((d) => d.sourceQuestionId))).toContain('fullstack-audio-2');
  });

  it('does not find "Java" in "JavaScript": Java gets a templated question', () => {
    const drafts = proposeOffline(request());
    const java = drafts.filter((d) => d.covers.includes('Java'));
    expect(java).toHaveLength(1);
    expect(java[0]?.sourceQuestionId).toBeUndefined();
    expect(java[0]?.note).toBe('No bank question covers Java; written from a template.');
    // The bank questions that say "JavaScript" cover other things, never Java.
    const js = drafts.filter((d) => d.sourceQuestionId && /JavaScript/.test(d.fields.prompt));
    for (const d of js) expect(d.covers).not.toContain('Java');
    const fullstackVideo = bank.find((q) => keyOf.get(q.id) === 'fullstack-video-1');
    if (!fullstackVideo) throw new Error('The seeded bank has no fullstack-video-1.');
    expect(JSON.stringify(fullstackVideo.fields)).toContain('JavaScript');
    const coverage = coverageOf(
      [req('Java')],
      [{ id: 1, covers: [], fields: fullstackVideo.fields }],
    );
    expect(coverage[0]?.draftIds).toEqual([]);
  });

  it('writes templated questions valid as bank questions, with a rubric of 2–3 criteria', () => {
    for (const level of ['junior', 'mid', 'senior'] as const) {
      const template = proposeOffline(request({ level })).find((d) => !d.sourceQuestionId);
      if (!template) throw new Error(`No templated draft for a ${level} level.`);
      const parsed = questionFields.safeParse(template.fields);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(template.fields.type).toBe('text');
      const rubric = rubricSchema.parse(
        template.fields.type === 'mcq' ? null : template.fields.rubric,
      );
      expect(rubric.criteria.length).toBeGreaterThanOrEqual(2);
      expect(rubric.criteria.length).toBeLessThanOrEqual(3);
      for (const c of rubric.criteria) expect(c.anchors.map((a) => a.level)).toEqual([1, 3, 5]);
      // The skill (and its synonyms) are what the first criterion's key point listens for.
      expect(rubric.criteria[0]?.keyPoints[0]?.synonyms).toContain('Java');
    }
  });

  it('prefers the job’s domain, and adapts a pick: the job’s domain, a junior’s longer time', () => {
    const mid = proposeOffline(request({ job: { ...request().job, domain: 'fullstack' } }));
    const tls = mid.find((d) => d.covers.includes('TLS'));
    // Both a full-stack and a security question mention TLS; the full-stack one is chosen.
    expect(keys([tls?.sourceQuestionId])[0]).toMatch(/^fullstack-/);

    const security = proposeOffline(
      request({ job: { ...request().job, domain: 'cybersecurity' }, level: 'junior' }),
    );
    for (const d of security) expect(d.fields.domain).toBe('cybersecurity');
    const picked = security.find((d) => d.sourceQuestionId);
    const source = bank.find((q) => q.id === picked?.sourceQuestionId);
    expect(picked?.fields.answerSeconds).toBe(
      Math.round((source?.fields.answerSeconds ?? 0) * 1.25),
    );
    expect(picked?.fields.prompt).toBe(source?.fields.prompt);
    const senior = proposeOffline(request({ level: 'senior' }));
    const same = senior.find((d) => d.sourceQuestionId === picked?.sourceQuestionId);
    if (same) expect(same.fields.answerSeconds).toBe(source?.fields.answerSeconds);
  });

  it('never proposes more than asked, nor more than the cap; the same request, the same drafts', async () => {
    expect(proposeOffline(request({ count: 2 }))).toHaveLength(2);
    // Two drafts cover the two must-haves before anything else.
    const two = proposeOffline(request({ count: 2 })).flatMap((d) => d.covers);
    expect(two).toEqual(expect.arrayContaining(['React', 'PostgreSQL']));
    expect(proposeOffline(request({ count: 50 })).length).toBeLessThanOrEqual(12);
    const outcome = await offlineQuestions(request());
    expect(outcome.provider).toBe('offline');
    expect(outcome.drafts).toEqual(proposeOffline(request()));
    // Filling the count: a 12-question request gets more of the job's domain.
    const full = proposeOffline(request({ count: 12 }));
    expect(full).toHaveLength(12);
    expect(new Set(full.map((d) => d.sourceQuestionId ?? d.note)).size).toBe(12);
  });
});
