import { CsvExportControl } from '../review/csv-export';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { EVENT_TYPES, type EventType } from '../../../shared/enums';
import { messageOf } from '../errors';
import { EVENT_LABELS } from '../review/format';
import { useTRPC } from '../trpc';
import { FairnessChart } from './fairness-chart';
import { DIMENSION_TITLES, FairnessTable } from './fairness-table';
import { DateRangeFields, dateRangeFilter } from './date-range';
import { useFields } from './hooks';
import { JobSelect } from './job-select';
import { Panel, SelectField } from './ui';
import './fairness.css';

interface FilterFields {
  jobId: number | null;
  from: string;
  to: string;
}

/** The router's filter from the form; dates are whole UTC days, both ends included. */
function filterOf(fields: FilterFields) {
  return {
    ...(fields.jobId === null ? {} : { jobId: fields.jobId }),
    ...dateRangeFilter(fields),
  };
}

/**
 * Admin only: the bias audit of one job (or all) over a date range, from candidates' optional
 * self-identification: selection, scoring and flag rates by sex, race/ethnicity and both, each
 * with its impact ratio; as tables (the primary form), bar charts and a CSV file.
 */
export function FairnessTab({ token }: { token: string }) {
  const trpc = useTRPC();
  const [fields, setFields] = useFields<FilterFields>({ jobId: null, from: '', to: '' });
  const [flagChoice, setFlagChoice] = useState<EventType | ''>('');
  const filter = filterOf(fields);
  const report = useQuery({
    ...trpc.fairness.report.queryOptions({ token, filter }),
    placeholderData: keepPreviousData,
  });
  const data = report.data;
  const flagType: EventType = flagChoice || data?.eventTypes[0] || 'no_face';

  return (
    <div className="fairness-area">
      <Panel title="Bias audit" actions={<FairnessExport token={token} filter={filter} />}>
        <form className="audit-filter" role="search" onSubmit={(e) => e.preventDefault()}>
          <JobSelect
            token={token}
            value={fields.jobId}
            onChange={(jobId) => setFields({ jobId })}
          />
          <DateRangeFields
            labels={['Taken from', 'Taken to']}
            from={fields.from}
            to={fields.to}
            onChange={setFields}
          />
          <SelectField
            label="Flag type"
            value={flagType}
            options={EVENT_TYPES.map((type) => ({ value: type, label: EVENT_LABELS[type] }))}
            onChange={(type: EventType) => setFlagChoice(type)}
          />
        </form>
        {report.isError && (
          <p role="alert" className="error">
            {messageOf(report.error)}
          </p>
        )}
        {report.isPending && <p>Loading the report…</p>}
        {data && (
          <>
            <div className="fairness-about">
              <p aria-live="polite">
                {data.total} interview{data.total === 1 ? '' : 's'} taken
                {data.jobTitle ? ` for ${data.jobTitle}` : ''}; {data.scored} with an overall score
                {data.medianScore === null ? '' : `, median ${data.medianScore}`}.
              </p>
              <p>
                Categories come from candidates’ optional self-identification; nobody scoring sees
                them. Selection rate: the share moved forward (Passed or Offered). Scoring rate: the
                share of those scored with an overall score above the whole sample’s median. Flag
                rate: the share with at least one event of the chosen type. Each impact ratio is a
                category’s rate divided by the highest counted category’s rate. For flags the
                highest is the most-flagged category, so a low flag ratio means flagged less.
              </p>
              <p>
                <strong>The 0.8 line</strong> is the federal four-fifths rule of thumb (29 CFR
                1607.4(D)), not a requirement of NYC Local Law 144: a ratio below it is a reason to
                look closer, not a finding. <strong>Categories under 2 % of the data</strong> (fewer
                than {Number(data.exclusionCount.toFixed(2))} interviews here) are shown as excluded
                and have no impact ratio.
              </p>
            </div>
            {[data.sex, data.raceEthnicity, data.intersection].map((dimension) => (
              <section
                key={dimension.dimension}
                className="fairness-dimension"
                aria-labelledby={`fairness-${dimension.dimension}`}
              >
                <h3 id={`fairness-${dimension.dimension}`}>
                  {DIMENSION_TITLES[dimension.dimension]}
                </h3>
                <FairnessTable report={dimension} flagType={flagType} />
                <FairnessChart report={dimension} />
              </section>
            ))}
          </>
        )}
      </Panel>
    </div>
  );
}

function FairnessExport({ token, filter }: { token: string; filter: ReturnType<typeof filterOf> }) {
  const trpc = useTRPC();
  const exporter = useMutation(trpc.fairness.exportCsv.mutationOptions());
  return (
    <CsvExportControl
      pending={exporter.isPending}
      error={exporter.error}
      result={exporter.data}
      onExport={() => exporter.mutate({ token, filter })}
    />
  );
}
