import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTRPC } from '../trpc';
import { DOMAIN_LABELS, formatSeconds, TYPE_LABELS } from './labels';
import {
  QuestionFieldsEditor,
  questionDraftOf,
  questionInputOf,
  type QuestionDraft,
} from './question-fields';
import type { QuestionDraftItem } from './types';
import { ErrorText, FormActions } from './ui';

function providerText(draft: QuestionDraftItem): string {
  if (draft.provider === 'gemini') return draft.model ? `Gemini (${draft.model})` : 'Gemini';
  return 'Offline';
}

/**
 * One proposed question: what it asks, why it was proposed and what it covers, with Edit,
 * Accept (into the bank) and Discard. Editing uses the bank's own question fields.
 */
export function DraftCard({
  token,
  draft,
  onDecided,
}: {
  token: string;
  draft: QuestionDraftItem;
  onDecided(message: string): Promise<unknown>;
}) {
  const trpc = useTRPC();
  const headingId = useId();
  // Drafts are named by id, which stays put while the ones around them are decided.
  const number = draft.id;
  const [editing, setEditing] = useState<QuestionDraft | null>(null);
  const accept = useMutation(
    trpc.screening.acceptDraft.mutationOptions({
      onSuccess: ({ questionId, existing }) =>
        onDecided(
          existing
            ? `Draft ${number} is already in the bank as question ${questionId}; it is offered for questionnaires as it is.`
            : `Draft ${number} was accepted into the bank as question ${questionId}.`,
        ),
    }),
  );
  const discard = useMutation(
    trpc.screening.discardDraft.mutationOptions({
      onSuccess: () => onDecided(`Draft ${number} was discarded.`),
    }),
  );
  const update = useMutation(
    trpc.screening.updateDraft.mutationOptions({
      onSuccess: async () => {
        setEditing(null);
        await onDecided(`Draft ${number} was saved.`);
      },
    }),
  );
  const pending = accept.isPending || discard.isPending || update.isPending;
  const q = draft.fields;

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (editing) update.mutate({ token, draftId: draft.id, question: questionInputOf(editing) });
  };

  return (
    <article className="draft-card" aria-labelledby={headingId}>
      <h4 id={headingId}>
        Draft {number} · {TYPE_LABELS[q.type]} · {DOMAIN_LABELS[q.domain]}
      </h4>
      {editing ? (
        <form className="form" onSubmit={save} aria-label={`Edit draft ${number}`}>
          <QuestionFieldsEditor draft={editing} onChange={setEditing} />
          <FormActions
            submitLabel="Save draft"
            disabled={pending}
            onCancel={() => setEditing(null)}
          >
            <button
              type="button"
              disabled={pending}
              onClick={() =>
                accept.mutate({ token, draftId: draft.id, question: questionInputOf(editing) })
              }
            >
              Accept as edited
            </button>
          </FormActions>
        </form>
      ) : (
        <>
          <p className="draft-prompt">{q.prompt}</p>
          {q.type === 'mcq' && (
            <ol className="draft-options" type="A">
              {q.options.map((o, i) => (
                <li key={o}>
                  {o}
                  {i === q.correctOption && <span className="badge tag-gap">Correct</span>}
                </li>
              ))}
            </ol>
          )}
          <p className="muted">{draft.note}</p>
          <dl className="draft-facts">
            <dt>Covers</dt>
            <dd>{draft.covers.length ? draft.covers.join(', ') : 'None of the requirements'}</dd>
            <dt>Proposed by</dt>
            <dd>{providerText(draft)}</dd>
            <dt>Reading / answer</dt>
            <dd>
              {formatSeconds(q.readingSeconds)} / {formatSeconds(q.answerSeconds)}
            </dd>
            {q.type !== 'mcq' && (
              <>
                <dt>Rubric</dt>
                <dd>
                  {q.rubric
                    ? q.rubric.criteria.map((c) => c.name).join(', ')
                    : 'None (scored by a person)'}
                </dd>
              </>
            )}
          </dl>
          <div className="form-actions">
            <button
              type="button"
              disabled={pending}
              onClick={() => setEditing(questionDraftOf(q, q))}
            >
              Edit<span className="visually-hidden"> draft {number}</span>
            </button>
            <button
              type="button"
              className="primary"
              disabled={pending}
              onClick={() => accept.mutate({ token, draftId: draft.id })}
            >
              Accept<span className="visually-hidden"> draft {number}</span>
            </button>
            <button
              type="button"
              className="danger"
              disabled={pending}
              onClick={() => discard.mutate({ token, draftId: draft.id })}
            >
              Discard<span className="visually-hidden"> draft {number}</span>
            </button>
          </div>
        </>
      )}
      <ErrorText error={accept.error ?? discard.error ?? update.error} />
    </article>
  );
}
