import { DIMENSION_TITLES, FOUR_FIFTHS, type DimensionReport } from './fairness-table';

/** Impact ratios run from 0 to 1 (the highest category); the scale stops a little past it. */
const SCALE = 1.05;
const at = (ratio: number) => `${((ratio / SCALE) * 100).toFixed(1)}%`;

/**
 * Bars of the selection and scoring impact ratios of the categories counted, with the 0.8
 * line. A picture of the table above it, hidden from screen readers, which read the table;
 * its summary in words follows it for everyone.
 */
export function FairnessChart({ report }: { report: DimensionReport }) {
  const rows = report.rows.filter((r) => !r.excluded);
  if (rows.length === 0) return null;
  const below = rows.filter(
    (r) =>
      (r.selection.impactRatio ?? 1) < FOUR_FIFTHS || (r.scoring.impactRatio ?? 1) < FOUR_FIFTHS,
  );
  return (
    <figure className="fairness-chart">
      <div aria-hidden="true">
        <p className="fairness-legend">
          <span className="fairness-key fairness-selection" /> Selection impact ratio
          <span className="fairness-key fairness-scoring" /> Scoring impact ratio
          <span className="fairness-key fairness-line-key" /> 0.8 (four-fifths rule of thumb)
        </p>
        {rows.map((row) => (
          <div key={row.key} className="fairness-bar-row">
            <span className="fairness-bar-label">{row.label}</span>
            <span className="fairness-bars">
              <span className="fairness-line" style={{ left: at(FOUR_FIFTHS) }} />
              {[row.selection, row.scoring].map((rate, i) => (
                <span
                  key={i}
                  className={`fairness-bar ${i === 0 ? 'fairness-selection' : 'fairness-scoring'}`}
                  style={{ width: at(rate.impactRatio ?? 0) }}
                >
                  {rate.impactRatio === null ? '—' : rate.impactRatio.toFixed(2)}
                </span>
              ))}
            </span>
          </div>
        ))}
      </div>
      <figcaption className="muted">
        {DIMENSION_TITLES[report.dimension]}:{' '}
        {below.length === 0
          ? 'no counted category has a selection or scoring impact ratio below 0.8.'
          : `below 0.8 in selection or scoring: ${below.map((r) => r.label).join('; ')}.`}
      </figcaption>
    </figure>
  );
}
