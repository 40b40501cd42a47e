import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTRPC } from '../trpc';
import { formatDate } from './labels';
import { useManageStore } from './manage-store';
import type { Candidate } from './types';
import { ErrorText, ListState, Panel, TextField, useRefreshManage } from './ui';

/** Candidates: add, correct, find, and schedule an interview for one. */
export function CandidatesTab({ token }: { token: string }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<Candidate | 'new' | null>(null);
  const scheduleFor = useManageStore((s) => s.scheduleInterviewFor);
  const searchId = useId();
  const list = useQuery(
    trpc.manage.listCandidates.queryOptions({ token, search: search.trim() || undefined }),
  );

  return (
    <div className="manage-grid">
      <Panel
        title="Candidates"
        actions={
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            New candidate
          </button>
        }
      >
        <div className="filters" role="search" aria-label="Find candidates">
          <div className="field grow">
            <label htmlFor={searchId}>Search by name or email</label>
            <input
              id={searchId}
              type="search"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
            />
          </div>
        </div>
        <ListState
          loading={list.isPending}
          error={list.error}
          empty={list.data?.length === 0}
          emptyText={search ? 'Nobody matches that search.' : 'No candidates yet.'}
        />
        {list.data && list.data.length > 0 && (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col" className="num">
                  Interviews
                </th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((c) => (
                <tr key={c.id} aria-selected={editing !== 'new' && editing?.id === c.id}>
                  <th scope="row">{c.fullName}</th>
                  <td>{c.email ?? '—'}</td>
                  <td className="num">{c.interviewCount}</td>
                  <td className="nowrap">{formatDate(c.createdAt)}</td>
                  <td className="row-actions">
                    <button type="button" onClick={() => setEditing(c)}>
                      Edit<span className="visually-hidden"> {c.fullName}</span>
                    </button>
                    <button type="button" onClick={() => scheduleFor(c.id)}>
                      Schedule
                      <span className="visually-hidden"> an interview for {c.fullName}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      {editing && (
        <CandidateForm
          key={editing === 'new' ? 'new' : editing.id}
          token={token}
          candidate={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
    </div>
  );
}

function CandidateForm({
  token,
  candidate,
  onDone,
}: {
  token: string;
  candidate: Candidate | null;
  onDone(): void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshManage();
  const scheduleFor = useManageStore((s) => s.scheduleInterviewFor);
  const [fullName, setFullName] = useState(candidate?.fullName ?? '');
  const [email, setEmail] = useState(candidate?.email ?? '');
  const [created, setCreated] = useState<number | null>(null);
  const create = useMutation(
    trpc.manage.createCandidate.mutationOptions({
      onSuccess: async ({ id }) => {
        await refresh();
        setCreated(id);
      },
    }),
  );
  const update = useMutation(
    trpc.manage.updateCandidate.mutationOptions({
      onSuccess: async () => {
        await refresh();
        onDone();
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const fields = { fullName, email };
    if (candidate) update.mutate({ token, candidateId: candidate.id, candidate: fields });
    else create.mutate({ token, candidate: fields });
  };
  if (created !== null) {
    return (
      <Panel title="Candidate added">
        <p role="status">{fullName} is now on the list.</p>
        <div className="form-actions">
          <button type="button" className="primary" onClick={() => scheduleFor(created)}>
            Schedule an interview for {fullName}
          </button>
          <button type="button" onClick={onDone}>
            Done
          </button>
        </div>
      </Panel>
    );
  }
  return (
    <Panel title={candidate ? `Edit ${candidate.fullName}` : 'New candidate'}>
      <form className="form" onSubmit={submit}>
        <TextField label="Full name" value={fullName} onChange={setFullName} autoComplete="off" />
        <TextField
          label="Email (optional)"
          type="email"
          value={email}
          onChange={setEmail}
          autoComplete="off"
        />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={create.isPending || update.isPending}>
            {candidate ? 'Save candidate' : 'Add candidate'}
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
