import { CheckboxField, TextField } from './ui';
import {
  emptyRequirement,
  type RequirementDraft,
  type RequirementsDraft,
} from './requirements-draft';

/** The skills, experience and threshold a job's résumés are screened against. */
export function RequirementsEditor({
  draft,
  onChange,
}: {
  draft: RequirementsDraft;
  onChange(draft: RequirementsDraft): void;
}) {
  const setRow = (index: number, patch: Partial<RequirementDraft>) =>
    onChange({
      ...draft,
      rows: draft.rows.map((row, i) => (i === index ? { ...row, ...patch } : row)),
    });
  return (
    <fieldset className="requirements-editor">
      <legend>Screening requirements</legend>
      {draft.rows.map((row, index) => (
        // Rows have no identity of their own until saved; their place is their key.
        <div className="requirement-row" key={index}>
          <TextField
            label={`Skill ${index + 1}`}
            value={row.skill}
            onChange={(skill) => setRow(index, { skill })}
          />
          <TextField
            label={`Synonyms of skill ${index + 1}`}
            hint="Comma-separated, e.g. Postgres, psql"
            value={row.synonyms}
            onChange={(synonyms) => setRow(index, { synonyms })}
          />
          <CheckboxField
            label={`Skill ${index + 1} is a must-have`}
            checked={row.mustHave}
            onChange={(mustHave) => setRow(index, { mustHave })}
          />
          <button
            type="button"
            className="danger"
            onClick={() => onChange({ ...draft, rows: draft.rows.filter((_, i) => i !== index) })}
          >
            Remove<span className="visually-hidden"> skill {index + 1}</span>
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() => onChange({ ...draft, rows: [...draft.rows, emptyRequirement()] })}
      >
        Add skill
      </button>
      <TextField
        label="Minimum years of experience"
        inputMode="decimal"
        value={draft.minYears}
        onChange={(minYears) => onChange({ ...draft, minYears })}
      />
      <TextField
        label="Interview threshold (0–100)"
        hint="A résumé scoring this or more is suggested for interview; staff decide."
        inputMode="numeric"
        value={draft.threshold}
        onChange={(threshold) => onChange({ ...draft, threshold })}
      />
    </fieldset>
  );
}
