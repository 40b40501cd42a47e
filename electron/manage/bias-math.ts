/**
 * The bias report's arithmetic, as NYC Local Law 144's rules define it (6 RCNY § 5-300):
 * selection rate = the share of a category moved forward; scoring rate = the share of a
 * category scoring above the whole sample's median; impact ratio = a category's rate divided
 * by the highest category's rate; for sex, race/ethnicity and each intersection; a category
 * under 2 % of the data may be left out of the impact ratios, and is said to be. Pure: the
 * service (bias-report.ts) reads the rows, this only counts.
 */
import { EVENT_TYPES, type EventType } from '../../shared/enums';
import {
  KNOWN_RACE_ETHNICITY,
  KNOWN_SEX,
  RACE_ETHNICITY_LABELS,
  SEX_LABELS,
  type RaceEthnicityCategory,
  type SexCategory,
} from '../../shared/self-identification';

/** Categories under this share of the data are excluded from the impact ratios. */
export const EXCLUSION_SHARE = 0.02;
/** The federal four-fifths rule of thumb (29 CFR 1607.4(D)); not part of NYC's law. */
export const FOUR_FIFTHS = 0.8;

/** One interview in the sample; a null category is unknown (unanswered or "prefer not to say"). */
export interface BiasPerson {
  sex: Exclude<SexCategory, 'prefer_not_to_say'> | null;
  raceEthnicity: Exclude<RaceEthnicityCategory, 'prefer_not_to_say'> | null;
  /** Moved forward: the application is Passed or Offered. */
  selected: boolean;
  /** The overall score, or null when nobody has scored the interview yet. */
  score: number | null;
  /** The proctoring event types the session has at least one of. */
  flags: readonly EventType[];
}

/** A rate and its impact ratio; both null where they cannot be computed. */
export interface Rate {
  /** How many of the denominator have the outcome. */
  hits: number;
  rate: number | null;
  impactRatio: number | null;
}

export interface CategoryRow {
  /** `female`, `asian`, or `female+asian` for an intersection. */
  key: string;
  label: string;
  count: number;
  /** Under 2 % of the data: no impact ratio, and never the reference category. */
  excluded: boolean;
  selection: Rate;
  /** How many of the category have an overall score: the scoring rate's denominator. */
  scored: number;
  scoring: Rate;
  flags: Record<EventType, Rate>;
}

export type Dimension = 'sex' | 'raceEthnicity' | 'intersection';

export interface DimensionReport {
  dimension: Dimension;
  rows: CategoryRow[];
  /** Interviews whose category here is unknown (unanswered, skipped or "prefer not to say"). */
  unknown: number;
}

export interface BiasReport {
  total: number;
  scored: number;
  /** The whole sample's median overall score; null when nothing is scored. */
  medianScore: number | null;
  /** Categories with fewer interviews than this are excluded (2 % of the total). */
  exclusionCount: number;
  sex: DimensionReport;
  raceEthnicity: DimensionReport;
  intersection: DimensionReport;
  /** The event types at least one interview in the sample has. */
  eventTypes: EventType[];
}

/** The median of some numbers (the mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}

/** Fills in each row's impact ratio against the highest rate among the rows not excluded. */
function withImpactRatios(rows: { excluded: boolean; rate: Rate }[]): void {
  const rates = rows.filter((r) => !r.excluded).map((r) => r.rate.rate ?? 0);
  const highest = Math.max(0, ...rates);
  for (const row of rows) {
    row.rate.impactRatio =
      row.excluded || row.rate.rate === null || highest === 0 ? null : row.rate.rate / highest;
  }
}

const rateOf = (hits: number, of: number): Rate => ({
  hits,
  rate: of === 0 ? null : hits / of,
  impactRatio: null,
});

function categoryRow(
  key: string,
  label: string,
  members: BiasPerson[],
  cutoff: number,
  medianScore: number | null,
): CategoryRow {
  const scoredMembers = members.filter((p) => p.score !== null);
  const above = scoredMembers.filter((p) => medianScore !== null && (p.score ?? 0) > medianScore);
  const flags = Object.fromEntries(
    EVENT_TYPES.map((type) => [
      type,
      rateOf(members.filter((p) => p.flags.includes(type)).length, members.length),
    ]),
  ) as Record<EventType, Rate>;
  return {
    key,
    label,
    count: members.length,
    excluded: members.length < cutoff,
    selection: rateOf(members.filter((p) => p.selected).length, members.length),
    scored: scoredMembers.length,
    scoring: rateOf(above.length, scoredMembers.length),
    flags,
  };
}

function dimensionReport(
  dimension: Dimension,
  categories: { key: string; label: string; has: (p: BiasPerson) => boolean }[],
  people: BiasPerson[],
  known: (p: BiasPerson) => boolean,
  cutoff: number,
  medianScore: number | null,
): DimensionReport {
  const rows = categories.map((c) =>
    categoryRow(c.key, c.label, people.filter(c.has), cutoff, medianScore),
  );
  withImpactRatios(rows.map((r) => ({ excluded: r.excluded, rate: r.selection })));
  withImpactRatios(rows.map((r) => ({ excluded: r.excluded, rate: r.scoring })));
  for (const type of EVENT_TYPES) {
    withImpactRatios(rows.map((r) => ({ excluded: r.excluded, rate: r.flags[type] })));
  }
  return { dimension, rows, unknown: people.filter((p) => !known(p)).length };
}

/** The whole report for a sample of interviews. */
export function buildBiasReport(people: BiasPerson[]): BiasReport {
  const scores = people.flatMap((p) => (p.score === null ? [] : [p.score]));
  const medianScore = median(scores);
  const cutoff = people.length * EXCLUSION_SHARE;
  const sexes = KNOWN_SEX.map((sex) => ({
    key: sex,
    label: SEX_LABELS[sex],
    has: (p: BiasPerson) => p.sex === sex,
  }));
  const races = KNOWN_RACE_ETHNICITY.map((race) => ({
    key: race,
    label: RACE_ETHNICITY_LABELS[race],
    has: (p: BiasPerson) => p.raceEthnicity === race,
  }));
  const both = sexes.flatMap((sex) =>
    races.map((race) => ({
      key: `${sex.key}+${race.key}`,
      label: `${sex.label}, ${race.label}`,
      has: (p: BiasPerson) => sex.has(p) && race.has(p),
    })),
  );
  return {
    total: people.length,
    scored: scores.length,
    medianScore,
    exclusionCount: cutoff,
    sex: dimensionReport('sex', sexes, people, (p) => p.sex !== null, cutoff, medianScore),
    raceEthnicity: dimensionReport(
      'raceEthnicity',
      races,
      people,
      (p) => p.raceEthnicity !== null,
      cutoff,
      medianScore,
    ),
    intersection: dimensionReport(
      'intersection',
      both,
      people,
      (p) => p.sex !== null && p.raceEthnicity !== null,
      cutoff,
      medianScore,
    ),
    eventTypes: EVENT_TYPES.filter((type) => people.some((p) => p.flags.includes(type))),
  };
}
