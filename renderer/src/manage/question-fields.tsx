import { useId } from 'react';
import type { Rubric } from '../../../shared/rubric';
import { DOMAIN_LABELS, optionsOf, TYPE_LABELS } from './labels';
import { RubricEditor } from './rubric-editor';
import { rubricDraftOf, rubricOf, type RubricDraft } from './rubric-draft';
import type { Domain, QuestionInput, QuestionType } from './types';
import { SelectField, TextArea, TextField } from './ui';

/** A question as the form edits it: numbers as typed, the rubric as its own draft. */
export interface QuestionDraft {
  domain: Domain;
  type: QuestionType;
  prompt: string;
  options: string[];
  correctOption: number;
  readingSeconds: string;
  answerSeconds: string;
  /** Kept while the type changes, so switching to MCQ and back loses nothing. */
  rubric: RubricDraft;
}

/** What a form starts from: a bank question, or a proposed draft's question. */
export interface QuestionLike {
  domain: Domain;
  type: QuestionType;
  prompt: string;
  options?: string[] | null;
  correctOption?: number | null;
  readingSeconds: number;
  answerSeconds: number;
  rubric?: Rubric | null;
}

export function questionDraftOf(
  question: QuestionLike | null,
  defaults: Pick<QuestionDraft, 'domain' | 'type'>,
): QuestionDraft {
  if (!question) {
    return {
      ...defaults,
      prompt: '',
      options: ['', '', '', ''],
      correctOption: 0,
      readingSeconds: '20',
      answerSeconds: defaults.type === 'mcq' ? '60' : '180',
      rubric: rubricDraftOf(null),
    };
  }
  return {
    domain: question.domain,
    type: question.type,
    prompt: question.prompt,
    options: question.options ?? ['', '', '', ''],
    correctOption: question.correctOption ?? 0,
    readingSeconds: String(question.readingSeconds),
    answerSeconds: String(question.answerSeconds),
    // An open question made before rubrics starts from a blank one, to be written on save.
    rubric: rubricDraftOf(question.rubric ?? null),
  };
}

// Numbers go to the station as typed; its checks say what is wrong with them.
export function questionInputOf(draft: QuestionDraft): QuestionInput {
  const base = {
    domain: draft.domain,
    prompt: draft.prompt,
    readingSeconds: Number(draft.readingSeconds),
    answerSeconds: Number(draft.answerSeconds),
  };
  if (draft.type === 'mcq') {
    return { ...base, type: 'mcq', options: draft.options, correctOption: draft.correctOption };
  }
  return { ...base, type: draft.type, rubric: rubricOf(draft.rubric) };
}

/**
 * A question's fields: domain, type, wording, options or rubric, and times. Shared by the bank's
 * form and a proposed draft's, so a draft is edited exactly as a bank question is.
 */
export function QuestionFieldsEditor({
  draft,
  onChange,
}: {
  draft: QuestionDraft;
  onChange(draft: QuestionDraft): void;
}) {
  const optionsId = useId();
  const set = (patch: Partial<QuestionDraft>) => onChange({ ...draft, ...patch });
  const setOption = (index: number, value: string) =>
    set({ options: draft.options.map((o, i) => (i === index ? value : o)) });
  const removeOption = (index: number) =>
    set({
      options: draft.options.filter((_, i) => i !== index),
      correctOption:
        draft.correctOption === index
          ? 0
          : draft.correctOption > index
            ? draft.correctOption - 1
            : draft.correctOption,
    });
  return (
    <>
      <div className="form-row">
        <SelectField<Domain>
          label="Domain"
          value={draft.domain}
          onChange={(domain) => set({ domain })}
          options={optionsOf(DOMAIN_LABELS)}
        />
        <SelectField<QuestionType>
          label="Type"
          value={draft.type}
          onChange={(type) => set({ type })}
          options={optionsOf(TYPE_LABELS)}
        />
      </div>
      <TextArea
        label="Question"
        rows={3}
        value={draft.prompt}
        onChange={(prompt) => set({ prompt })}
      />
      {draft.type === 'mcq' && (
        <fieldset className="options" aria-describedby={`${optionsId}-hint`}>
          <legend>Options</legend>
          <p className="hint" id={`${optionsId}-hint`}>
            Between 2 and 8 options. Mark the correct one.
          </p>
          {draft.options.map((option, index) => (
            <div className="option-row" key={index}>
              <input
                type="radio"
                name={`${optionsId}-correct`}
                id={`${optionsId}-correct-${index}`}
                checked={draft.correctOption === index}
                onChange={() => set({ correctOption: index })}
              />
              <label htmlFor={`${optionsId}-correct-${index}`} className="visually-hidden">
                Option {index + 1} is correct
              </label>
              <label htmlFor={`${optionsId}-text-${index}`} className="option-label">
                {String.fromCharCode(65 + index)}
              </label>
              <input
                id={`${optionsId}-text-${index}`}
                aria-label={`Option ${index + 1}`}
                value={option}
                onChange={(event) => setOption(index, event.target.value)}
              />
              <button
                type="button"
                className="icon"
                disabled={draft.options.length <= 2}
                onClick={() => removeOption(index)}
                aria-label={`Remove option ${index + 1}`}
              >
                ×
              </button>
            </div>
          ))}
          <button
            type="button"
            disabled={draft.options.length >= 8}
            onClick={() => set({ options: [...draft.options, ''] })}
          >
            Add option
          </button>
        </fieldset>
      )}
      {draft.type !== 'mcq' && (
        <RubricEditor draft={draft.rubric} onChange={(rubric) => set({ rubric })} />
      )}
      <div className="form-row">
        <TextField
          label="Reading time (seconds)"
          type="number"
          inputMode="numeric"
          min={1}
          max={600}
          value={draft.readingSeconds}
          onChange={(readingSeconds) => set({ readingSeconds })}
          hint="1 to 600"
        />
        <TextField
          label="Answer time (seconds)"
          type="number"
          inputMode="numeric"
          min={10}
          max={3600}
          value={draft.answerSeconds}
          onChange={(answerSeconds) => set({ answerSeconds })}
          hint="10 to 3600"
        />
      </div>
    </>
  );
}
