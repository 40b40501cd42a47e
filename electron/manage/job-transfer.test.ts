import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { createTestDb } from '../../db/test-db';
import { ALL_JOBS } from '../domain/job-access';
import { createJob, listJobs } from './jobs';
import { exportQuestions, importQuestions } from './question-transfer';
import { createQuestion } from './questions';
import { mcq, testContext } from './test-context';

const requirements = {
  requirements: [{ skill: 'PostgreSQL', synonyms: ['Postgres'], mustHave: true }],
  minYears: 2,
  interviewThreshold: 65,
};
const backend = {
  title: 'Backend engineer',
  department: 'Platform',
  description: 'Billing services',
  domain: 'fullstack' as const,
  requirements,
};

describe('jobs in the bank file', () => {
  let db: Db;
  let other: Db;
  beforeEach(() => {
    db = createTestDb();
    other = createTestDb();
  });
  afterEach(() => {
    db.$client.close();
    other.$client.close();
  });

  it('exports jobs with their requirements and imports them into another station', () => {
    const source = testContext(db);
    createQuestion(source, mcq());
    createJob(source, backend);
    createJob(source, { title: 'Designer', department: null, description: '', domain: null });
    const file = exportQuestions(source, {}, ALL_JOBS);
    expect(file.jobs).toEqual([
      backend,
      { title: 'Designer', department: null, description: '', domain: null },
    ]);

    const result = importQuestions(testContext(other), JSON.stringify(file));
    expect(result).toMatchObject({ ok: true, imported: 1, jobsImported: 2 });
    const strip = ({ id: _id, ...job }: ReturnType<typeof listJobs>[number]) => job;
    expect(listJobs(testContext(other)).map(strip)).toEqual(listJobs(source).map(strip));
    expect(listJobs(testContext(other))[0]?.requirements).toEqual(requirements);
  });

  it('leaves jobs out of an export without a job scope, and reads files without jobs', () => {
    const source = testContext(db);
    createQuestion(source, mcq());
    createJob(source, backend);
    const file = exportQuestions(source, {});
    expect(file).not.toHaveProperty('jobs');
    expect(importQuestions(testContext(other), JSON.stringify(file))).toMatchObject({
      ok: true,
      jobsImported: 0,
    });
  });

  it('imports nothing when a job is wrong or already on the station, saying which and why', () => {
    createJob(testContext(other), { ...backend, requirements: null });
    const file = {
      version: 1,
      questions: [mcq()],
      jobs: [
        backend,
        { ...backend, title: 'Data', requirements: { ...requirements, interviewThreshold: 120 } },
        { ...backend, title: 'Ops', requirements: { requirements: [{ skill: '' }] } },
      ],
    };
    const result = importQuestions(testContext(other), JSON.stringify(file));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.field)).toEqual([
      'jobs.1.title',
      'jobs.2.requirements.interviewThreshold',
      'jobs.3.requirements.requirements.0.skill',
    ]);
    expect(result.problems[0]?.message).toBe('A job with this title is already on the station.');
    expect(listJobs(testContext(other))).toHaveLength(1);
  });
});
