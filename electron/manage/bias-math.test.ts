import { describe, expect, it } from 'vitest';
import type { EventType } from '../../shared/enums';
import { buildBiasReport, median, type BiasPerson, type CategoryRow } from './bias-math';

/**
 * `count` interviews of one category: the first `selected` moved forward, scores handed out in
 * order from `scores` ([how many, score]; the rest unscored), flags likewise from `flags`.
 */
function group(
  count: number,
  who: Pick<BiasPerson, 'sex' | 'raceEthnicity'>,
  selected: number,
  scores: [number, number][],
  flags: [number, EventType[]][] = [],
): BiasPerson[] {
  const spread = <T>(runs: [number, T][]): (T | null)[] =>
    runs.flatMap(([n, value]) => Array<T>(n).fill(value));
  const scoreList = spread(scores);
  const flagList = spread(flags);
  return Array.from({ length: count }, (_, i) => ({
    ...who,
    selected: i < selected,
    score: scoreList[i] ?? null,
    flags: flagList[i] ?? [],
  }));
}

/**
 * 60 interviews:
 *   female, White                  20: 10 selected; 10 × 80, 10 × 40;        4 looking away
 *   male, White                    20: 16 selected; 12 × 70,  8 × 50;        2 looking away, 1 no face
 *   female, Asian                  10:  4 selected;  5 × 90,  1 × 40, 4 unscored; 5 looking away
 *   male, Black                     5:  2 selected;  5 × 60
 *   male, Two or More Races         1:  1 selected;  1 × 100
 *   sex unknown, White              2:  1 selected;  2 × 30
 *   female, race unknown            2:  0 selected;  2 × 55
 */
const SAMPLE: BiasPerson[] = [
  ...group(
    20,
    { sex: 'female', raceEthnicity: 'white' },
    10,
    [
      [10, 80],
      [10, 40],
    ],
    [[4, ['looking_away']]],
  ),
  ...group(
    20,
    { sex: 'male', raceEthnicity: 'white' },
    16,
    [
      [12, 70],
      [8, 50],
    ],
    [
      [2, ['looking_away']],
      [1, ['no_face']],
    ],
  ),
  ...group(
    10,
    { sex: 'female', raceEthnicity: 'asian' },
    4,
    [
      [5, 90],
      [1, 40],
    ],
    [[5, ['looking_away']]],
  ),
  ...group(5, { sex: 'male', raceEthnicity: 'black_or_african_american' }, 2, [[5, 60]]),
  ...group(1, { sex: 'male', raceEthnicity: 'two_or_more_races' }, 1, [[1, 100]]),
  ...group(2, { sex: null, raceEthnicity: 'white' }, 1, [[2, 30]]),
  ...group(2, { sex: 'female', raceEthnicity: null }, 0, [[2, 55]]),
];

const row = (rows: CategoryRow[], key: string): CategoryRow => {
  const found = rows.find((r) => r.key === key);
  if (!found) throw new Error(`no row ${key}`);
  return found;
};

describe('bias report maths', () => {
  it('takes the median of an odd and an even count', () => {
    expect(median([5, 1, 3])).toBe(3);
    // (3 + 5) / 2
    expect(median([10, 1, 5, 3])).toBe(4);
    expect(median([])).toBeNull();
  });

  it('matches the hand-computed example', () => {
    const report = buildBiasReport(SAMPLE);
    // 20 + 20 + 10 + 5 + 1 + 2 + 2
    expect(report.total).toBe(60);
    // 20 + 20 + 6 + 5 + 1 + 2 + 2 scored; sorted: 30×2 [1–2], 40×11 [3–13], 50×8 [14–21],
    // 55×2 [22–23], 60×5 [24–28], 70×12 [29–40], 80×10, 90×5, 100×1.
    expect(report.scored).toBe(56);
    // Even count: the mean of the 28th (60) and 29th (70) scores.
    expect(report.medianScore).toBe(65);
    // 2 % of 60 = 1.2: a category of 1 is excluded.
    expect(report.exclusionCount).toBeCloseTo(1.2);

    const { sex, raceEthnicity, intersection } = report;
    expect(sex.unknown).toBe(2);
    expect(raceEthnicity.unknown).toBe(2);
    // Either unknown: 2 + 2.
    expect(intersection.unknown).toBe(4);

    // Sex. Female 20 + 10 + 2 = 32, selected 10 + 4 + 0 = 14; male 20 + 5 + 1 = 26, selected
    // 16 + 2 + 1 = 19.
    const female = row(sex.rows, 'female');
    const male = row(sex.rows, 'male');
    expect([female.count, female.selection.hits]).toEqual([32, 14]);
    expect([male.count, male.selection.hits]).toEqual([26, 19]);
    expect(female.selection.rate).toBeCloseTo(0.4375); // 14 / 32
    expect(male.selection.rate).toBeCloseTo(0.730769); // 19 / 26
    expect(male.selection.impactRatio).toBe(1);
    expect(female.selection.impactRatio).toBeCloseTo(0.598684); // (14/32) / (19/26) = 364/608
    // Scoring above 65: female 10 (80) + 5 (90) + 0 of 20 + 6 + 2 = 28 scored = 15/28;
    // male 12 (70) + 0 + 1 (100) of 20 + 5 + 1 = 26 scored = 13/26.
    expect([female.scored, female.scoring.hits]).toEqual([28, 15]);
    expect([male.scored, male.scoring.hits]).toEqual([26, 13]);
    expect(female.scoring.impactRatio).toBe(1);
    expect(male.scoring.impactRatio).toBeCloseTo(0.933333); // 0.5 / (15/28) = 14/15
    // Looking away: female 4 + 5 = 9 of 32; male 2 of 26.
    expect(female.flags.looking_away.rate).toBeCloseTo(0.28125);
    expect(male.flags.looking_away.impactRatio).toBeCloseTo(0.273504); // (2/26) / (9/32)
    // No face: male 1 of 26 is the highest; female 0 of 32.
    expect(male.flags.no_face.impactRatio).toBe(1);
    expect(female.flags.no_face.impactRatio).toBe(0);

    // Race/ethnicity. White 20 + 20 + 2 = 42, selected 10 + 16 + 1 = 27; Asian 4 of 10;
    // Black 2 of 5; Two or More Races 1 of 1, excluded (1 < 1.2) though its rate is 100 %.
    const white = row(raceEthnicity.rows, 'white');
    const asian = row(raceEthnicity.rows, 'asian');
    const black = row(raceEthnicity.rows, 'black_or_african_american');
    const twoOrMore = row(raceEthnicity.rows, 'two_or_more_races');
    expect(white.selection.rate).toBeCloseTo(0.642857); // 27 / 42 = 9/14
    expect(white.selection.impactRatio).toBe(1);
    expect(asian.selection.impactRatio).toBeCloseTo(0.622222); // 0.4 / (9/14) = 5.6/9
    expect(black.selection.impactRatio).toBeCloseTo(0.622222); // 0.4 / (9/14)
    expect(twoOrMore.excluded).toBe(true);
    expect(twoOrMore.selection.rate).toBe(1);
    expect(twoOrMore.selection.impactRatio).toBeNull();
    const hispanic = row(raceEthnicity.rows, 'hispanic_or_latino');
    expect([hispanic.count, hispanic.excluded, hispanic.selection.rate]).toEqual([0, true, null]);
    // Scoring above 65: White 10 + 12 + 0 of 42 = 22/42; Asian 5 of 6 scored; Black 0 of 5.
    expect(asian.scoring.rate).toBeCloseTo(0.833333);
    expect(asian.scoring.impactRatio).toBe(1);
    expect(white.scoring.impactRatio).toBeCloseTo(0.628571); // (22/42) / (5/6) = 132/210
    expect(black.scoring.impactRatio).toBe(0);
    // Looking away: White 4 + 2 = 6 of 42 = 1/7; Asian 5 of 10 = 0.5.
    expect(white.flags.looking_away.impactRatio).toBeCloseTo(0.285714); // (1/7) / 0.5

    // Intersections. Selection: female White 10/20 = 0.5, male White 16/20 = 0.8 (highest),
    // female Asian 4/10 = 0.4, male Black 2/5 = 0.4; male Two or More Races excluded.
    const rates = (key: string) => {
      const r = row(intersection.rows, key);
      return [r.selection.impactRatio, r.scoring.impactRatio, r.flags.looking_away.impactRatio];
    };
    expect(intersection.rows).toHaveLength(14); // 2 sexes × 7 races/ethnicities
    // Selection 0.5/0.8; scoring 10/20 ÷ 5/6 = 0.6; looking away 4/20 ÷ 5/10 = 0.4.
    rates('female+white').forEach((v, i) => expect(v).toBeCloseTo([0.625, 0.6, 0.4][i] ?? 0));
    // Selection 0.8/0.8; scoring 12/20 ÷ 5/6 = 0.72; looking away 2/20 ÷ 5/10 = 0.2.
    rates('male+white').forEach((v, i) => expect(v).toBeCloseTo([1, 0.72, 0.2][i] ?? 0));
    // Selection 0.4/0.8; scoring 5/6 ÷ 5/6 = 1; looking away 5/10 ÷ 5/10 = 1.
    rates('female+asian').forEach((v, i) => expect(v).toBeCloseTo([0.5, 1, 1][i] ?? 0));
    // Selection 0.4/0.8; scoring 0/5 = 0; looking away 0.
    rates('male+black_or_african_american').forEach((v, i) =>
      expect(v).toBeCloseTo([0.5, 0, 0][i] ?? 0),
    );
    expect(row(intersection.rows, 'male+two_or_more_races').excluded).toBe(true);
    expect(report.eventTypes).toEqual(['no_face', 'looking_away']);
  });

  it('gives no ratios when nobody in the sample has the outcome', () => {
    const report = buildBiasReport(group(10, { sex: 'female', raceEthnicity: 'asian' }, 0, []));
    const female = row(report.sex.rows, 'female');
    expect(female.selection.rate).toBe(0);
    expect(female.selection.impactRatio).toBeNull();
    expect(female.scoring.rate).toBeNull();
    expect(report.medianScore).toBeNull();
  });
});
