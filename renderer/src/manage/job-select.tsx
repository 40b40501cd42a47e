import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../trpc';
import { SelectField } from './ui';

/** The job picker every questionnaire form shares. */
export function JobSelect({
  token,
  value,
  onChange,
}: {
  token: string;
  value: number | null;
  onChange(jobId: number | null): void;
}) {
  const trpc = useTRPC();
  const jobs = useQuery(trpc.manage.listJobs.queryOptions({ token }));
  return (
    <SelectField
      label="Job"
      value={value === null ? '' : String(value)}
      onChange={(v) => onChange(v ? Number(v) : null)}
      options={[
        { value: '', label: 'Any job' },
        ...(jobs.data ?? []).map((j) => ({ value: String(j.id), label: j.title })),
      ]}
    />
  );
}
