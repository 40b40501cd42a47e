import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../electron/api/router';
import type { EventType } from '../../../shared/enums';
import { EVENT_LABELS } from '../review/format';

export type BiasReport = inferRouterOutputs<AppRouter>['fairness']['report'];
export type DimensionReport = BiasReport['sex'];
type Row = DimensionReport['rows'][number];
type Rate = Row['selection'];

/** The federal four-fifths rule of thumb (29 CFR 1607.4(D)), not part of NYC's law. */
export const FOUR_FIFTHS = 0.8;

export const DIMENSION_TITLES: Record<DimensionReport['dimension'], string> = {
  sex: 'Sex',
  raceEthnicity: 'Race/ethnicity',
  intersection: 'Sex and race/ethnicity',
};

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)} %`);

function RateCell({ rate, of }: { rate: Rate; of: number }) {
  return (
    <td>
      {percent(rate.rate)}
      {rate.rate !== null && <span className="muted"> ({`${rate.hits} of ${of}`})</span>}
    </td>
  );
}

/**
 * An impact ratio, said in words as well as shown: "below 0.8" is text, not only a colour.
 * For flags (`adverse`), the reference is the most-flagged category, so no line is marked.
 */
function RatioCell({ row, rate, adverse }: { row: Row; rate: Rate; adverse?: boolean }) {
  if (row.excluded) return <td className="muted">Excluded</td>;
  if (rate.impactRatio === null) return <td>—</td>;
  const below = !adverse && rate.impactRatio < FOUR_FIFTHS;
  return (
    <td className={below ? 'fairness-below' : undefined}>
      {rate.impactRatio.toFixed(2)}
      {below && ' (below 0.8)'}
    </td>
  );
}

/** One dimension of the report as a table: the primary, accessible form of the figures. */
export function FairnessTable({
  report,
  flagType,
}: {
  report: DimensionReport;
  flagType: EventType;
}) {
  const title = DIMENSION_TITLES[report.dimension];
  return (
    <div className="fairness-table-wrap">
      <table className="data-table fairness-table">
        <caption>
          {title}: rates and impact ratios by category (flag rate: {EVENT_LABELS[flagType]})
        </caption>
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col">Interviews</th>
            <th scope="col">Selection rate</th>
            <th scope="col">Selection impact ratio</th>
            <th scope="col">Scoring rate</th>
            <th scope="col">Scoring impact ratio</th>
            <th scope="col">Flag rate</th>
            <th scope="col">Flag impact ratio</th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">
                {row.label}
                {row.excluded && row.count > 0 && (
                  <span className="muted"> (under 2 % of the data)</span>
                )}
              </th>
              <td>{row.count}</td>
              <RateCell rate={row.selection} of={row.count} />
              <RatioCell row={row} rate={row.selection} />
              <RateCell rate={row.scoring} of={row.scored} />
              <RatioCell row={row} rate={row.scoring} />
              <RateCell rate={row.flags[flagType]} of={row.count} />
              <RatioCell row={row} rate={row.flags[flagType]} adverse />
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        Unknown or “prefer not to say”: {report.unknown} interview
        {report.unknown === 1 ? '' : 's'}, not counted in any {title.toLowerCase()} category.
      </p>
    </div>
  );
}
