import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '../trpc';
import type { Question } from './types';
import { useRefreshThen } from './hooks';
import { ErrorText, FormActions, Panel, Saved } from './ui';
import {
  QuestionFieldsEditor,
  questionDraftOf,
  questionInputOf,
  type QuestionDraft,
} from './question-fields';

/** Adds or edits one question; a question candidates have answered is read-only. */
export function QuestionForm({
  token,
  question,
  defaults,
  onDone,
}: {
  token: string;
  question: Question | null;
  defaults: Pick<QuestionDraft, 'domain' | 'type'>;
  onDone(): void;
}) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState(() => questionDraftOf(question, defaults));
  const [message, setMessage] = useState<string | null>(null);
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
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (question && !readOnly)
      update.mutate({ token, questionId: question.id, question: questionInputOf(draft) });
    else create.mutate({ token, question: questionInputOf(draft) });
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
        <QuestionFieldsEditor draft={draft} onChange={setDraft} />
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
              onClick={() => create.mutate({ token, question: questionInputOf(draft) })}
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
