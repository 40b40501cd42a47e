import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { createTestDb, refusal, seedTestInterview } from '../../db/test-db';
import { insertSession, loadInterviewQuestions } from '../domain/session-store';
import { createJob, deleteJob, listJobs } from './jobs';
import {
  createQuestionnaire,
  duplicateQuestionnaire,
  getQuestionnaire,
  listQuestionnaires,
  setQuestionnaireQuestions,
  updateQuestionnaire,
} from './questionnaires';
import { createQuestion, removeQuestion } from './questions';
import { auditActions, mcq, testContext, textQuestion, TEST_NOW } from './test-context';

describe('questionnaires', () => {
  let db: Db;
  beforeEach(() => {
    db = createTestDb();
  });
  afterEach(() => db.$client.close());

  const job = { title: 'Data Engineer', department: 'Data', description: '', domain: null };

  it('builds an ordered questionnaire and reorders it in the order a session will ask', () => {
    const ctx = testContext(db);
    const { id: jobId } = createJob(ctx, job);
    const a = createQuestion(ctx, mcq()).id;
    const b = createQuestion(ctx, textQuestion('B')).id;
    const c = createQuestion(ctx, textQuestion('C')).id;
    const { id } = createQuestionnaire(ctx, { title: 'Screen', jobId, retakesAllowed: 1 });
    setQuestionnaireQuestions(ctx, id, [a, b, c]);
    setQuestionnaireQuestions(ctx, id, [c, a]);
    expect(getQuestionnaire(ctx, id).questions.map((q) => q.id)).toEqual([c, a]);
    updateQuestionnaire(ctx, id, { title: 'Screening', jobId, retakesAllowed: 2 });
    expect(listQuestionnaires(ctx)).toEqual([
      expect.objectContaining({
        title: 'Screening',
        jobTitle: 'Data Engineer',
        retakesAllowed: 2,
        questionCount: 2,
        locked: false,
      }),
    ]);
    expect(auditActions(db).filter((a) => a.startsWith('questionnaire'))).toEqual([
      'questionnaire_created',
      'questionnaire_questions_set',
      'questionnaire_questions_set',
      'questionnaire_updated',
    ]);
  });

  it('refuses archived and unknown questions', () => {
    const ctx = testContext(db);
    const { id } = createQuestionnaire(ctx, { title: 'Q', jobId: null, retakesAllowed: 0 });
    expect(refusal(() => setQuestionnaireQuestions(ctx, id, [999])).code).toBe('NOT_FOUND');
    const seeded = seedTestInterview(db, {
      questions: [{ type: 'text', readingSeconds: 1, answerSeconds: 10 }],
    });
    const [used] = seeded.questionIds;
    if (used === undefined) throw new Error('no question');
    insertSession(db, seeded.interviewId, loadInterviewQuestions(db, seeded.interviewId), TEST_NOW);
    removeQuestion(ctx, used);
    expect(refusal(() => setQuestionnaireQuestions(ctx, id, [used])).message).toMatch(/archived/);
  });

  it('fixes questions and retakes once a session has used it, and duplicates instead', () => {
    const ctx = testContext(db);
    const seeded = seedTestInterview(db, {
      questions: [
        { type: 'text', readingSeconds: 1, answerSeconds: 10 },
        { type: 'text', readingSeconds: 1, answerSeconds: 10 },
      ],
    });
    insertSession(db, seeded.interviewId, loadInterviewQuestions(db, seeded.interviewId), TEST_NOW);
    const qid = seeded.questionnaireId;
    expect(refusal(() => setQuestionnaireQuestions(ctx, qid, [])).code).toBe('CONFLICT');
    expect(
      refusal(() =>
        updateQuestionnaire(ctx, qid, { title: 'x', jobId: seeded.jobId, retakesAllowed: 3 }),
      ).message,
    ).toMatch(/Duplicate it/);
    // Renaming is harmless and allowed.
    updateQuestionnaire(ctx, qid, { title: 'Renamed', jobId: seeded.jobId, retakesAllowed: 0 });
    const copy = duplicateQuestionnaire(ctx, qid);
    const detail = getQuestionnaire(ctx, copy.id);
    expect(detail).toMatchObject({ title: 'Renamed (copy)', locked: false });
    expect(detail.questions.map((q) => q.id)).toEqual(seeded.questionIds);
    setQuestionnaireQuestions(ctx, copy.id, [...seeded.questionIds].reverse());
  });
});

describe('jobs', () => {
  let db: Db;
  beforeEach(() => {
    db = createTestDb();
  });
  afterEach(() => db.$client.close());

  it('deletes an unused job but keeps one with interviews', () => {
    const ctx = testContext(db);
    const { id } = createJob(ctx, {
      title: 'Unused',
      department: '',
      description: '',
      domain: 'ai_ml',
    });
    expect(listJobs(ctx).find((j) => j.id === id)?.department).toBeNull();
    const { id: questionnaireId } = createQuestionnaire(ctx, {
      title: 'Linked',
      jobId: id,
      retakesAllowed: 0,
    });
    deleteJob(ctx, id);
    expect(getQuestionnaire(ctx, questionnaireId).jobId).toBeNull();

    const seeded = seedTestInterview(db, {
      questions: [{ type: 'text', readingSeconds: 1, answerSeconds: 10 }],
    });
    const refused = refusal(() => deleteJob(ctx, seeded.jobId));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(/1 interview,/);
    expect(auditActions(db)).toEqual(['job_created', 'questionnaire_created', 'job_deleted']);
  });
});
