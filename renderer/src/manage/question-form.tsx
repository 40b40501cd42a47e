import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTRPC } from '../trpc';
import { DOMAIN_LABELS, optionsOf, TYPE_LABELS } from './labels';
import type { Domain, Question, QuestionInput, QuestionType } from './types';
import { useRefreshThen } from './hooks';
import { ErrorText, FormActions, Panel, Saved, SelectField, TextArea, TextField } from './ui';
import { RubricEditor } from './rubric-editor';
import { rubricDraftOf, rubricOf, type RubricDraft } from './rubric-draft';

interface Draft {
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

function draftOf(question: Question | null, defaults: Pick<Draft, 'domain' | 'type'>): Draft {
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
    rubric: rubricDraftOf(question.rubric),
  };
}

// Numbers go to the station as typed; its checks say what is wrong with them.
function inputOf(draft: Draft): QuestionInput {
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

/** Adds or edits one question; a question candidates have answered is read-only. */
export function QuestionForm({
  token,
  question,
  defaults,
  onDone,
}: {
  token: string;
  question: Question | null;
  defaults: Pick<Draft, 'domain' | 'type'>;
  onDone(): void;
}) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState(() => draftOf(question, defaults));
  const [message, setMessage] = useState<string | null>(null);
  const optionsId = useId();
  const done = useRefreshThen(onDone);
  const removed = useRefreshThen(({ outcome }: { outcome: string }) => {
    if (outcome === 'archived') {
      setMessage('Candidates have answered this question, so it was archived, not deleted.');
    } else onDone();
  });
  const create = useMutation(trpc.manage.createQuestion.mutationOptions({ onSuccess: done }));
  const update = useMutation(trpc.manage.updateQuestion.mutationOptions({ onSuccess: done }));
  const remove = useMutation(trpc.manage.removeQuestion.mutationOptions({ onSuccess: removed }));
  const restore = useMutation(trpc.manage.restoreQuestion.mutationOptions({ onSuccess: done }));
  const error = create.error ?? update.error ?? remove.error ?? restore.error;
  const pending = create.isPending || update.isPending || remove.isPending || restore.isPending;
  const readOnly = Boolean(question && (question.used || question.archived));
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
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

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (question && !readOnly)
      update.mutate({ token, questionId: question.id, question: inputOf(draft) });
    else create.mutate({ token, question: inputOf(draft) });
  };
  const title = !question
    ? 'New question'
    : readOnly
      ? `Question ${question.id}`
      : `Edit question ${question.id}`;

  return (
    <Panel title={title}>
      {question?.used && (
        <p className="note">
          Candidates have answered this question, so it stays as it was for their reviews. Change it
          below and save it as a new question instead.
        </p>
      )}
      {question?.archived && (
        <p className="note">This question is archived: it is not offered for new questionnaires.</p>
      )}
      <form onSubmit={submit} className="form">
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
        <FormActions
          submitLabel={
            !question ? 'Add question' : readOnly ? 'Save as new question' : 'Save question'
          }
          disabled={pending}
          onCancel={onDone}
          cancelLabel="Close"
        >
          {question && !readOnly && (
            <button
              type="button"
              disabled={pending}
              onClick={() => create.mutate({ token, question: inputOf(draft) })}
            >
              Save as new
            </button>
          )}
          {question && !question.archived && (
            <button
              type="button"
              className="danger"
              disabled={pending}
              onClick={() => remove.mutate({ token, questionId: question.id })}
            >
              {question.used ? 'Archive' : 'Delete'}
            </button>
          )}
          {question?.archived && (
            <button
              type="button"
              disabled={pending}
              onClick={() => restore.mutate({ token, questionId: question.id })}
            >
              Restore
            </button>
          )}
        </FormActions>
        {message && <Saved>{message}</Saved>}
        <ErrorText error={error} />
      </form>
    </Panel>
  );
}
