import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { messageOf } from '../errors';
import { CsvExportControl } from '../review/csv-export';
import { useTRPC } from '../trpc';
import { DateRangeFields, dateRangeFilter } from './date-range';
import { useFields } from './hooks';
import { formatDateTimeSeconds } from './labels';
import { Panel, SelectField, TextField } from './ui';

const PAGE_SIZE = 50;

type ActorKind = 'station' | 'candidate' | 'recruiter' | 'admin';

interface FilterFields {
  /** '' anyone, a kind, or `staff:<id>` for one account. */
  who: string;
  action: string;
  interview: string;
  from: string;
  to: string;
}

const EMPTY: FilterFields = { who: '', action: '', interview: '', from: '', to: '' };

/** The router's filter from the form; dates are whole UTC days, both ends included. */
function filterOf(fields: FilterFields) {
  const staff = /^staff:(\d+):(recruiter|admin)$/.exec(fields.who);
  const interviewId = Number(fields.interview);
  return {
    ...(staff
      ? { actorKind: staff[2] as ActorKind, actorId: Number(staff[1]) }
      : fields.who
        ? { actorKind: fields.who as ActorKind }
        : {}),
    ...(fields.action ? { action: fields.action } : {}),
    ...(Number.isInteger(interviewId) && interviewId > 0 ? { interviewId } : {}),
    ...dateRangeFilter(fields),
  };
}

function actorLabel(row: {
  actorKind: ActorKind;
  actorId: number | null;
  actorName: string | null;
}) {
  if (row.actorKind === 'station') return 'The station';
  if (row.actorKind === 'candidate') return 'A candidate';
  const role = row.actorKind === 'admin' ? 'Admin' : 'Recruiter';
  return row.actorName ? `${row.actorName} (${role})` : `${role} #${row.actorId ?? '?'}`;
}

/** Admin only: who did what and when, filtered, page after page, and exported as CSV. */
export function AuditTab({ token }: { token: string }) {
  const trpc = useTRPC();
  const [fields, setFields] = useFields<FilterFields>(EMPTY);
  const filter = filterOf(fields);
  const staff = useQuery(trpc.manage.listStaff.queryOptions({ token }));
  const actions = useQuery(trpc.audit.actions.queryOptions({ token }));
  const pages = useInfiniteQuery(
    trpc.audit.page.infiniteQueryOptions(
      { token, filter, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const rows = pages.data?.pages.flatMap((page) => page.rows) ?? [];
  const who = [
    { value: '', label: 'Anyone' },
    { value: 'station', label: 'The station' },
    { value: 'candidate', label: 'Candidates' },
    { value: 'recruiter', label: 'Any recruiter' },
    { value: 'admin', label: 'Any admin' },
    ...(staff.data ?? []).map((u) => ({
      value: `staff:${u.id}:${u.role}`,
      label: `${u.displayName} (${u.username})`,
    })),
  ];

  return (
    <div className="audit-area">
      <Panel title="Audit log" actions={<AuditExport token={token} filter={filter} />}>
        <form className="audit-filter" role="search" onSubmit={(e) => e.preventDefault()}>
          <SelectField
            label="Who"
            value={fields.who}
            options={who}
            onChange={(v) => setFields({ who: v })}
          />
          <SelectField
            label="What"
            value={fields.action}
            options={[
              { value: '', label: 'Any action' },
              ...(actions.data ?? []).map((a) => ({ value: a, label: a.replaceAll('_', ' ') })),
            ]}
            onChange={(v) => setFields({ action: v })}
          />
          <TextField
            label="Interview number"
            inputMode="numeric"
            value={fields.interview}
            onChange={(v) => setFields({ interview: v.replace(/\D/g, '') })}
          />
          <DateRangeFields
            labels={['From', 'To']}
            from={fields.from}
            to={fields.to}
            onChange={setFields}
          />
          <button type="button" onClick={() => setFields(EMPTY)}>
            Clear filters
          </button>
        </form>
        {pages.isError && (
          <p role="alert" className="error">
            {messageOf(pages.error)}
          </p>
        )}
        <table className="data-table audit-table">
          <caption className="visually-hidden">Audit log entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Subject</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>{formatDateTimeSeconds(row.at)}</td>
                <td>{actorLabel(row)}</td>
                <th scope="row">{row.action.replaceAll('_', ' ')}</th>
                <td>{row.subjectType ? `${row.subjectType} ${row.subjectId ?? ''}` : ''}</td>
                <td className="audit-details">{row.details ? JSON.stringify(row.details) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted" aria-live="polite">
          {pages.isPending
            ? 'Loading…'
            : rows.length === 0
              ? 'No entries match these filters.'
              : `${rows.length} entr${rows.length === 1 ? 'y' : 'ies'} shown${pages.hasNextPage ? '; older ones follow' : ''}.`}
        </p>
        {pages.hasNextPage && (
          <button
            type="button"
            disabled={pages.isFetchingNextPage}
            onClick={() => void pages.fetchNextPage()}
          >
            {pages.isFetchingNextPage ? 'Loading…' : 'Show older entries'}
          </button>
        )}
      </Panel>
    </div>
  );
}

function AuditExport({ token, filter }: { token: string; filter: ReturnType<typeof filterOf> }) {
  const trpc = useTRPC();
  const exporter = useMutation(trpc.audit.exportCsv.mutationOptions());
  const result = useMemo(
    () =>
      exporter.data === undefined ? undefined : { csv: exporter.data, fileName: 'audit-log.csv' },
    [exporter.data],
  );
  return (
    <CsvExportControl
      pending={exporter.isPending}
      error={exporter.error}
      result={result}
      onExport={() => exporter.mutate({ token, filter })}
    />
  );
}
