import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../trpc';
import { useEditing, useFields, useRefreshThen } from './hooks';
import { DOMAIN_LABELS, optionsWithBlank } from './labels';
import { QuestionDraftsPanel } from './question-drafts-panel';
import { requirementsDraftOf, requirementsOfDraft } from './requirements-draft';
import { RequirementsEditor } from './requirements-editor';
import type { Domain, Job, JobInput } from './types';
import {
  DataTable,
  ErrorText,
  FormPanel,
  NewButton,
  Panel,
  SelectField,
  TextArea,
  TextField,
  useRefreshManage,
} from './ui';

const EMPTY: JobInput = { title: '', department: null, description: '', domain: null };

/** The roles candidates interview for. */
export function JobsTab({ token }: { token: string }) {
  const trpc = useTRPC();
  const jobs = useQuery(trpc.manage.listJobs.queryOptions({ token }));
  const editing = useEditing<Job>();
  // The job whose proposed questions are open beside the list (one side panel at a time).
  const [proposingId, setProposingId] = useState<number | null>(null);
  const proposing = jobs.data?.find((j) => j.id === proposingId) ?? null;
  const refresh = useRefreshManage();
  const remove = useMutation(trpc.manage.deleteJob.mutationOptions({ onSuccess: refresh }));

  return (
    <div className="manage-grid">
      <Panel
        title="Jobs"
        actions={
          <NewButton
            onClick={() => {
              setProposingId(null);
              editing.startNew();
            }}
          >
            New job
          </NewButton>
        }
      >
        <DataTable
          query={jobs}
          emptyText="No jobs yet. Add the first role you are hiring for."
          columns={['Title', 'Department', 'Domain', { label: 'Interviews', num: true }]}
        >
          {(rows) =>
            rows.map((job) => (
              <tr key={job.id} aria-selected={editing.isEditing(job.id)}>
                <th scope="row">{job.title}</th>
                <td>{job.department ?? '—'}</td>
                <td>{job.domain ? DOMAIN_LABELS[job.domain] : '—'}</td>
                <td className="num">{job.interviewCount}</td>
                <td className="row-actions">
                  <button
                    type="button"
                    onClick={() => {
                      setProposingId(null);
                      editing.edit(job);
                    }}
                  >
                    Edit<span className="visually-hidden"> {job.title}</span>
                  </button>
                  <button
                    type="button"
                    aria-pressed={proposingId === job.id}
                    onClick={() => {
                      editing.close();
                      setProposingId(job.id);
                    }}
                  >
                    Propose questions<span className="visually-hidden"> for {job.title}</span>
                  </button>
                  {job.interviewCount === 0 && (
                    <button
                      type="button"
                      className="danger"
                      disabled={remove.isPending}
                      onClick={() => remove.mutate({ token, jobId: job.id })}
                    >
                      Delete<span className="visually-hidden"> {job.title}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))
          }
        </DataTable>
        <ErrorText error={remove.error} />
      </Panel>
      {editing.open && (
        <JobForm key={editing.key} token={token} job={editing.item} onDone={editing.close} />
      )}
      {proposing && !editing.open && (
        <QuestionDraftsPanel
          key={proposing.id}
          token={token}
          job={proposing}
          onClose={() => setProposingId(null)}
        />
      )}
    </div>
  );
}

function JobForm({ token, job, onDone }: { token: string; job: Job | null; onDone(): void }) {
  const trpc = useTRPC();
  const [fields, set] = useFields<JobInput>(
    job
      ? {
          title: job.title,
          department: job.department,
          description: job.description,
          domain: job.domain,
        }
      : EMPTY,
  );
  const [requirements, setRequirements] = useState(() =>
    requirementsDraftOf(job?.requirements ?? null),
  );
  const done = useRefreshThen(onDone);
  const create = useMutation(trpc.manage.createJob.mutationOptions({ onSuccess: done }));
  const update = useMutation(trpc.manage.updateJob.mutationOptions({ onSuccess: done }));
  const submit = () => {
    const withRequirements = { ...fields, requirements: requirementsOfDraft(requirements) };
    if (job) update.mutate({ token, jobId: job.id, job: withRequirements });
    else create.mutate({ token, job: withRequirements });
  };
  return (
    <FormPanel
      title={job ? `Edit “${job.title}”` : 'New job'}
      onSubmit={submit}
      submitLabel={job ? 'Save job' : 'Add job'}
      disabled={create.isPending || update.isPending}
      onCancel={onDone}
      error={create.error ?? update.error}
    >
      <TextField label="Title" value={fields.title} onChange={(title) => set({ title })} required />
      <TextField
        label="Department"
        value={fields.department ?? ''}
        onChange={(department) => set({ department: department || null })}
      />
      <SelectField<Domain | ''>
        label="Question domain"
        value={fields.domain ?? ''}
        onChange={(domain) => set({ domain: domain || null })}
        options={optionsWithBlank('None', DOMAIN_LABELS)}
      />
      <TextArea
        label="Description"
        rows={4}
        value={fields.description}
        onChange={(description) => set({ description })}
      />
      <RequirementsEditor draft={requirements} onChange={setRequirements} />
    </FormPanel>
  );
}
