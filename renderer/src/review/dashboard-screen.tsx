import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useDeferredValue } from 'react';
import { messageOf } from '../errors';
import { useScreenFocus } from '../screens/use-screen-focus';
import type { StaffSession } from '../staff/staff-store';
import { useTRPC } from '../trpc';
import {
  dateTime,
  EVENT_LABELS,
  STATE_LABELS,
  type Dashboard,
  type DashboardRow,
  type ReviewEvent,
  type ReviewState,
} from './format';
import { useReviewStore } from './review-store';
import { CsvExportControl, type CsvExportScope } from './csv-export';
import { PendingErasures } from './pending-erasures';
import { SyncBadge } from './sync-badge';

const STATES = Object.keys(STATE_LABELS) as ReviewState[];

function Flags({ row }: { row: DashboardRow }) {
  const entries = Object.entries(row.flags) as [ReviewEvent['type'], number][];
  if (entries.length === 0) return <span className="muted">None</span>;
  return (
    <ul className="flag-chips" aria-label={`${row.flagTotal} integrity flags`}>
      {entries.map(([type, count]) => (
        <li key={type} className={`flag-chip flag-${type}`}>
          {EVENT_LABELS[type]} <strong>{count}</strong>
        </li>
      ))}
    </ul>
  );
}

type Filter = { search?: string; state?: ReviewState; jobId?: number };

/** The list's filter in words, for the export to say what it follows. */
function describeFilter(filter: Filter, data: Dashboard | undefined): string[] {
  const parts: string[] = [];
  if (filter.state) parts.push(STATE_LABELS[filter.state]);
  if (filter.jobId !== undefined) {
    const job = data?.jobs.find((j) => j.id === filter.jobId);
    parts.push(`job ${job?.title ?? filter.jobId}`);
  }
  if (filter.search) parts.push(`matching “${filter.search}”`);
  return parts;
}

/**
 * The dashboard's export. It follows the list's filter, which the page says beside the button
 * (a filter set earlier and forgotten used to shorten the file silently), and offers all.
 */
function CsvExport({
  session,
  filter,
  data,
}: {
  session: StaffSession;
  filter: Filter;
  data: Dashboard | undefined;
}) {
  const trpc = useTRPC();
  const exportCsv = useMutation(trpc.review.exportCsv.mutationOptions());
  const parts = describeFilter(filter, data);
  const shown = data ? ` (${data.total})` : '';
  const scope: CsvExportScope =
    parts.length === 0
      ? { description: `Exports every interview you can see${shown}.` }
      : {
          description: `Exports only the interviews shown${shown}: ${parts.join(', ')}.`,
          onExportAll: () => exportCsv.mutate({ token: session.token }),
          exportAllLabel: 'Export all interviews as CSV',
        };
  return (
    <CsvExportControl
      pending={exportCsv.isPending}
      error={exportCsv.error}
      result={exportCsv.data}
      onExport={() => exportCsv.mutate({ token: session.token, ...filter })}
      scope={scope}
    />
  );
}

/** Interviews by state, with integrity flags, search and filters; opens a replay. */
export function DashboardScreen({ session }: { session: StaffSession }) {
  const trpc = useTRPC();
  const { search, state, jobId, sort, setSearch, setState, setJobId, setSort, openInterview } =
    useReviewStore();
  const heading = useScreenFocus<HTMLHeadingElement>();
  const deferredSearch = useDeferredValue(search.trim());
  const filter = {
    ...(deferredSearch ? { search: deferredSearch } : {}),
    ...(state ? { state } : {}),
    ...(jobId ? { jobId } : {}),
  };
  const board = useQuery({
    ...trpc.review.dashboard.queryOptions({
      token: session.token,
      ...filter,
      ...(sort === 'newest' ? {} : { sort }),
    }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  const data = board.data;
  const all = data ? STATES.reduce((sum, s) => sum + data.counts[s], 0) : 0;
  return (
    <div className="dashboard">
      <header className="dashboard-header">
        <h1 tabIndex={-1} ref={heading}>
          Interviews
        </h1>
        <CsvExport session={session} filter={filter} data={data} />
      </header>
      <PendingErasures token={session.token} />
      <div className="dashboard-filters" role="search">
        <div>
          <label htmlFor="review-search">Search candidate or job</label>
          <input
            id="review-search"
            type="search"
            value={search}
            maxLength={100}
            placeholder="Name or job title"
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="review-job">Job</label>
          <select
            id="review-job"
            value={jobId ?? ''}
            onChange={(e) => setJobId(e.target.value ? Number(e.target.value) : null)}
          >
            <option value="">All jobs</option>
            {data?.jobs.map((job) => (
              <option key={job.id} value={job.id}>
                {job.title}
              </option>
            ))}
          </select>
        </div>
      </div>
      <nav className="state-tabs" aria-label="Interview state">
        <button type="button" aria-pressed={state === null} onClick={() => setState(null)}>
          All <span className="count">{all}</span>
        </button>
        {STATES.map((s) => (
          <button key={s} type="button" aria-pressed={state === s} onClick={() => setState(s)}>
            {STATE_LABELS[s]} <span className="count">{data?.counts[s] ?? 0}</span>
          </button>
        ))}
      </nav>
      {board.isError && (
        <p role="alert" className="error">
          {messageOf(board.error)}
        </p>
      )}
      {data && data.interviews.length === 0 && <p className="panel muted">No interviews match.</p>}
      {data && data.interviews.length > 0 && (
        <table className="interview-table">
          <caption className="visually-hidden">
            {data.total} interviews{state ? `, ${STATE_LABELS[state]}` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Candidate</th>
              <th scope="col">Job</th>
              <th scope="col">State</th>
              <th scope="col">Session</th>
              <th scope="col">Integrity flags</th>
              <th scope="col">Decision</th>
              {data.sync && <th scope="col">Sync</th>}
              <th
                scope="col"
                aria-sort={
                  sort === 'screening_desc'
                    ? 'descending'
                    : sort === 'screening_asc'
                      ? 'ascending'
                      : 'none'
                }
              >
                {/* High first, then low first, then back to newest first. */}
                <button
                  type="button"
                  className="sort-button"
                  onClick={() =>
                    setSort(
                      sort === 'newest'
                        ? 'screening_desc'
                        : sort === 'screening_desc'
                          ? 'screening_asc'
                          : 'newest',
                    )
                  }
                >
                  Screening
                  <span aria-hidden="true">
                    {sort === 'screening_desc' ? ' ▼' : sort === 'screening_asc' ? ' ▲' : ''}
                  </span>
                </button>
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.interviews.map((row) => (
              <tr key={row.interviewId}>
                <th scope="row">
                  {row.candidateName}
                  {row.candidateEmail && <span className="sub">{row.candidateEmail}</span>}
                </th>
                <td>{row.jobTitle}</td>
                <td>
                  {row.interviewStatus === 'declined' ? (
                    // Declined consent: a choice the notice offers, not a closed, untaken slot.
                    <span className="state-pill state-declined">Declined</span>
                  ) : (
                    <span className={`state-pill state-${row.state}`}>
                      {STATE_LABELS[row.state]}
                    </span>
                  )}
                  {row.sessionStatus === 'interrupted' && <span className="sub">interrupted</span>}
                </td>
                <td>
                  {row.startedAt ? dateTime(row.startedAt) : `expires ${dateTime(row.expiresAt)}`}
                </td>
                <td>
                  <Flags row={row} />
                </td>
                <td>
                  {row.decision ? (
                    <>
                      {row.decision}
                      {row.overallScore !== null && (
                        <span className="sub">{row.overallScore}/100</span>
                      )}
                    </>
                  ) : (
                    <span className="muted">{row.applicationStatus}</span>
                  )}
                </td>
                {data.sync && (
                  <td>
                    <SyncBadge
                      sync={row.sessionId === null ? undefined : data.sync[row.sessionId]}
                    />
                  </td>
                )}
                <td className="num">
                  {row.screeningScore === null ? (
                    <span className="muted">—</span>
                  ) : (
                    row.screeningScore
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    className={row.state === 'to_review' ? 'primary small' : 'small'}
                    // The visible word first (WCAG 2.5.3), then whose interview it opens.
                    aria-label={`${row.state === 'to_review' ? 'Review' : 'Open'} ${row.candidateName}`}
                    onClick={() => openInterview(row.interviewId)}
                  >
                    {row.state === 'to_review' ? 'Review' : 'Open'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && data.total > data.interviews.length && (
        <p className="muted">
          Showing the newest {data.interviews.length} of {data.total}. Search or filter to narrow.
        </p>
      )}
    </div>
  );
}
