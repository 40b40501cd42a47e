import { describe, expect, it } from 'vitest';
import { rubricSchema, type Rubric } from '../../../shared/rubric';
import { rubricDraftOf, rubricOf } from './rubric-draft';

const rubric: Rubric = {
  criteria: [
    {
      name: 'Containment',
      weight: 2.5,
      keyPoints: [{ point: 'revoke the keys', synonyms: ['rotate the keys', 'disable the key'] }],
      anchors: [
        { level: 1, description: 'Leaves the keys valid.' },
        { level: 5, description: 'Revokes at once.' },
      ],
    },
    {
      name: 'Investigation',
      weight: 1,
      keyPoints: [{ point: 'audit logs', synonyms: [] }],
      anchors: [{ level: 3, description: 'Reads the logs.' }],
    },
  ],
  modelAnswer: 'Revoke, then investigate.',
};

describe('rubric drafts', () => {
  it('turns a saved rubric into a draft and back unchanged', () => {
    expect(rubricOf(rubricDraftOf(rubric))).toEqual(rubric);
  });

  it('starts a new rubric with two blank criteria, which the station refuses until filled', () => {
    const draft = rubricDraftOf(null);
    expect(draft.criteria).toHaveLength(2);
    expect(rubricSchema.safeParse(rubricOf(draft)).success).toBe(false);
  });

  it('splits comma-separated synonyms and drops blank rows and anchors', () => {
    const draft = rubricDraftOf(rubric);
    const [first] = draft.criteria;
    if (!first) throw new Error('no criterion');
    first.keyPoints = [
      { point: 'revoke', synonyms: ' rotate ,, disable , ' },
      { point: ' ', synonyms: '' },
    ];
    first.anchors[2] = '   ';
    const sent = rubricOf(draft).criteria[0];
    expect(sent?.keyPoints).toEqual([{ point: 'revoke', synonyms: ['rotate', 'disable'] }]);
    expect(sent?.anchors.map((a) => a.level)).toEqual([1, 5]);
  });
});
