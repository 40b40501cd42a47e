import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { rubricSchema } from '../../shared/rubric';
import { loadQuestionBank, questionBankSchema } from './question-bank';

const bankPath = fileURLToPath(new URL('../../resources/seed/question-bank.json', import.meta.url));

const rubric = {
  criteria: [
    {
      name: 'Containment',
      weight: 2,
      keyPoints: [{ point: 'revoke the keys', synonyms: ['rotate the keys'] }],
      anchors: [
        { level: 1, description: 'Leaves the keys valid.' },
        { level: 5, description: 'Revokes at once.' },
      ],
    },
    {
      name: 'Investigation',
      weight: 1,
      keyPoints: [{ point: 'audit logs', synonyms: ['CloudTrail'] }],
      anchors: [{ level: 3, description: 'Checks the logs.' }],
    },
  ],
  modelAnswer: 'Revoke the keys, then read the audit logs.',
};

const video = {
  key: 'cybersecurity-video-1',
  domain: 'cybersecurity',
  type: 'video',
  prompt: 'Walk us through it.',
  readingSeconds: 30,
  answerSeconds: 150,
  rubric,
};

const mcq = {
  key: 'fullstack-mcq-1',
  domain: 'fullstack',
  type: 'mcq',
  prompt: 'Which one?',
  options: ['a', 'b', 'c', 'd'],
  correctOption: 0,
  readingSeconds: 15,
  answerSeconds: 60,
};

function firstIssue(question: object) {
  const result = questionBankSchema.safeParse({ version: 1, questions: [question] });
  expect(result.success).toBe(false);
  const issue = result.error?.issues[0];
  return { path: issue?.path.join('.'), message: issue?.message };
}

describe('rubrics in the question bank schema', () => {
  it('accepts an open question with a valid rubric', () => {
    expect(questionBankSchema.safeParse({ version: 1, questions: [video] }).success).toBe(true);
  });

  it('requires a rubric on audio, video and text questions', () => {
    for (const type of ['audio', 'video', 'text'] as const) {
      const { rubric: _omitted, ...withoutRubric } = video;
      const question = { ...withoutRubric, type, key: `cybersecurity-${type}-1` };
      expect(firstIssue(question).path, type).toBe('questions.0.rubric');
    }
  });

  it('refuses a rubric on an mcq', () => {
    expect(firstIssue({ ...mcq, rubric }).message).toMatch(/Unrecognized key.*"rubric"/);
  });

  it('names the field of an invalid rubric', () => {
    const cases: [object, string][] = [
      [{ ...rubric, criteria: rubric.criteria.slice(0, 1) }, 'questions.0.rubric.criteria'],
      [{ ...rubric, modelAnswer: '  ' }, 'questions.0.rubric.modelAnswer'],
      [
        { ...rubric, criteria: [{ ...rubric.criteria[0], weight: 0 }, rubric.criteria[1]] },
        'questions.0.rubric.criteria.0.weight',
      ],
      [
        { ...rubric, criteria: [{ ...rubric.criteria[0], keyPoints: [] }, rubric.criteria[1]] },
        'questions.0.rubric.criteria.0.keyPoints',
      ],
      [
        {
          ...rubric,
          criteria: [
            rubric.criteria[0],
            { ...rubric.criteria[1], anchors: [{ level: 6, description: 'Too high' }] },
          ],
        },
        'questions.0.rubric.criteria.1.anchors.0.level',
      ],
      [
        { ...rubric, criteria: [rubric.criteria[0], { ...rubric.criteria[0], weight: 1 }] },
        'questions.0.rubric.criteria',
      ],
    ];
    for (const [bad, path] of cases) {
      expect(firstIssue({ ...video, rubric: bad }).path).toBe(path);
    }
  });
});

describe('seeded rubrics', () => {
  const bank = loadQuestionBank(bankPath);
  // flatMap narrows the type, so q.rubric is known to be there.
  const open = bank.questions.flatMap((q) => (q.type === 'mcq' ? [] : [q]));

  it('gives each of the 18 open questions a valid rubric', () => {
    expect(open).toHaveLength(18);
    for (const q of open) {
      expect(rubricSchema.safeParse(q.rubric).success, q.key).toBe(true);
    }
  });

  it('keeps rubrics to the house shape: anchors at 1, 3 and 5, real synonyms, 80–200 word model answers', () => {
    for (const q of open) {
      const { criteria, modelAnswer } = q.rubric;
      const words = modelAnswer.split(/\s+/).length;
      expect(words, `${q.key} model answer words`).toBeGreaterThanOrEqual(80);
      expect(words, `${q.key} model answer words`).toBeLessThanOrEqual(200);
      for (const c of criteria) {
        const label = `${q.key} / ${c.name}`;
        expect(c.keyPoints.length, label).toBeGreaterThanOrEqual(2);
        expect(c.keyPoints.length, label).toBeLessThanOrEqual(6);
        expect(
          c.anchors.map((a) => a.level),
          label,
        ).toEqual(expect.arrayContaining([1, 3, 5]));
        for (const k of c.keyPoints)
          expect(k.synonyms.length, `${label} / ${k.point}`).toBeGreaterThan(0);
      }
    }
  });

  it('keeps a rubric off every mcq', () => {
    for (const q of bank.questions.filter((q) => q.type === 'mcq')) {
      expect(q, q.key).not.toHaveProperty('rubric');
    }
  });
});
