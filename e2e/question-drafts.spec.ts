import { eq } from 'drizzle-orm';
import { questionDrafts } from '../db/drafts-schema';
import { questionnaireQuestions, questionnaires, questions } from '../db/schema';
import { startFakeGemini } from '../electron/evaluation/test-fake-gemini';
import { cachingQuestion } from '../electron/evaluation/test-rubrics';
import { geminiWrittenQuestion } from '../electron/screening/test-gemini-questions';
import { openStationDb, seedE2eInterview, setJobRequirements } from './fixtures/data';
import { signInFirstTime } from './fixtures/staff';
import { recruiterLogin } from './fixtures/station';
import { expect, test } from './fixtures/test';

const EDITED = 'Describe a Java service you built and how you kept it fast under load.';

test('proposed questions are drafts: only the one accepted reaches the bank and a questionnaire', async ({
  page,
  dataDir,
  startStation,
}) => {
  const station = await startStation();
  await signInFirstTime(page, station.url, recruiterLogin(station), 'a long new staff password');
  await page.getByRole('button', { name: 'Manage' }).click();
  await page.getByRole('tab', { name: 'Jobs' }).click();

  // A job whose requirements the seeded bank covers only in part: it has React, and mentions
  // Java only inside "JavaScript", which does not count.
  await page.getByRole('button', { name: 'New job' }).click();
  const form = page.getByRole('region', { name: 'New job' });
  await form.getByLabel('Title').fill('Platform Engineer');
  await form.getByLabel('Question domain').selectOption({ label: 'Full-stack' });
  const skills = ['Java', 'React', 'Kotlin', 'Elixir'];
  for (const [index, skill] of skills.entries()) {
    await form.getByRole('button', { name: 'Add skill' }).click();
    await form.getByLabel(`Skill ${index + 1}`, { exact: true }).fill(skill);
  }
  await form.getByLabel('Skill 1 is a must-have').check();
  await form.getByRole('button', { name: 'Add job' }).click();
  await expect(form).toHaveCount(0);

  await page.getByRole('button', { name: 'Propose questions for Platform Engineer' }).click();
  const panel = page.getByRole('region', { name: 'Propose questions: Platform Engineer' });
  await expect(panel.getByText('No drafts waiting.')).toBeVisible();
  await panel.getByLabel('Level').selectOption({ label: 'Senior' });
  await panel.getByLabel('How many').fill('4');
  // No Gemini key on this station: the option is there, but cannot be chosen.
  await expect(
    panel.getByRole('option', { name: 'Gemini (no API key configured)' }),
  ).toBeDisabled();
  await panel.getByRole('button', { name: 'Propose', exact: true }).click();
  await expect(panel.getByText('Proposed 4 drafts offline from the bank.')).toBeVisible();

  const cards = panel.getByRole('article');
  await expect(cards).toHaveCount(4);
  // Must-have first, from a template; then the bank's React question; then the other templates.
  await expect(cards.nth(0)).toContainText(
    'No bank question covers Java; written from a template.',
  );
  await expect(cards.nth(1)).toContainText(/Covers React; adapted from bank question #\d+\./);
  await expect(cards.nth(2)).toContainText('used Kotlin');
  await expect(cards.nth(3)).toContainText('used Elixir');
  const draftId = async (n: number) =>
    ((await cards.nth(n).getByRole('heading').textContent()) ?? '').match(/^Draft (\d+)/)?.[1];
  const [java, react, kotlin] = [await draftId(0), await draftId(1), await draftId(2)];
  const card = (id: string | undefined) =>
    panel.getByRole('article', { name: new RegExp(`^Draft ${id} ·`) });
  const coverage = panel.getByRole('table', { name: 'Coverage of the requirements' });
  const row = (skill: string) => coverage.getByRole('row', { name: new RegExp(`^${skill}`) });
  await expect(row('Java')).toContainText(`Draft ${java}`);
  await expect(row('React')).toContainText(`Draft ${react}`);
  await page.screenshot({ path: '/tmp/question-drafts-proposed.png', fullPage: true });

  // Java's draft edited, then accepted; Kotlin's discarded; React's and Elixir's left pending.
  await card(java)
    .getByRole('button', { name: `Edit draft ${java}` })
    .click();
  const editor = panel.getByRole('form', { name: `Edit draft ${java}` });
  await editor.getByLabel('Question').fill(EDITED);
  await editor.screenshot({ path: '/tmp/question-drafts-editing.png' });
  await editor.getByRole('button', { name: 'Save draft' }).click();
  await expect(panel.getByText(`Draft ${java} was saved.`)).toBeVisible();
  await expect(card(java)).toContainText(EDITED);
  await card(java)
    .getByRole('button', { name: `Accept draft ${java}` })
    .click();
  const acceptedAs = panel.getByText(
    new RegExp(`^Draft ${java} was accepted into the bank as question (\\d+)\\.$`),
  );
  await expect(acceptedAs).toBeVisible();
  const questionId = ((await acceptedAs.textContent()) ?? '').match(/question (\d+)/)?.[1];
  await expect(cards).toHaveCount(3);
  await card(kotlin)
    .getByRole('button', { name: `Discard draft ${kotlin}` })
    .click();
  await expect(panel.getByText(`Draft ${kotlin} was discarded.`)).toBeVisible();
  await expect(cards).toHaveCount(2);
  // Coverage as it is now: Java by the bank question it became, Kotlin by nothing.
  await expect(row('Java')).toContainText(`Question ${questionId} (in the bank)`);
  await expect(row('Kotlin')).toContainText('Not covered');
  await page.screenshot({ path: '/tmp/question-drafts-decided.png', fullPage: true });

  // The bank shows the accepted question marked as generated, and nothing of the others.
  await page.getByRole('tab', { name: 'Questions' }).click();
  await page.getByLabel('Search the wording').fill('Java service');
  const accepted = page.getByRole('row', { name: new RegExp(EDITED) });
  await expect(accepted).toContainText('Generated · offline');
  await page.getByLabel('Search the wording').fill('Describe a piece of work');
  await expect(page.getByText('No questions match these filters.')).toBeVisible();

  // The questionnaire's picker offers the accepted question, never a pending or discarded draft.
  await page.getByRole('tab', { name: 'Questionnaires' }).click();
  await page.getByRole('button', { name: 'New questionnaire' }).click();
  const newQuestionnaire = page.getByRole('region', { name: 'New questionnaire' });
  await newQuestionnaire.getByLabel('Title').fill('Platform interview');
  await newQuestionnaire.getByLabel('Job').selectOption({ label: 'Platform Engineer' });
  await newQuestionnaire.getByRole('button', { name: 'Create questionnaire' }).click();
  const order = page.getByRole('region', { name: /^Questions \(\d+\)$/ });
  const add = order.getByLabel('Add a question from the bank');
  await expect(add.locator('option', { hasText: EDITED })).toHaveCount(1);
  const offered = await add.locator('option').allTextContents();
  expect(offered.length).toBeGreaterThan(20);
  expect(offered.filter((o) => /used (Kotlin|Elixir)|Describe a piece of work/.test(o))).toEqual(
    [],
  );
  await add.selectOption({ label: `Full-stack · Written — ${EDITED}` });
  await order.getByRole('button', { name: 'Add question' }).click();
  await expect(order.getByRole('listitem')).toHaveCount(1);
  await expect(order.getByRole('listitem')).toContainText(EDITED);

  const db = openStationDb(dataDir);
  try {
    const saved = db
      .select({ prompt: questions.prompt, generatedBy: questions.generatedBy })
      .from(questionnaireQuestions)
      .innerJoin(questionnaires, eq(questionnaires.id, questionnaireQuestions.questionnaireId))
      .innerJoin(questions, eq(questions.id, questionnaireQuestions.questionId))
      .where(eq(questionnaires.title, 'Platform interview'))
      .all();
    expect(saved).toEqual([{ prompt: EDITED, generatedBy: 'offline' }]);
    const statuses = db
      .select({ status: questionDrafts.status })
      .from(questionDrafts)
      .orderBy(questionDrafts.id)
      .all()
      .map((d) => d.status);
    expect(statuses).toEqual(['accepted', 'draft', 'discarded', 'draft']);
  } finally {
    db.$client.close();
  }
});

test('with a Gemini key, questions written by Gemini come as drafts with their rubric; the one accepted is marked Gemini', async ({
  page,
  dataDir,
  startStation,
}) => {
  const written = geminiWrittenQuestion;
  const fake = await startFakeGemini({
    kind: 'reply',
    json: {
      questions: [
        written('How would you shard a Postgres table that outgrew one machine?', ['Postgres']),
        written('Walk through a Kubernetes rollout that went wrong.', ['Kubernetes']),
      ],
      instructionsInDescription: false,
    },
  });
  try {
    const { jobId } = seedE2eInterview(dataDir, [{ type: 'text', answerSeconds: 120 }]);
    setJobRequirements(
      dataDir,
      jobId,
      [
        { skill: 'Postgres', synonyms: ['PostgreSQL'], mustHave: true },
        { skill: 'Kubernetes', synonyms: [], mustHave: false },
      ],
      'fullstack',
    );
    const station = await startStation({
      GEMINI_API_KEY: 'e2e-test-key-not-a-real-one',
      GEMINI_BASE_URL: fake.baseUrl,
    });
    await signInFirstTime(page, station.url, recruiterLogin(station));
    await page.getByRole('button', { name: 'Manage' }).click();
    await page.getByRole('tab', { name: 'Jobs' }).click();
    await page.getByRole('button', { name: 'Propose questions for Backend Engineer' }).click();
    const panel = page.getByRole('region', { name: 'Propose questions: Backend Engineer' });
    await panel.getByLabel('How many').fill('2');
    await panel.getByLabel('Proposed by').selectOption({ label: 'Gemini' });
    await panel.getByRole('button', { name: 'Propose', exact: true }).click();
    const cards = panel.getByRole('article');
    await expect(cards).toHaveCount(2);
    await expect(cards.nth(0)).toContainText('Written by Gemini for Postgres.');
    await expect(cards.nth(0)).toContainText('shard a Postgres table');
    const id = ((await cards.nth(0).getByRole('heading').textContent()) ?? '').match(
      /^Draft (\d+)/,
    )?.[1];
    await cards
      .nth(0)
      .getByRole('button', { name: `Accept draft ${id}` })
      .click();
    await expect(panel.getByText(new RegExp(`^Draft ${id} was accepted`))).toBeVisible();

    // The request held the job, never a candidate.
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.problems).toEqual([]);
    expect(fake.requests[0]?.raw).not.toContain('Ada Lovelace');

    await page.getByRole('tab', { name: 'Questions' }).click();
    await page.getByLabel('Search the wording').fill('shard a Postgres');
    await expect(page.getByRole('row', { name: /shard a Postgres/ })).toContainText(
      'Generated · Gemini',
    );
    const check = openStationDb(dataDir);
    try {
      const [accepted] = check
        .select({ generatedBy: questions.generatedBy, rubric: questions.rubric })
        .from(questions)
        .where(
          eq(questions.prompt, 'How would you shard a Postgres table that outgrew one machine?'),
        )
        .all();
      expect(accepted?.generatedBy).toBe('gemini');
      expect(accepted?.rubric?.criteria.length).toBe(cachingQuestion.rubric.criteria.length);
    } finally {
      check.$client.close();
    }
  } finally {
    await fake.close();
  }
});
