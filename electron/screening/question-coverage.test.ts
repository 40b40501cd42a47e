import { describe, expect, it } from 'vitest';
import type { QuestionFields } from '../manage/schemas';
import { coverageOf, coveredSkills } from './question-coverage';

const text = (prompt: string) =>
  ({
    type: 'text',
    domain: 'fullstack',
    prompt,
    readingSeconds: 20,
    answerSeconds: 300,
  }) satisfies QuestionFields;
const requirements = [
  { skill: 'PostgreSQL', synonyms: ['Postgres'], mustHave: true },
  { skill: 'Java', synonyms: [], mustHave: false },
  { skill: 'Go', synonyms: ['Golang'], mustHave: false },
];

describe('coverage of a job’s requirements', () => {
  it('matches skills and synonyms as whole words, in the prompt, options and rubric', () => {
    expect(coveredSkills(requirements, text('How do you tune Postgres for writes?'))).toEqual([
      'PostgreSQL',
    ]);
    // Not in "JavaScript", nor "Go" in "go" or "Google" (a two-letter term only as written).
    expect(
      coveredSkills(requirements, text('Where would you go for JavaScript on Google?')),
    ).toEqual([]);
    const mcq: QuestionFields = {
      type: 'mcq',
      domain: 'fullstack',
      prompt: 'Which language compiles to a single static binary by default?',
      options: ['Java', 'Go', 'Python', 'Ruby'],
      correctOption: 1,
      readingSeconds: 10,
      answerSeconds: 60,
    };
    expect(coveredSkills(requirements, mcq)).toEqual(['Java', 'Go']);
    const withRubric: QuestionFields = {
      ...text('Describe a service you built.'),
      rubric: {
        criteria: [
          {
            name: 'Storage',
            keyPoints: [{ point: 'chooses a database', synonyms: ['Golang driver for Postgres'] }],
            anchors: [{ level: 1, description: 'None.' }],
            weight: 1,
          },
          {
            name: 'Delivery',
            keyPoints: [{ point: 'ships it', synonyms: [] }],
            anchors: [{ level: 1, description: 'None.' }],
            weight: 1,
          },
        ],
        modelAnswer: 'A service on Java.',
      },
    };
    // The model answer is not where a question's subject is read from; key points are.
    expect(coveredSkills(requirements, withRubric)).toEqual(['PostgreSQL', 'Go']);
  });

  it('counts a draft by what it says it covers and by its wording as edited', () => {
    const rows = coverageOf(
      requirements,
      [
        { id: 1, covers: ['java'], fields: text('Describe a service you built.') },
        { id: 2, covers: [], fields: text('How do you back up a Postgres database?') },
      ],
      [
        { questionId: 9, covers: ['PostgreSQL'], fields: text('Indexes in PostgreSQL?') },
        { questionId: 9, covers: ['PostgreSQL'], fields: text('Indexes in PostgreSQL?') },
      ],
    );
    expect(rows).toEqual([
      { skill: 'PostgreSQL', mustHave: true, draftIds: [2], questionIds: [9] },
      { skill: 'Java', mustHave: false, draftIds: [1], questionIds: [] },
      { skill: 'Go', mustHave: false, draftIds: [], questionIds: [] },
    ]);
  });
});
