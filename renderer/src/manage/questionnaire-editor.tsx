import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTRPC } from '../trpc';
import { DOMAIN_LABELS, formatSeconds, TYPE_LABELS } from './labels';
import { JobSelect } from './job-select';
import type { QuestionnaireDetail, QuestionnaireInput } from './types';
import { useRefreshThen } from './hooks';
import {
  ErrorText,
  FormActions,
  Panel,
  Saved,
  SelectField,
  TextField,
  useRefreshManage,
} from './ui';

/** One questionnaire: its settings, and its questions in the order candidates get them. */
export function QuestionnaireEditor({
  token,
  questionnaireId,
  onOpen,
  onClose,
}: {
  token: string;
  questionnaireId: number;
  onOpen(id: number): void;
  onClose(): void;
}) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.manage.getQuestionnaire.queryOptions({ token, questionnaireId }));
  if (detail.isPending) return <Panel title="Questionnaire">Loading…</Panel>;
  if (detail.error) {
    return (
      <Panel title="Questionnaire">
        <ErrorText error={detail.error} />
      </Panel>
    );
  }
  return (
    <>
      <SettingsForm token={token} detail={detail.data} onOpen={onOpen} onClose={onClose} />
      <QuestionOrder token={token} detail={detail.data} />
    </>
  );
}

function SettingsForm({
  token,
  detail,
  onOpen,
  onClose,
}: {
  token: string;
  detail: QuestionnaireDetail;
  onOpen(id: number): void;
  onClose(): void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshManage();
  const [fields, setFields] = useState<QuestionnaireInput>({
    title: detail.title,
    jobId: detail.jobId,
    retakesAllowed: detail.retakesAllowed,
  });
  const update = useMutation(
    trpc.manage.updateQuestionnaire.mutationOptions({ onSuccess: refresh }),
  );
  const opened = useRefreshThen(({ id }: { id: number }) => onOpen(id));
  const duplicate = useMutation(
    trpc.manage.duplicateQuestionnaire.mutationOptions({ onSuccess: opened }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ token, questionnaireId: detail.id, questionnaire: fields });
  };
  return (
    <Panel
      title={detail.title}
      actions={
        <button type="button" onClick={onClose}>
          Close
        </button>
      }
    >
      {detail.locked && (
        <p className="note">
          Candidates have taken this questionnaire, so its questions and retakes stay as they were.
          You can still rename it, or duplicate it to make a new version.
        </p>
      )}
      <form className="form" onSubmit={submit}>
        <TextField
          label="Title"
          value={fields.title}
          onChange={(title) => setFields((f) => ({ ...f, title }))}
        />
        <div className="form-row">
          <JobSelect
            token={token}
            value={fields.jobId}
            onChange={(jobId) => setFields((f) => ({ ...f, jobId }))}
          />
          <SelectField
            label="Retakes allowed"
            value={String(fields.retakesAllowed)}
            disabled={detail.locked}
            onChange={(v) => setFields((f) => ({ ...f, retakesAllowed: Number(v) }))}
            options={[0, 1, 2, 3, 4, 5].map((n) => ({
              value: String(n),
              label: n === 0 ? 'None' : `${n} per audio or video answer`,
            }))}
          />
        </div>
        <FormActions submitLabel="Save settings" disabled={update.isPending}>
          <button
            type="button"
            disabled={duplicate.isPending}
            onClick={() => duplicate.mutate({ token, questionnaireId: detail.id })}
          >
            Duplicate
          </button>
        </FormActions>
        {update.isSuccess && <Saved>Settings saved.</Saved>}
        <ErrorText error={update.error ?? duplicate.error} />
      </form>
    </Panel>
  );
}

function QuestionOrder({ token, detail }: { token: string; detail: QuestionnaireDetail }) {
  const trpc = useTRPC();
  const refresh = useRefreshManage();
  const bank = useQuery(trpc.manage.listQuestions.queryOptions({ token, filter: {} }));
  const [toAdd, setToAdd] = useState('');
  // After a move, focus follows the moved question's button so keyboard users keep their place.
  const focusAfter = useRef<string | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const save = useMutation(
    trpc.manage.setQuestionnaireQuestions.mutationOptions({ onSuccess: refresh }),
  );
  const ids = detail.questions.map((q) => q.id);
  const setOrder = (next: number[], focusKey: string | null) => {
    focusAfter.current = focusKey;
    save.mutate({ token, questionnaireId: detail.id, questionIds: next });
  };
  useEffect(() => {
    const key = focusAfter.current;
    if (!key) return;
    const target = list.current?.querySelector<HTMLButtonElement>(`[data-focus="${key}"]`);
    if (target && !target.disabled) {
      target.focus();
      focusAfter.current = null;
    }
    // The buttons are disabled while the change is saved, so wait for both.
  }, [detail, save.isPending]);

  const move = (index: number, by: -1 | 1) => {
    const next = [...ids];
    const [moved] = next.splice(index, 1);
    if (moved === undefined) return;
    next.splice(index + by, 0, moved);
    const newIndex = index + by;
    // At the top or bottom the button in that direction disables, so focus the other one.
    const direction =
      newIndex === 0 ? 'down' : newIndex === next.length - 1 ? 'up' : by < 0 ? 'up' : 'down';
    setOrder(next, `${moved}-${direction}`);
  };
  const inList = new Set(ids);
  const available = (bank.data ?? []).filter((q) => !q.archived && !inList.has(q.id));
  const totalSeconds = detail.questions.reduce((s, q) => s + q.readingSeconds + q.answerSeconds, 0);

  return (
    <Panel title={`Questions (${detail.questions.length})`}>
      {detail.questions.length === 0 ? (
        <p className="muted">No questions yet. Add them from the bank below.</p>
      ) : (
        <p className="muted">
          Candidates get them in this order. About {Math.ceil(totalSeconds / 60)} minutes in all.
        </p>
      )}
      <ol className="order-list" ref={list}>
        {detail.questions.map((q, index) => (
          <li key={q.id}>
            <span className="order-number" aria-hidden="true">
              {index + 1}
            </span>
            <div className="order-text">
              <span>{q.prompt}</span>
              <span className="muted small">
                {TYPE_LABELS[q.type]} · {DOMAIN_LABELS[q.domain]} ·{' '}
                {formatSeconds(q.readingSeconds)} reading, {formatSeconds(q.answerSeconds)} answer
                {q.archived ? ' · archived' : ''}
              </span>
            </div>
            <div className="order-actions">
              <button
                type="button"
                data-focus={`${q.id}-up`}
                disabled={detail.locked || save.isPending || index === 0}
                onClick={() => move(index, -1)}
                aria-label={`Move question ${index + 1} up`}
              >
                ↑
              </button>
              <button
                type="button"
                data-focus={`${q.id}-down`}
                disabled={detail.locked || save.isPending || index === detail.questions.length - 1}
                onClick={() => move(index, 1)}
                aria-label={`Move question ${index + 1} down`}
              >
                ↓
              </button>
              <button
                type="button"
                className="danger"
                disabled={detail.locked || save.isPending}
                onClick={() =>
                  setOrder(
                    ids.filter((id) => id !== q.id),
                    null,
                  )
                }
                aria-label={`Remove question ${index + 1}`}
              >
                Remove
              </button>
            </div>
          </li>
        ))}
      </ol>
      {!detail.locked && (
        <form
          className="add-question"
          onSubmit={(event) => {
            event.preventDefault();
            if (!toAdd) return;
            setOrder([...ids, Number(toAdd)], null);
            setToAdd('');
          }}
        >
          <SelectField
            label="Add a question from the bank"
            value={toAdd}
            onChange={setToAdd}
            options={[
              {
                value: '',
                label: available.length ? 'Choose a question…' : 'No more questions in the bank',
              },
              ...available.map((q) => ({
                value: String(q.id),
                label: `${DOMAIN_LABELS[q.domain]} · ${TYPE_LABELS[q.type]} — ${q.prompt.length > 90 ? `${q.prompt.slice(0, 90)}…` : q.prompt}`,
              })),
            ]}
          />
          <button type="submit" className="primary" disabled={!toAdd || save.isPending}>
            Add question
          </button>
        </form>
      )}
      <ErrorText error={save.error} />
    </Panel>
  );
}
