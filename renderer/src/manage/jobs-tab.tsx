import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '../trpc';
import { DOMAIN_LABELS, DOMAINS } from './labels';
import type { Domain, Job, JobInput } from './types';
import {
  ErrorText,
  ListState,
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
  const [editing, setEditing] = useState<Job | 'new' | null>(null);
  const refresh = useRefreshManage();
  const remove = useMutation(trpc.manage.deleteJob.mutationOptions({ onSuccess: refresh }));

  return (
    <div className="manage-grid">
      <Panel
        title="Jobs"
        actions={
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            New job
          </button>
        }
      >
        <ListState
          loading={jobs.isPending}
          error={jobs.error}
          empty={jobs.data?.length === 0}
          emptyText="No jobs yet. Add the first role you are hiring for."
        />
        {jobs.data && jobs.data.length > 0 && (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Department</th>
                <th scope="col">Domain</th>
                <th scope="col" className="num">
                  Interviews
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {jobs.data.map((job) => (
                <tr key={job.id} aria-selected={editing !== 'new' && editing?.id === job.id}>
                  <th scope="row">{job.title}</th>
                  <td>{job.department ?? '—'}</td>
                  <td>{job.domain ? DOMAIN_LABELS[job.domain] : '—'}</td>
                  <td className="num">{job.interviewCount}</td>
                  <td className="row-actions">
                    <button type="button" onClick={() => setEditing(job)}>
                      Edit<span className="visually-hidden"> {job.title}</span>
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
              ))}
            </tbody>
          </table>
        )}
        <ErrorText error={remove.error} />
      </Panel>
      {editing && (
        <JobForm
          key={editing === 'new' ? 'new' : editing.id}
          token={token}
          job={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
    </div>
  );
}

function JobForm({ token, job, onDone }: { token: string; job: Job | null; onDone(): void }) {
  const trpc = useTRPC();
  const refresh = useRefreshManage();
  const [fields, setFields] = useState<JobInput>(
    job
      ? {
          title: job.title,
          department: job.department,
          description: job.description,
          domain: job.domain,
        }
      : EMPTY,
  );
  const done = async () => {
    await refresh();
    onDone();
  };
  const create = useMutation(trpc.manage.createJob.mutationOptions({ onSuccess: done }));
  const update = useMutation(trpc.manage.updateJob.mutationOptions({ onSuccess: done }));
  const pending = create.isPending || update.isPending;
  const set = (patch: Partial<JobInput>) => setFields((f) => ({ ...f, ...patch }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (job) update.mutate({ token, jobId: job.id, job: fields });
    else create.mutate({ token, job: fields });
  };
  return (
    <Panel title={job ? `Edit “${job.title}”` : 'New job'}>
      <form onSubmit={submit} className="form">
        <TextField
          label="Title"
          value={fields.title}
          onChange={(title) => set({ title })}
          required
        />
        <TextField
          label="Department"
          value={fields.department ?? ''}
          onChange={(department) => set({ department: department || null })}
        />
        <SelectField<Domain | ''>
          label="Question domain"
          value={fields.domain ?? ''}
          onChange={(domain) => set({ domain: domain || null })}
          options={[
            { value: '', label: 'None' },
            ...DOMAINS.map((d) => ({ value: d, label: DOMAIN_LABELS[d] })),
          ]}
        />
        <TextArea
          label="Description"
          rows={4}
          value={fields.description}
          onChange={(description) => set({ description })}
        />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={pending}>
            {job ? 'Save job' : 'Add job'}
          </button>
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        </div>
        <ErrorText error={create.error ?? update.error} />
      </form>
    </Panel>
  );
}
