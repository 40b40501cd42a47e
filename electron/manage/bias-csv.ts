import { EVENT_TYPES } from '../../shared/enums';
import { csvField } from '../review/interviews-csv';
import { FOUR_FIFTHS, type BiasReport, type CategoryRow, type Rate } from './bias-math';

const DIMENSION_LABELS = {
  sex: 'Sex',
  raceEthnicity: 'Race/ethnicity',
  intersection: 'Sex and race/ethnicity',
} as const;

const HEADER = [
  'Dimension',
  'Category',
  'Interviews',
  'Excluded (under 2 % of the data)',
  'Selected (Passed or Offered)',
  'Selection rate',
  'Selection impact ratio',
  'Scored',
  'Scoring above the median',
  'Scoring rate',
  'Scoring impact ratio',
  ...EVENT_TYPES.flatMap((type) => [`Flag rate: ${type}`, `Flag impact ratio: ${type}`]),
  'Selection or scoring impact ratio below 0.8 (four-fifths rule of thumb, 29 CFR 1607.4(D))',
];

const fixed = (value: number | null) => (value === null ? '' : value.toFixed(4));

/**
 * Which of a row's favourable-outcome ratios fall below the four-fifths line. Not the flag
 * ratios: a flag is the unfavourable outcome, so there the reference category (1.0) is the one
 * flagged most, and a low ratio means flagged less.
 */
function belowLine(row: CategoryRow): string {
  const ratios: [string, Rate][] = [
    ['selection', row.selection],
    ['scoring', row.scoring],
  ];
  return ratios
    .filter(([, r]) => r.impactRatio !== null && r.impactRatio < FOUR_FIFTHS)
    .map(([name]) => name)
    .join('; ');
}

/**
 * The report as CSV (CRLF, a BOM): a line per category of each dimension, then a line per
 * dimension counting the interviews whose category is unknown. Figures only: no names.
 */
export function biasReportCsv(report: BiasReport): string {
  const lines = [HEADER.map(csvField).join(',')];
  for (const dimension of [report.sex, report.raceEthnicity, report.intersection]) {
    const label = DIMENSION_LABELS[dimension.dimension];
    for (const row of dimension.rows) {
      lines.push(
        [
          label,
          row.label,
          row.count,
          row.excluded ? 'yes' : 'no',
          row.selection.hits,
          fixed(row.selection.rate),
          fixed(row.selection.impactRatio),
          row.scored,
          row.scoring.hits,
          fixed(row.scoring.rate),
          fixed(row.scoring.impactRatio),
          ...EVENT_TYPES.flatMap((type) => [
            fixed(row.flags[type].rate),
            fixed(row.flags[type].impactRatio),
          ]),
          belowLine(row),
        ]
          .map(csvField)
          .join(','),
      );
    }
    lines.push(
      [label, 'Unknown or prefer not to say (not counted)', dimension.unknown]
        .map(csvField)
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
