import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../trpc';
import { CandidateDataCopy } from './candidate-data-copy';
import { CandidateErase } from './candidate-erase';
import { CandidateScreening } from './candidate-screening';
import { useEditing, useRefreshThen } from './hooks';
import { formatDate } from './labels';
import { useManageStore } from './manage-store';
import { ResumeUpload } from './resume-upload';
import type { Candidate } from './types';
import { DataTable, FormPanel, NewButton, Panel, SearchField, TextField } from './ui';

/** Candidates: add, correct, find, and schedule an interview for one. */
export function CandidatesTab({ token, isAdmin }: { token: string; isAdmin: boolean }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const editing = useEditing<Candidate>();
  const [copyOf, setCopyOf] = useState<Candidate | null>(null);
  const [eraseOf, setEraseOf] = useState<Candidate | null>(null);
  const [resumeOf, setResumeOf] = useState<Candidate | null>(null);
  const [screeningOf, setScreeningOf] = useState<Candidate | null>(null);
  const scheduleFor = useManageStore((s) => s.scheduleInterviewFor);
  const list = useQuery(
    trpc.manage.listCandidates.queryOptions({ token, search: search.trim() || undefined }),
  );

  return (
    <div className="manage-grid">
      <Panel
        title="Candidates"
        actions={<NewButton onClick={editing.startNew}>New candidate</NewButton>}
      >
        <div className="filters" role="search" aria-label="Find candidates">
          <SearchField label="Search by name or email" value={search} onChange={setSearch} />
        </div>
        <DataTable
          query={list}
          emptyText={search ? 'Nobody matches that search.' : 'No candidates yet.'}
          columns={['Name', 'Email', { label: 'Interviews', num: true }, 'Added']}
        >
          {(rows) =>
            rows.map((c) => (
              <tr key={c.id} aria-selected={editing.isEditing(c.id)}>
                <th scope="row">{c.fullName}</th>
                <td>{c.email ?? '—'}</td>
                <td className="num">{c.interviewCount}</td>
                <td className="nowrap">{formatDate(c.createdAt)}</td>
                <td className="row-actions">
                  <button type="button" onClick={() => editing.edit(c)}>
                    Edit<span className="visually-hidden"> {c.fullName}</span>
                  </button>
                  <button type="button" onClick={() => scheduleFor(c.id)}>
                    Schedule
                    <span className="visually-hidden"> an interview for {c.fullName}</span>
                  </button>
                  <button type="button" onClick={() => setResumeOf(c)}>
                    Résumé<span className="visually-hidden"> of {c.fullName}</span>
                  </button>
                  <button type="button" onClick={() => setScreeningOf(c)}>
                    Screening<span className="visually-hidden"> of {c.fullName}</span>
                  </button>
                  <button type="button" onClick={() => setCopyOf(c)}>
                    Copy of data<span className="visually-hidden"> of {c.fullName}</span>
                  </button>
                  {isAdmin && (
                    <button type="button" onClick={() => setEraseOf(c)}>
                      Erase<span className="visually-hidden"> {c.fullName}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))
          }
        </DataTable>
      </Panel>
      {resumeOf && (
        <Panel
          title={`Résumé of ${resumeOf.fullName}`}
          actions={
            <button type="button" onClick={() => setResumeOf(null)}>
              Close
            </button>
          }
        >
          <ResumeUpload key={resumeOf.id} token={token} candidateId={resumeOf.id} />
        </Panel>
      )}
      {eraseOf && (
        <CandidateErase
          key={eraseOf.id}
          token={token}
          candidate={eraseOf}
          onClose={() => setEraseOf(null)}
        />
      )}
      {screeningOf && (
        <CandidateScreening
          key={screeningOf.id}
          token={token}
          candidate={screeningOf}
          onClose={() => setScreeningOf(null)}
        />
      )}
      {copyOf && (
        <CandidateDataCopy
          key={copyOf.id}
          token={token}
          candidate={copyOf}
          onClose={() => setCopyOf(null)}
        />
      )}
      {editing.open && (
        <CandidateForm
          key={editing.key}
          token={token}
          candidate={editing.item}
          onDone={editing.close}
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
  const scheduleFor = useManageStore((s) => s.scheduleInterviewFor);
  const [fullName, setFullName] = useState(candidate?.fullName ?? '');
  const [email, setEmail] = useState(candidate?.email ?? '');
  const [created, setCreated] = useState<number | null>(null);
  const added = useRefreshThen(({ id }: { id: number }) => setCreated(id));
  const saved = useRefreshThen(onDone);
  const create = useMutation(trpc.manage.createCandidate.mutationOptions({ onSuccess: added }));
  const update = useMutation(trpc.manage.updateCandidate.mutationOptions({ onSuccess: saved }));
  const submit = () => {
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
    <FormPanel
      title={candidate ? `Edit ${candidate.fullName}` : 'New candidate'}
      onSubmit={submit}
      submitLabel={candidate ? 'Save candidate' : 'Add candidate'}
      disabled={create.isPending || update.isPending}
      onCancel={onDone}
      error={create.error ?? update.error}
    >
      <TextField label="Full name" value={fullName} onChange={setFullName} autoComplete="off" />
      <TextField
        label="Email (optional)"
        type="email"
        value={email}
        onChange={setEmail}
        autoComplete="off"
      />
    </FormPanel>
  );
}
