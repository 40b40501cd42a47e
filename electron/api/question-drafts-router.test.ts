import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open';
import { questionDrafts } from '../../db/drafts-schema';
import { auditLog, jobs, questions } from '../../db/schema';
import { createTestDb } from '../../db/test-db';
import { loadQuestionBank } from '../domain/question-bank';
import { seedFirstRun } from '../domain/seed';
import { createTestStaff } from '../domain/test-staff';
import { offlineQuestions } from '../screening/offline-questions';
import type { GenerationRequest, QuestionGenerator } from '../screening/question-generator';
import type { Services } from './services';
import { codeOf, createTestServices, signInStaff, stationCaller } from './test-router';

const bankPath = fileURLToPath(new URL('../../resources/seed/question-bank.json', import.meta.url));

const requirements = {
  requirements: [
    { skill: 'React', synonyms: [], mustHave: true },
    { skill: 'PostgreSQL', synonyms: ['Postgres', 'SQL'], mustHave: true },
    { skill: 'Java', synonyms: [], mustHave: false },
  ],
  interviewThreshold: 60,
};

// What a Gemini proposer would answer; main's real one is faked here, at the contract.
const geminiDraft = {
  type: 'text',
  domain: 'fullstack',
  prompt: 'How would you keep a React list of 10 000 rows responsive?',
  readingSeconds: 20,
  answerSeconds: 240,
} as const;

describe('question drafts', () => {
  let db: Db;
  let services: Services;
  let token: string;
  let jobId: number;
  const asked: GenerationRequest[] = [];
  let gemini: QuestionGenerator;

  beforeEach(async () => {
    db = createTestDb();
    asked.length = 0;
    gemini = async (request) => {
      asked.push(request);
      return {
        provider: 'gemini',
        model: 'gemini-test',
        drafts: [
          { fields: geminiDraft, covers: ['React'], note: 'Written by Gemini for React.' },
          // Not a valid bank question (no prompt): never stored.
          { fields: { ...geminiDraft, prompt: '' }, covers: [], note: 'Broken.' },
        ],
      };
    };
    services = createTestServices(db, {
      questionGenerators: (provider) =>
        provider === 'gemini' ? (request) => gemini(request) : offlineQuestions,
    });
    await seedFirstRun(db, loadQuestionBank(bankPath), 1);
    await createTestStaff(db, { username: 'alice' });
    token = await signInStaff(services, 'alice');
    jobId = (
      await caller().manage.createJob({
        token,
        job: {
          title: 'Web Engineer',
          department: null,
          description: 'The app',
          domain: 'fullstack',
        },
      })
    ).id;
  });
  afterEach(() => {
    services.sessions.close();
    db.$client.close();
  });
  const caller = () => stationCaller(services);
  const giveRequirements = () =>
    caller().manage.updateJob({
      token,
      jobId,
      job: {
        title: 'Web Engineer',
        department: null,
        description: 'The app',
        domain: 'fullstack',
        requirements,
      },
    });
  const draftAudits = () =>
    db
      .select({ action: auditLog.action, details: auditLog.details })
      .from(auditLog)
      .all()
      .filter((a) => /question(s_proposed|_draft_)/.test(a.action));
  const bankPrompts = async () =>
    (await caller().manage.listQuestions({ token, filter: {} })).map((q) => q.prompt);

  it('proposes offline drafts with coverage, and only an accepted one enters the bank, marked', async () => {
    const before = await caller()
      .screening.proposeQuestions({ token, jobId, level: 'mid', count: 5, provider: 'offline' })
      .catch((e: Error) => [codeOf(e), e.message]);
    expect(before).toEqual([
      'PRECONDITION_FAILED',
      '“Web Engineer” has no requirements to propose questions for. Add them in Jobs first.',
    ]);
    await giveRequirements();
    const bankBefore = await bankPrompts();

    const list = await caller().screening.proposeQuestions({
      token,
      jobId,
      level: 'mid',
      count: 4,
      provider: 'offline',
    });
    expect(list.drafts).toHaveLength(4);
    expect(list.lastOutcome).toEqual({ provider: 'offline', model: null, fallbackReason: null });
    expect(list.geminiConfigured).toBe(false);
    const java = list.drafts.find((d) => d.covers.includes('Java'));
    expect(java?.note).toBe('No bank question covers Java; written from a template.');
    expect(list.coverage.map((c) => [c.skill, c.draftIds.length > 0])).toEqual([
      ['React', true],
      ['PostgreSQL', true],
      ['Java', true],
    ]);
    expect(list.coverage.find((c) => c.skill === 'Java')?.draftIds).toEqual([java?.id]);
    // Drafts are not questions: the bank (and so every questionnaire's picker) is unchanged.
    expect(await bankPrompts()).toEqual(bankBefore);

    const [first, second, third] = list.drafts;
    if (!first || !second || !third || !java) throw new Error('Expected four drafts.');
    const edited = { ...java.fields, prompt: `${java.fields.prompt} Keep it to one project.` };
    await caller().screening.updateDraft({ token, draftId: java.id, question: edited });
    const accepted = await caller().screening.acceptDraft({ token, draftId: java.id });
    await caller().screening.discardDraft({ token, draftId: first.id });

    // An adapted bank question left as it reads is that bank question, not a copy of it.
    const adapted = [second, third].find((d) => d.sourceQuestionId !== null);
    if (!adapted) throw new Error('Expected a draft adapted from the bank.');
    const linked = await caller().screening.acceptDraft({ token, draftId: adapted.id });
    expect(linked).toEqual({ questionId: adapted.sourceQuestionId, existing: true });

    const bank = await caller().manage.listQuestions({ token, filter: {} });
    expect(accepted.existing).toBe(false);
    const made = bank.find((q) => q.id === accepted.questionId);
    expect(made).toMatchObject({ prompt: edited.prompt, generatedBy: 'offline', type: 'text' });
    expect(bank.filter((q) => q.generatedBy !== null)).toHaveLength(1);
    expect(bank.length).toBe(bankBefore.length + 1);

    const after = await caller().screening.questionDrafts({ token, jobId });
    expect(after.drafts.map((d) => d.id)).toEqual(
      list.drafts.filter((d) => ![java.id, first.id, adapted.id].includes(d.id)).map((d) => d.id),
    );
    // With its only draft accepted, Java is covered by the bank question, not a pending draft.
    expect(after.coverage.find((c) => c.skill === 'Java')).toMatchObject({
      draftIds: [],
      questionIds: [accepted.questionId],
    });

    for (const again of [
      () => caller().screening.acceptDraft({ token, draftId: java.id }),
      () => caller().screening.discardDraft({ token, draftId: java.id }),
      () => caller().screening.updateDraft({ token, draftId: first.id, question: edited }),
      () => caller().screening.acceptDraft({ token, draftId: first.id }),
    ]) {
      const refused: unknown = await again().catch((e: Error) => [codeOf(e), e.message]);
      expect(refused).toEqual([
        'CONFLICT',
        expect.stringMatching(/^This draft was already (accepted into the bank|discarded)\./),
      ]);
    }
    expect((await caller().manage.listQuestions({ token, filter: {} })).length).toBe(
      bankBefore.length + 1,
    );

    // The audit says what happened to which draft, never what a question says.
    expect(draftAudits().map((a) => a.action)).toEqual([
      'questions_proposed',
      'question_draft_updated',
      'question_draft_accepted',
      'question_draft_discarded',
      'question_draft_accepted',
    ]);
    expect(draftAudits()[0]?.details).toMatchObject({
      jobId,
      provider: 'offline',
      requested: 'offline',
      count: 4,
    });
    expect(draftAudits()[2]?.details).toMatchObject({
      draftId: java.id,
      questionId: accepted.questionId,
    });
    expect(JSON.stringify(draftAudits())).not.toMatch(/Java|React|project/);
  });

  it('accepts a Gemini draft marked Gemini, keeps only valid drafts, and sends no candidate data', async () => {
    await giveRequirements();
    const list = await caller().screening.proposeQuestions({
      token,
      jobId,
      level: 'senior',
      count: 3,
      provider: 'gemini',
    });
    expect(asked).toHaveLength(1);
    expect(Object.keys(asked[0]?.job ?? {}).sort()).toEqual([
      'description',
      'domain',
      'requirements',
      'title',
    ]);
    expect(asked[0]?.bank.length).toBeGreaterThan(20);
    expect(list.drafts.map((d) => [d.provider, d.model, d.fields.prompt])).toEqual([
      ['gemini', 'gemini-test', geminiDraft.prompt],
    ]);
    const draft = list.drafts[0];
    if (!draft) throw new Error('Expected a Gemini draft.');
    // Accepted as edited in the same call.
    const { questionId } = await caller().screening.acceptDraft({
      token,
      draftId: draft.id,
      question: { ...geminiDraft, answerSeconds: 300 },
    });
    const row = db.select().from(questions).where(eq(questions.id, questionId)).get();
    expect(row).toMatchObject({ generatedBy: 'gemini', answerSeconds: 300 });
    const stored = db.select().from(questionDrafts).where(eq(questionDrafts.id, draft.id)).get();
    expect(stored).toMatchObject({ status: 'accepted', questionId });
  });

  it('says why offline stood in for Gemini', async () => {
    await giveRequirements();
    gemini = async () => ({
      provider: 'offline',
      fallbackReason: 'Gemini did not answer in time.',
      drafts: [{ fields: geminiDraft, covers: ['React'], note: 'Chosen offline.' }],
    });
    const fell = await caller().screening.proposeQuestions({
      token,
      jobId,
      level: 'junior',
      count: 2,
      provider: 'gemini',
    });
    expect(fell.lastOutcome).toEqual({
      provider: 'offline',
      model: null,
      fallbackReason: 'Gemini did not answer in time.',
    });
    // A proposer that answers offline without a word gets one from the service.
    gemini = async () => ({ provider: 'offline', drafts: [] });
    const quiet = await caller().screening.proposeQuestions({
      token,
      jobId,
      level: 'junior',
      count: 2,
      provider: 'gemini',
    });
    expect(quiet.lastOutcome?.fallbackReason).toMatch(/^Gemini is not available/);
    expect(draftAudits().at(-1)?.details).toMatchObject({ fellBack: true, count: 0 });
  });

  it('goes with its job, and the bank export carries who proposed a question', async () => {
    await giveRequirements();
    const list = await caller().screening.proposeQuestions({
      token,
      jobId,
      level: 'mid',
      count: 3,
      provider: 'offline',
    });
    const templated = list.drafts.find((d) => d.sourceQuestionId === null);
    const { questionId } = await caller().screening.acceptDraft({
      token,
      draftId: templated?.id ?? 0,
    });
    const file = await caller().manage.exportQuestions({ token });
    const prompt = db.select().from(questions).where(eq(questions.id, questionId)).get()?.prompt;
    const exported = file.questions.filter((q) => 'generatedBy' in q);
    expect(exported.map((q) => [q.prompt, q.generatedBy])).toEqual([[prompt, 'offline']]);

    // Imported elsewhere, it stays marked (another station: a fresh database).
    const otherDb = createTestDb();
    const other = createTestServices(otherDb);
    await createTestStaff(otherDb, { username: 'bob' });
    const otherToken = await signInStaff(other, 'bob');
    const imported = await stationCaller(other).manage.importQuestions({
      token: otherToken,
      text: JSON.stringify(file),
    });
    expect(imported, JSON.stringify(imported)).toMatchObject({ ok: true });
    const marked = await stationCaller(other).manage.listQuestions({
      token: otherToken,
      filter: {},
    });
    expect(marked.filter((q) => q.generatedBy).map((q) => [q.prompt, q.generatedBy])).toEqual([
      [prompt, 'offline'],
    ]);
    other.sessions.close();
    otherDb.$client.close();

    db.delete(jobs).where(eq(jobs.id, jobId)).run();
    expect(db.select().from(questionDrafts).all()).toEqual([]);
    // The accepted question stays in the bank, still marked.
    expect(db.select().from(questions).where(eq(questions.id, questionId)).get()?.generatedBy).toBe(
      'offline',
    );
  });
});
