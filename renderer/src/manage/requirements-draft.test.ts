import { describe, expect, it } from 'vitest';
import { screeningRequirementsSchema } from '../../../shared/job-requirements';
import { requirementsDraftOf, requirementsOfDraft } from './requirements-draft';

describe('requirements draft', () => {
  it('round-trips saved requirements, synonyms comma-separated', () => {
    const saved = {
      requirements: [
        { skill: 'PostgreSQL', synonyms: ['Postgres', 'psql'], mustHave: true },
        { skill: 'Go', synonyms: [], mustHave: false },
      ],
      minYears: 3,
      interviewThreshold: 70,
    };
    const draft = requirementsDraftOf(saved);
    expect(draft.rows[0]?.synonyms).toBe('Postgres, psql');
    expect(requirementsOfDraft(draft)).toEqual(saved);
  });

  it('drops blank rows, and sends null for no skills and no minimum', () => {
    const draft = requirementsDraftOf(null);
    expect(requirementsOfDraft(draft)).toBeNull();
    const typed = {
      ...draft,
      rows: [
        { skill: ' Rust ', synonyms: ' , rustlang,', mustHave: false },
        { skill: '', synonyms: '', mustHave: true },
      ],
    };
    expect(requirementsOfDraft(typed)).toEqual({
      requirements: [{ skill: 'Rust', synonyms: ['rustlang'], mustHave: false }],
      interviewThreshold: 60,
    });
  });

  it('sends a mistyped number as NaN for the server to refuse, not as something else', () => {
    const sent = requirementsOfDraft({ rows: [], minYears: 'five', threshold: '60' });
    expect(screeningRequirementsSchema.safeParse(sent).success).toBe(false);
  });
});
