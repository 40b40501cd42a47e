import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '../trpc';
import type { StaffAccount } from './types';
import { CheckboxField, FormPanel, ListState, useRefreshManage } from './ui';

/**
 * Admin only: the jobs a recruiter hires for. A recruiter sees, reviews, exports and is told
 * about only these jobs' interviews (as the candidates' consent notice says).
 */
export function StaffJobsForm({
  token,
  account,
  onDone,
}: {
  token: string;
  account: StaffAccount;
  onDone(): void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshManage();
  const jobs = useQuery(trpc.manage.listJobs.queryOptions({ token }));
  const [chosen, setChosen] = useState<Set<number>>(() => new Set(account.jobIds));
  // The form opens beside the table: take keyboard focus to its first job once they load.
  const boxes = useRef<HTMLFieldSetElement>(null);
  const loaded = jobs.data !== undefined;
  useEffect(() => {
    if (loaded) boxes.current?.querySelector('input')?.focus();
  }, [loaded]);
  const save = useMutation(
    trpc.manage.setStaffJobs.mutationOptions({
      onSuccess: async () => {
        await refresh();
        onDone();
      },
    }),
  );
  const toggle = (jobId: number, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(jobId);
      else next.delete(jobId);
      return next;
    });
  return (
    <FormPanel
      title={`Jobs of ${account.displayName}`}
      onSubmit={() => save.mutate({ token, userId: account.id, jobIds: [...chosen] })}
      submitLabel="Save jobs"
      disabled={save.isPending || !jobs.data}
      onCancel={onDone}
      error={save.error}
    >
      <fieldset className="field" ref={boxes}>
        <legend>
          {account.username} sees only the interviews of the jobs ticked here, and is told only
          about those.
        </legend>
        <ListState
          loading={jobs.isPending}
          error={jobs.error}
          empty={jobs.data?.length === 0}
          emptyText="No jobs yet."
        />
        {jobs.data?.map((job) => (
          <CheckboxField
            key={job.id}
            label={job.title}
            checked={chosen.has(job.id)}
            onChange={(on) => toggle(job.id, on)}
          />
        ))}
      </fieldset>
    </FormPanel>
  );
}
