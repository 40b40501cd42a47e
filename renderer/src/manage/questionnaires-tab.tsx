import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../trpc';
import { useFields, useRefreshThen } from './hooks';
import { QuestionnaireEditor } from './questionnaire-editor';
import type { QuestionnaireInput } from './types';
import { JobSelect } from './job-select';
import { DataTable, FormPanel, NewButton, Panel, TextField } from './ui';

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
          actions={<NewButton onClick={() => setCreating(true)}>New questionnaire</NewButton>}
        >
          <DataTable
            query={list}
            emptyText="No questionnaires yet."
            columns={[
              'Questionnaire',
              { label: 'Questions', num: true },
              { label: 'Interviews', num: true },
            ]}
          >
            {(rows) =>
              rows.map((q) => (
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
              ))
            }
          </DataTable>
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
  const [fields, set] = useFields<QuestionnaireInput>({
    title: '',
    jobId: null,
    retakesAllowed: 0,
  });
  const created = useRefreshThen(({ id }: { id: number }) => onCreated(id));
  const create = useMutation(
    trpc.manage.createQuestionnaire.mutationOptions({ onSuccess: created }),
  );
  return (
    <FormPanel
      title="New questionnaire"
      onSubmit={() => create.mutate({ token, questionnaire: fields })}
      submitLabel="Create questionnaire"
      disabled={create.isPending}
      onCancel={onCancel}
      error={create.error}
    >
      <TextField label="Title" value={fields.title} onChange={(title) => set({ title })} />
      <JobSelect token={token} value={fields.jobId} onChange={(jobId) => set({ jobId })} />
    </FormPanel>
  );
}
