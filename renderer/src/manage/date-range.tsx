import { TextField } from './ui';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A filter's date range as the routers take it: whole UTC days, both ends included. */
export function dateRangeFilter(range: { from: string; to: string }): {
  from?: number;
  to?: number;
} {
  const day = (value: string) => (value ? Date.parse(`${value}T00:00:00Z`) : NaN);
  const from = day(range.from);
  const to = day(range.to);
  return {
    ...(Number.isFinite(from) ? { from } : {}),
    ...(Number.isFinite(to) ? { to: to + DAY_MS - 1 } : {}),
  };
}

/** Two labelled date inputs, start and end of a filter's range. */
export function DateRangeFields({
  labels,
  from,
  to,
  onChange,
}: {
  labels: [string, string];
  from: string;
  to: string;
  onChange(range: { from?: string; to?: string }): void;
}) {
  return (
    <>
      <TextField
        label={labels[0]}
        type="date"
        value={from}
        onChange={(v) => onChange({ from: v })}
      />
      <TextField label={labels[1]} type="date" value={to} onChange={(v) => onChange({ to: v })} />
    </>
  );
}
