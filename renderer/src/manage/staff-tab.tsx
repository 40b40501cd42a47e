import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../trpc';
import { formatDateTime } from './labels';
import type { StaffAccount, StaffAccountInput } from './types';
import { useFields } from './hooks';
import { StaffJobsForm } from './staff-jobs-form';
import {
  DataTable,
  ErrorText,
  FormPanel,
  Panel,
  SelectField,
  TextField,
  useRefreshManage,
} from './ui';

interface Issued {
  username: string;
  password: string;
  reason: 'created' | 'reset';
}

/** Admin only: staff accounts, with one-time passwords shown once. */
export function StaffTab({ token, selfId }: { token: string; selfId: number }) {
  const trpc = useTRPC();
  const refresh = useRefreshManage();
  const list = useQuery(trpc.manage.listStaff.queryOptions({ token }));
  const jobs = useQuery(trpc.manage.listJobs.queryOptions({ token }));
  const [issued, setIssued] = useState<Issued | null>(null);
  const [assigning, setAssigning] = useState<number | null>(null);
  const assigned = list.data?.find((u) => u.id === assigning);
  const titleOf = (jobId: number) => jobs.data?.find((j) => j.id === jobId)?.title ?? '';
  const reset = useMutation(
    trpc.manage.resetStaffPassword.mutationOptions({
      onSuccess: async (r) => {
        setIssued({ username: r.username, password: r.password, reason: 'reset' });
        await refresh();
      },
    }),
  );
  const unlock = useMutation(trpc.manage.unlockStaff.mutationOptions({ onSuccess: refresh }));
  const setActive = useMutation(trpc.manage.setStaffActive.mutationOptions({ onSuccess: refresh }));

  return (
    <div className="manage-grid">
      <Panel title="Staff accounts">
        <DataTable
          query={list}
          emptyText="No accounts."
          columns={['Username', 'Name', 'Role', 'Jobs', 'State']}
        >
          {(rows) =>
            rows.map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.username}</th>
                <td>{u.displayName}</td>
                <td>{u.role === 'admin' ? 'Admin' : 'Recruiter'}</td>
                <td>
                  {u.role === 'admin'
                    ? 'Every job'
                    : u.jobIds.length === 0
                      ? 'No jobs'
                      : u.jobIds.map(titleOf).join(', ')}
                </td>
                <td>{stateOf(u)}</td>
                <td className="row-actions">
                  {u.role === 'recruiter' && (
                    <button type="button" onClick={() => setAssigning(u.id)}>
                      Jobs<span className="visually-hidden"> of {u.username}</span>
                    </button>
                  )}
                  {u.id === selfId ? (
                    <span className="muted small">You</span>
                  ) : (
                    <>
                      {u.lockedUntil !== null && (
                        <button
                          type="button"
                          disabled={unlock.isPending}
                          onClick={() => unlock.mutate({ token, userId: u.id })}
                        >
                          Unlock<span className="visually-hidden"> {u.username}</span>
                        </button>
                      )}
                      <button
                        type="button"
                        disabled={reset.isPending}
                        onClick={() => reset.mutate({ token, userId: u.id })}
                      >
                        Reset password<span className="visually-hidden"> of {u.username}</span>
                      </button>
                      <button
                        type="button"
                        disabled={setActive.isPending}
                        onClick={() => setActive.mutate({ token, userId: u.id, active: !u.active })}
                      >
                        {u.active ? 'Switch off' : 'Switch on'}
                        <span className="visually-hidden"> {u.username}</span>
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))
          }
        </DataTable>
        <ErrorText error={reset.error ?? unlock.error ?? setActive.error} />
      </Panel>
      <div className="stack-gap">
        {assigned && (
          <StaffJobsForm
            key={assigned.id}
            token={token}
            account={assigned}
            onDone={() => setAssigning(null)}
          />
        )}
        {issued && <OneTimePassword issued={issued} onDone={() => setIssued(null)} />}
        <NewAccount token={token} onCreated={setIssued} />
      </div>
    </div>
  );
}

function stateOf(u: StaffAccount): string {
  if (!u.active) return 'Switched off: cannot sign in';
  if (u.lockedUntil !== null) return `Locked until ${formatDateTime(u.lockedUntil)}`;
  if (u.mustChangePassword) return 'Waiting for first sign-in';
  return 'Active';
}

function OneTimePassword({ issued, onDone }: { issued: Issued; onDone(): void }) {
  return (
    <Panel title={issued.reason === 'created' ? 'Account created' : 'Password reset'}>
      <div role="status" className="one-time">
        <p>
          Give this one-time password to <strong>{issued.username}</strong>. It is shown only now;
          they choose their own password when they first sign in.
        </p>
        <p>
          <code className="code big-code">{issued.password}</code>
        </p>
      </div>
      <div className="form-actions">
        <button type="button" className="primary" onClick={onDone}>
          I have passed it on
        </button>
      </div>
    </Panel>
  );
}

function NewAccount({ token, onCreated }: { token: string; onCreated(issued: Issued): void }) {
  const trpc = useTRPC();
  const refresh = useRefreshManage();
  const empty: StaffAccountInput = { username: '', displayName: '', role: 'recruiter' };
  const [fields, set, setFields] = useFields(empty);
  const create = useMutation(
    trpc.manage.createStaff.mutationOptions({
      onSuccess: async (r) => {
        onCreated({ username: r.username, password: r.password, reason: 'created' });
        setFields(empty);
        await refresh();
      },
    }),
  );
  return (
    <FormPanel
      title="New account"
      onSubmit={() => create.mutate({ token, account: fields })}
      submitLabel="Create account"
      disabled={create.isPending}
      error={create.error}
    >
      <TextField
        label="Username"
        value={fields.username}
        autoComplete="off"
        hint="Lowercase letters, digits, dots, dashes or underscores"
        onChange={(username) => set({ username })}
      />
      <TextField
        label="Display name"
        value={fields.displayName}
        autoComplete="off"
        onChange={(displayName) => set({ displayName })}
      />
      <SelectField<StaffAccountInput['role']>
        label="Role"
        value={fields.role}
        onChange={(role) => set({ role })}
        options={[
          { value: 'recruiter', label: 'Recruiter' },
          { value: 'admin', label: 'Admin (also manages staff accounts)' },
        ]}
      />
    </FormPanel>
  );
}
