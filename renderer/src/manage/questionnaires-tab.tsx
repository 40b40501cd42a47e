import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '../trpc';
import { QuestionnaireEditor } from './questionnaire-editor';
import type { QuestionnaireInput } from './types';
import { JobSelect } from './job-select';
import { ErrorText, ListState, Panel, TextField, useRefreshManage } from './ui';

/** Questionnaires: an ordered set of questions, the retakes allowed, and the job it is for. */
export function QuestionnairesTab({ token }: { token: string }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.manage.listQuestionnaires.queryOptions({ token }));
  const [selected, setSelected] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);

  return (
    <div className="manage-grid wide-editor">
      <div className="stack-gap">
        <Panel
          title="Questionnaires"
          actions={
            <button type="button" className="primary" onClick={() => setCreating(true)}>
              New questionnaire
            </button>
          }
        >
          <ListState
            loading={list.isPending}
            error={list.error}
            empty={list.data?.length === 0}
            emptyText="No questionnaires yet."
          />
          {list.data && list.data.length > 0 && (
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Questionnaire</th>
                  <th scope="col" className="num">
                    Questions
                  </th>
                  <th scope="col" className="num">
                    Interviews
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((q) => (
                  <tr key={q.id} aria-selected={selected === q.id}>
                    <th scope="row">
                      {q.title}
                      {q.locked && (
                        <span className="tags">
                          <span className="badge muted-badge">In use</span>
                        </span>
                      )}
                      <span className="muted small block">
                        {q.jobTitle ?? 'Any job'} ·{' '}
                        {q.retakesAllowed === 0
                          ? 'no retakes'
                          : `${q.retakesAllowed} retake${q.retakesAllowed === 1 ? '' : 's'}`}
                      </span>
                    </th>
                    <td className="num">{q.questionCount}</td>
                    <td className="num">{q.interviewCount}</td>
                    <td className="row-actions">
                      <button
                        type="button"
                        onClick={() => {
                          setCreating(false);
                          setSelected(q.id);
                        }}
                      >
                        Open<span className="visually-hidden"> {q.title}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
      </div>
      <div className="stack-gap">
        {creating && (
          <NewQuestionnaire
            token={token}
            onCreated={(id) => {
              setCreating(false);
              setSelected(id);
            }}
            onCancel={() => setCreating(false)}
          />
        )}
        {selected !== null && !creating && (
          <QuestionnaireEditor
            key={selected}
            token={token}
            questionnaireId={selected}
            onOpen={setSelected}
            onClose={() => setSelected(null)}
          />
        )}
      </div>
    </div>
  );
}

function NewQuestionnaire({
  token,
  onCreated,
  onCancel,
}: {
  token: string;
  onCreated(id: number): void;
  onCancel(): void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshManage();
  const [fields, setFields] = useState<QuestionnaireInput>({
    title: '',
    jobId: null,
    retakesAllowed: 0,
  });
  const create = useMutation(
    trpc.manage.createQuestionnaire.mutationOptions({
      onSuccess: async ({ id }) => {
        await refresh();
        onCreated(id);
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ token, questionnaire: fields });
  };
  return (
    <Panel title="New questionnaire">
      <form className="form" onSubmit={submit}>
        <TextField
          label="Title"
          value={fields.title}
          onChange={(title) => setFields((f) => ({ ...f, title }))}
        />
        <JobSelect
          token={token}
          value={fields.jobId}
          onChange={(jobId) => setFields((f) => ({ ...f, jobId }))}
        />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            Create questionnaire
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
        <ErrorText error={create.error} />
      </form>
    </Panel>
  );
}
